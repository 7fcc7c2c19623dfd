package dev.poststack.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
    private PgContainers pg;
    private DockerClient docker;

    @BeforeAll
    void buildTheImage() throws Exception {
        pg = PgContainers.build(dir.resolve("project"), NS);
        docker = pg.docker();
    }

    @AfterAll
    void removeContainersVolumesAndImages() {
        pg.close();
    }

    @Test
    void startsWithPasswordAnswersOverTcpAndRefusesAWrongPassword() throws Exception {
        String id = pg.start(pg.create(Map.of("POSTGRES_PASSWORD", PASSWORD), pg.volume()));
        int port = awaitQuery(id, "postgres", PASSWORD, Duration.ofSeconds(120));

        try (Connection c = connect(port, "postgres", PASSWORD); Statement s = c.createStatement()) {
            assertThat(PgContainers.single(s, "select current_user")).isEqualTo("postgres");
            assertThat(PgContainers.single(s, "show shared_preload_libraries")).isEqualTo("pg_cron,pg_squeeze,pg_stat_statements");
            assertThat(PgContainers.single(s, "show cron.database_name")).isEqualTo("postgres");
            s.execute("CREATE EXTENSION vector");
            s.execute("CREATE EXTENSION pg_cron");
            s.execute("CREATE EXTENSION pg_stat_statements");
            assertThat(PgContainers.single(s, "select '[1,2]'::vector <-> '[1,3]'::vector")).isEqualTo("1");
        }
        assertThatThrownBy(() -> connect(port, "postgres", "wrong-password").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThat(pg.logs(id)).doesNotContain(PASSWORD);
        assertThat(pg.exec(id, "id")).startsWith("uid=999(postgres) gid=999(postgres)");
    }

    @Test
    void withoutAPasswordTheContainerExitsQuicklyWithOneLineReason() {
        String id = pg.start(pg.create(Map.of(), pg.volume()));

        int exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(30, TimeUnit.SECONDS);

        assertThat(exit).isNotZero();
        assertThat(pg.logs(id).strip()).isEqualTo(
                "poststack-postgres: error: POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE must be set to initialise the database");
    }

    @Test
    void passwordFileWorks() throws Exception {
        Path secret = dir.resolve("pgpass");
        Files.writeString(secret, "from-a-file\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        String id = pg.start(pg.create(Map.of("POSTGRES_PASSWORD_FILE", "/run/secrets/pgpass", "POSTGRES_USER", "app"),
                pg.volume(), new Bind(secret.toString(), new Volume("/run/secrets/pgpass"))));

        int port = awaitQuery(id, "app", "from-a-file", Duration.ofSeconds(120));

        try (Connection c = connect(port, "app", "from-a-file"); Statement s = c.createStatement()) {
            assertThat(PgContainers.single(s, "select current_database()")).isEqualTo("app");
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
        String volume = pg.volume();
        Bind scripts = new Bind(init.toString(), new Volume("/docker-entrypoint-initdb.d"));
        Map<String, String> env = Map.of("POSTGRES_PASSWORD", PASSWORD, "POSTGRES_DB", "shop");

        String first = pg.start(pg.create(env, volume, scripts));
        int port = awaitQuery(first, "postgres", PASSWORD, Duration.ofSeconds(120), "shop");
        try (Connection c = connect(port, "postgres", PASSWORD, "shop"); Statement s = c.createStatement()) {
            assertThat(PgContainers.single(s, "select string_agg(n::text, ',' order by n) from init_runs")).isEqualTo("1,2");
            s.execute("INSERT INTO init_runs VALUES (3)");
        }
        long stopped = System.nanoTime();
        docker.stopContainerCmd(first).withTimeout(30).exec();
        Duration stop = Duration.ofNanos(System.nanoTime() - stopped);
        assertThat(stop).isLessThan(Duration.ofSeconds(5));
        assertThat(docker.inspectContainerCmd(first).exec().getState().getExitCodeLong()).isZero();
        assertThat(pg.logs(first)).contains("shutting down").contains("database system is shut down");

        // A new container on the same volume: the scripts do not run again and the data is there.
        String second = pg.start(pg.create(env, volume, scripts));
        port = awaitQuery(second, "postgres", PASSWORD, Duration.ofSeconds(60), "shop");
        try (Connection c = connect(port, "postgres", PASSWORD, "shop"); Statement s = c.createStatement()) {
            assertThat(PgContainers.single(s, "select string_agg(n::text, ',' order by n) from init_runs")).isEqualTo("1,2,3");
        }
        assertThat(pg.logs(second)).doesNotContain("running /docker-entrypoint-initdb.d");
    }

    @Test
    void anInvalidSettingStopsTheContainerNamingIt() {
        String id = pg.start(pg.create(Map.of("POSTGRES_PASSWORD", PASSWORD, "POSTGRES_SETTING_no_such_setting", "1"), pg.volume()));

        int exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS);

        assertThat(exit).isNotZero();
        assertThat(pg.logs(id)).contains("no_such_setting");
    }

    @Test
    void settingsFromTheEnvironmentAndMountedFilesApply() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(conf.resolve("work.conf"), "work_mem = '8MB'\nmax_connections = 70\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(conf.resolve("work.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        String id = pg.start(pg.create(Map.of("POSTGRES_PASSWORD", PASSWORD, "POSTGRES_SETTING_max_connections", "50",
                "POSTGRES_SETTING_cron__log_run", "off"), pg.volume(),
                new Bind(conf.toString(), new Volume("/etc/postgresql/conf.d"))));
        int port = awaitQuery(id, "postgres", PASSWORD, Duration.ofSeconds(120));
        try (Connection c = connect(port, "postgres", PASSWORD); Statement s = c.createStatement()) {
            assertThat(PgContainers.single(s, "show max_connections")).isEqualTo("50");
            assertThat(PgContainers.single(s, "show cron.log_run")).isEqualTo("off");
            assertThat(PgContainers.single(s, "show work_mem")).isEqualTo("8MB");
        }
    }

    @Test
    void healthcheckReportsHealthy() throws Exception {
        String id = pg.start(pg.create(Map.of("POSTGRES_PASSWORD", PASSWORD), pg.volume()));
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
        assertThat(status).as(pg.logs(id)).isEqualTo("healthy");
        assertThat(pg.exec(id, "/usr/local/bin/healthcheck.sh")).isEqualTo("healthy");
    }

    /** Three rounds on fresh volumes: fresh start to first query, docker stop to exit, restart to first query. */
    @Test
    void measuresStartStopAndRestart() throws Exception {
        List<Long> fresh = new ArrayList<>();
        List<Long> stop = new ArrayList<>();
        List<Long> restart = new ArrayList<>();
        List<Long> term = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            String volume = pg.volume();
            String id = pg.create(Map.of("POSTGRES_PASSWORD", PASSWORD), volume);
            long t0 = System.nanoTime();
            pg.start(id);
            awaitQuery(id, "postgres", PASSWORD, Duration.ofSeconds(120));
            fresh.add(millisSince(t0));

            long t1 = System.nanoTime();
            docker.stopContainerCmd(id).withTimeout(30).exec();
            stop.add(millisSince(t1));

            long t2 = System.nanoTime();
            pg.start(id);
            awaitQuery(id, "postgres", PASSWORD, Duration.ofSeconds(60));
            restart.add(millisSince(t2));

            // A bare SIGTERM is a fast shutdown too (the entrypoint forwards it as SIGINT).
            long t3 = System.nanoTime();
            docker.killContainerCmd(id).withSignal("TERM").exec();
            docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(30, TimeUnit.SECONDS);
            term.add(millisSince(t3));
            assertThat(pg.logs(id)).contains("database system is shut down");
        }
        System.out.printf("postgres image: fresh volume to first query %s ms, docker stop %s ms, restart to first query %s ms,"
                + " SIGTERM to exit %s ms%n", fresh, stop, restart, term);
        assertThat(Collections.max(stop)).isLessThan(5000);
        assertThat(Collections.max(term)).isLessThan(5000);
    }

    // --- helpers: the database's own user and database unless named ---

    private int awaitQuery(String id, String user, String password, Duration timeout) throws Exception {
        return pg.awaitQuery(id, user, password, user, timeout);
    }

    private int awaitQuery(String id, String user, String password, Duration timeout, String db) throws Exception {
        return pg.awaitQuery(id, user, password, db, timeout);
    }

    private static Connection connect(int port, String user, String password) throws SQLException {
        return PgContainers.connect(port, user, password, user);
    }

    private static Connection connect(int port, String user, String password, String db) throws SQLException {
        return PgContainers.connect(port, user, password, db);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
