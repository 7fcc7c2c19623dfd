package dev.poststack.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The postgres image built by {@code poststack build-images postgres}, run in the real engine: its
 * entrypoint (password, init scripts, settings), shutdown and health check. Containers publish 5432 on
 * 127.0.0.1 only, on a random host port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresImageIT {

    private static final String NS = "poststack-it-pg";
    private static final String IMAGE = NS + "/postgres:latest";
    private static final String PASSWORD = "it-secret-pw";
    private static final ExposedPort PG = ExposedPort.tcp(5432);
    private static final Map<String, String> LABELS = Map.of("dev.poststack.managed", "true", "dev.poststack.test", NS);

    @TempDir
    static Path dir;
    private EngineFixture engine;
    private DockerClient docker;
    private final List<String> containers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> volumes = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void buildTheImage() throws Exception {
        engine = new EngineFixture();
        docker = engine.docker();
        engine.removeImages(NS);
        TestProject project = TestProject.copyOfRepo(dir.resolve("project"), NS);
        Cli.Run run = project.cli().run("build-images", "postgres");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @AfterAll
    void removeContainersVolumesAndImages() {
        for (String id : containers) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        for (String name : volumes) {
            try {
                docker.removeVolumeCmd(name).exec();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        engine.removeImages(NS);
        engine.close();
    }

    @Test
    void startsWithPasswordAnswersOverTcpAndRefusesAWrongPassword() throws Exception {
        String id = start(create(Map.of("POSTGRES_PASSWORD", PASSWORD), volume()));
        int port = awaitQuery(id, "postgres", PASSWORD, Duration.ofSeconds(120));

        try (Connection c = connect(port, "postgres", PASSWORD); Statement s = c.createStatement()) {
            assertThat(single(s, "select current_user")).isEqualTo("postgres");
            assertThat(single(s, "show shared_preload_libraries")).isEqualTo("pg_cron,pg_squeeze,pg_stat_statements");
            assertThat(single(s, "show cron.database_name")).isEqualTo("postgres");
            s.execute("CREATE EXTENSION vector");
            s.execute("CREATE EXTENSION pg_cron");
            s.execute("CREATE EXTENSION pg_stat_statements");
            assertThat(single(s, "select '[1,2]'::vector <-> '[1,3]'::vector")).isEqualTo("1");
        }
        assertThatThrownBy(() -> connect(port, "postgres", "wrong-password").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThat(logs(id)).doesNotContain(PASSWORD);
        assertThat(exec(id, "id")).startsWith("uid=100(postgres) gid=102(postgres)");
    }

    @Test
    void withoutAPasswordTheContainerExitsQuicklyWithOneLineReason() {
        String id = start(create(Map.of(), volume()));

        int exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(30, TimeUnit.SECONDS);

        assertThat(exit).isNotZero();
        assertThat(logs(id).strip()).isEqualTo(
                "poststack-postgres: error: POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE must be set to initialise the database");
    }

    @Test
    void passwordFileWorks() throws Exception {
        Path secret = dir.resolve("pgpass");
        Files.writeString(secret, "from-a-file\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        String id = start(create(Map.of("POSTGRES_PASSWORD_FILE", "/run/secrets/pgpass", "POSTGRES_USER", "app"),
                volume(), new Bind(secret.toString(), new Volume("/run/secrets/pgpass"))));

        int port = awaitQuery(id, "app", "from-a-file", Duration.ofSeconds(120));

        try (Connection c = connect(port, "app", "from-a-file"); Statement s = c.createStatement()) {
            assertThat(single(s, "select current_database()")).isEqualTo("app");
            s.execute("CREATE EXTENSION pg_cron");
        }
    }

    @Test
    void initScriptsRunOnceAndDataSurvivesAStopAndANewContainer() throws Exception {
        Path init = Files.createDirectories(dir.resolve("initdb"));
        Files.writeString(init.resolve("10-table.sql"),
                "CREATE TABLE init_runs (n int); INSERT INTO init_runs VALUES (1);\n", StandardCharsets.UTF_8);
        Files.writeString(init.resolve("20-more.sh"),
                "#!/bin/sh\nset -e\npsql -X -q -v ON_ERROR_STOP=1 -c 'INSERT INTO init_runs VALUES (2)'\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(init.resolve("10-table.sql"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(init.resolve("20-more.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        String volume = volume();
        Bind scripts = new Bind(init.toString(), new Volume("/docker-entrypoint-initdb.d"));
        Map<String, String> env = Map.of("POSTGRES_PASSWORD", PASSWORD, "POSTGRES_DB", "shop");

        String first = start(create(env, volume, scripts));
        int port = awaitQuery(first, "postgres", PASSWORD, Duration.ofSeconds(120), "shop");
        try (Connection c = connect(port, "postgres", PASSWORD, "shop"); Statement s = c.createStatement()) {
            assertThat(single(s, "select string_agg(n::text, ',' order by n) from init_runs")).isEqualTo("1,2");
            s.execute("INSERT INTO init_runs VALUES (3)");
        }
        long stopped = System.nanoTime();
        docker.stopContainerCmd(first).withTimeout(30).exec();
        Duration stop = Duration.ofNanos(System.nanoTime() - stopped);
        assertThat(stop).isLessThan(Duration.ofSeconds(5));
        assertThat(docker.inspectContainerCmd(first).exec().getState().getExitCodeLong()).isZero();
        assertThat(logs(first)).contains("shutting down").contains("database system is shut down");

        // A new container on the same volume: the scripts do not run again and the data is there.
        String second = start(create(env, volume, scripts));
        port = awaitQuery(second, "postgres", PASSWORD, Duration.ofSeconds(60), "shop");
        try (Connection c = connect(port, "postgres", PASSWORD, "shop"); Statement s = c.createStatement()) {
            assertThat(single(s, "select string_agg(n::text, ',' order by n) from init_runs")).isEqualTo("1,2,3");
        }
        assertThat(logs(second)).doesNotContain("running /docker-entrypoint-initdb.d");
    }

    @Test
    void anInvalidSettingStopsTheContainerNamingIt() {
        String id = start(create(Map.of("POSTGRES_PASSWORD", PASSWORD, "POSTGRES_SETTING_no_such_setting", "1"), volume()));

        int exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS);

        assertThat(exit).isNotZero();
        assertThat(logs(id)).contains("no_such_setting");
    }

    @Test
    void settingsFromTheEnvironmentAndMountedFilesApply() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(conf.resolve("work.conf"), "work_mem = '8MB'\nmax_connections = 70\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(conf.resolve("work.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        String id = start(create(Map.of("POSTGRES_PASSWORD", PASSWORD, "POSTGRES_SETTING_max_connections", "50",
                "POSTGRES_SETTING_cron__log_run", "off"), volume(),
                new Bind(conf.toString(), new Volume("/etc/postgresql/conf.d"))));
        int port = awaitQuery(id, "postgres", PASSWORD, Duration.ofSeconds(120));
        try (Connection c = connect(port, "postgres", PASSWORD); Statement s = c.createStatement()) {
            assertThat(single(s, "show max_connections")).isEqualTo("50");
            assertThat(single(s, "show cron.log_run")).isEqualTo("off");
            assertThat(single(s, "show work_mem")).isEqualTo("8MB");
        }
    }

    @Test
    void healthcheckReportsHealthy() throws Exception {
        String id = start(create(Map.of("POSTGRES_PASSWORD", PASSWORD), volume()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String status = null;
        while (System.nanoTime() < deadline) {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
            status = state.getHealth() == null ? null : state.getHealth().getStatus();
            if ("healthy".equals(status) || !Boolean.TRUE.equals(state.getRunning())) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(status).as(logs(id)).isEqualTo("healthy");
        assertThat(exec(id, "/usr/local/bin/healthcheck.sh")).isEqualTo("healthy");
    }

    /** Three rounds on fresh volumes: fresh start to first query, docker stop to exit, restart to first query. */
    @Test
    void measuresStartStopAndRestart() throws Exception {
        List<Long> fresh = new ArrayList<>();
        List<Long> stop = new ArrayList<>();
        List<Long> restart = new ArrayList<>();
        List<Long> term = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            String volume = volume();
            String id = create(Map.of("POSTGRES_PASSWORD", PASSWORD), volume);
            long t0 = System.nanoTime();
            start(id);
            awaitQuery(id, "postgres", PASSWORD, Duration.ofSeconds(120));
            fresh.add(millisSince(t0));

            long t1 = System.nanoTime();
            docker.stopContainerCmd(id).withTimeout(30).exec();
            stop.add(millisSince(t1));

            long t2 = System.nanoTime();
            start(id);
            awaitQuery(id, "postgres", PASSWORD, Duration.ofSeconds(60));
            restart.add(millisSince(t2));

            // A bare SIGTERM is a fast shutdown too (the entrypoint forwards it as SIGINT).
            long t3 = System.nanoTime();
            docker.killContainerCmd(id).withSignal("TERM").exec();
            docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(30, TimeUnit.SECONDS);
            term.add(millisSince(t3));
            assertThat(logs(id)).contains("database system is shut down");
        }
        System.out.printf("postgres image: fresh volume to first query %s ms, docker stop %s ms, restart to first query %s ms,"
                + " SIGTERM to exit %s ms%n", fresh, stop, restart, term);
        assertThat(Collections.max(stop)).isLessThan(5000);
        assertThat(Collections.max(term)).isLessThan(5000);
    }

    // --- helpers ---

    private String volume() {
        String name = NS + "-" + UUID.randomUUID().toString().substring(0, 8);
        docker.createVolumeCmd().withName(name).withLabels(LABELS).exec();
        volumes.add(name);
        return name;
    }

    private String create(Map<String, String> env, String volume, Bind... extra) {
        List<Bind> binds = new ArrayList<>(List.of(new Bind(volume, new Volume("/var/lib/postgresql/data"))));
        binds.addAll(List.of(extra));
        Ports ports = new Ports();
        ports.bind(PG, Ports.Binding.bindIp("127.0.0.1"));
        CreateContainerCmd cmd = docker.createContainerCmd(IMAGE)
                .withName(NS + "-" + UUID.randomUUID().toString().substring(0, 8))
                .withLabels(LABELS)
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withExposedPorts(PG)
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(ports).withBinds(binds));
        String id = cmd.exec().getId();
        containers.add(id);
        return id;
    }

    private String start(String id) {
        docker.startContainerCmd(id).exec();
        return id;
    }

    private int port(String id) {
        Ports.Binding[] bindings = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings().get(PG);
        assertThat(bindings).as("5432 published").isNotEmpty();
        assertThat(bindings[0].getHostIp()).isEqualTo("127.0.0.1");
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    private int awaitQuery(String id, String user, String password, Duration timeout) throws Exception {
        return awaitQuery(id, user, password, timeout, user);
    }

    /** Polls until {@code select 1} answers over TCP; returns the host port. */
    private int awaitQuery(String id, String user, String password, Duration timeout, String db) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
            assertThat(state.getRunning()).as("container running; logs:%n%s", logs(id)).isTrue();
            int port = port(id);
            try (Connection c = connect(port, user, password, db); Statement s = c.createStatement()) {
                if ("1".equals(single(s, "select 1"))) {
                    return port;
                }
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no answer within " + timeout + "; last error " + last + "; logs:\n" + logs(id));
    }

    private static Connection connect(int port, String user, String password) throws SQLException {
        return connect(port, user, password, user);
    }

    private static Connection connect(int port, String user, String password, String db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, props);
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private String logs(String id) {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }

    private String exec(String id, String... command) throws InterruptedException {
        String execId = docker.execCreateCmd(id).withCmd(command).withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder out = new StringBuilder();
        docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return out.toString().strip();
    }
}
