package dev.poststack.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.testing.TestProjects;
import dev.poststack.testcontainers.PoststackContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.utility.MountableFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.poststack.it.Sql.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The postgres image run in the real engine as the database service of a project copy (a
 * {@link PoststackContainer}: ready when the service's checks pass), each test giving the container exactly
 * the environment it is about: its entrypoint (password, init scripts, settings), shutdown and health check.
 * The copy's superuser password is known, so the containers given {@code POSTGRES_PASSWORD} pass the
 * service's checks. Ports are published on 127.0.0.1 only, on random host ports. Files go in as copies made
 * before the container starts: a bind mount would have Testcontainers check file mounting with a container of
 * {@code alpine}, pulled from a registry.
 */
class PostgresImageIT {

    private static final String PASSWORD = "it-secret-pw";
    private static final String NO_PASSWORD =
            "poststack-postgres: error: POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE must be set to initialise the database"
            + " (or POSTGRES_HOST_AUTH_METHOD=trust to allow every connection without a password)";

    @TempDir
    static Path dir;
    private static TestProject project;
    private static Poststack poststack;

    @BeforeAll
    static void copyTheProjectWithAKnownPassword() throws Exception {
        project = TestProject.copyOfRepo(dir.resolve("project"), SharedImages.namespace()).secret("db-password", PASSWORD);
        poststack = Poststack.open(project.manifest());
    }

    @AfterAll
    static void close() {
        if (poststack != null) {
            poststack.close();
        }
    }

    /** A container of the database service of {@code of} whose environment is exactly {@code env}. */
    private static PoststackContainer db(Poststack of, Map<String, String> env) {
        PoststackContainer db = PoststackContainer.of(of, "db");
        db.setEnv(List.of());
        return db.withEnv(env);
    }

    private static PoststackContainer db(Map<String, String> env) {
        return db(poststack, env);
    }

    @Test
    void startsWithPasswordAnswersOverTcpAndRefusesAWrongPassword() throws Exception {
        try (PoststackContainer db = db(Map.of("POSTGRES_PASSWORD", PASSWORD))) {
            db.start();
            DatabaseAccess superuser = db.database();
            assertThat(superuser.password()).isEqualTo(PASSWORD);

            try (Connection c = Sql.connect(superuser); Statement s = c.createStatement()) {
                assertThat(single(s, "select current_user")).isEqualTo("postgres");
                assertThat(single(s, "show shared_preload_libraries")).isEqualTo("pg_cron,pg_squeeze,pg_stat_statements");
                assertThat(single(s, "show cron.database_name")).isEqualTo("postgres");
                s.execute("CREATE EXTENSION vector");
                s.execute("CREATE EXTENSION pg_cron");
                s.execute("CREATE EXTENSION pg_stat_statements");
                assertThat(single(s, "select '[1,2]'::vector <-> '[1,3]'::vector")).isEqualTo("1");
            }
            DatabaseAccess wrong = new DatabaseAccess("db", superuser.host(), superuser.port(), superuser.database(),
                    superuser.user(), "wrong-password", superuser.passwordFile());
            assertThatThrownBy(() -> Sql.connect(wrong).close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
            assertThat(db.getLogs()).doesNotContain(PASSWORD);
            assertThat(db.execInContainer("id").getStdout()).startsWith("uid=999(postgres) gid=999(postgres)");
        }
    }

    /**
     * The service's checks fail at once on the dead container, saying its exit code and its output, that one
     * line: the root cause of Testcontainers' launch failure (which removes the container).
     */
    @Test
    void withoutAPasswordTheContainerExitsQuicklyWithOneLineReason() {
        try (PoststackContainer db = db(Map.of())) {
            long started = System.nanoTime();

            assertThatThrownBy(db::start).isInstanceOf(ContainerLaunchException.class).rootCause()
                    .isInstanceOf(ContainerLaunchException.class)
                    .hasMessageContaining("the container exited with code 1")
                    .hasMessageEndingWith("last 1 log lines:\n    | " + NO_PASSWORD);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        }
    }

    /**
     * A container gone within milliseconds, before Testcontainers first sees its ports: the same one-line story as
     * the test above, not Testcontainers' 5 s timeout about ports (which that test met now and then on a busy machine,
     * the password check being as quick).
     */
    @Test
    void aContainerGoneBeforeItsPortsAreSeenStillSaysWhy() {
        try (PoststackContainer db = db(Map.of("POSTGRES_PASSWORD", PASSWORD))) {
            db.withCreateContainerCmdModifier(c -> c.withEntrypoint("sh", "-c", "echo gone at once >&2; exit 3"));

            assertThatThrownBy(db::start).isInstanceOf(ContainerLaunchException.class).rootCause()
                    .isInstanceOf(ContainerLaunchException.class)
                    .hasMessageContaining("the container exited with code 3")
                    .hasMessageEndingWith("last 1 log lines:\n    | gone at once");
        }
    }

    /**
     * A data folder holding someone else's files and no cluster: the container ends at once and the service's
     * checks (what {@code up} runs) report its one-line reason instead of waiting out their timeout.
     */
    @Test
    void aDataFolderItCannotUseFailsAtOnceWithItsReason() {
        try (PoststackContainer db = db(Map.of("POSTGRES_PASSWORD", PASSWORD))) {
            db.withCopyToContainer(org.testcontainers.images.builder.Transferable.of("not postgres\n"),
                    "/var/lib/postgresql/data/notes.txt");
            long started = System.nanoTime();

            assertThatThrownBy(db::start).isInstanceOf(ContainerLaunchException.class).rootCause()
                    .hasMessageContaining("the container exited with code 1")
                    .hasMessageEndingWith("    | poststack-postgres: error: PGDATA /var/lib/postgresql/data is not empty but holds"
                            + " no cluster (no PG_VERSION); empty it, use a fresh volume, or set PGDATA to a subfolder of the mount point");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        }
    }

    /**
     * A password file (mode 644, with a trailing newline) and another superuser: a manifest
     * variant whose database block connects as {@code app} to its default database {@code app}.
     */
    @Test
    void passwordFileWorks() throws Exception {
        Path secret = dir.resolve("pgpass");
        Files.writeString(secret, PASSWORD + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        Path variant = project.manifestVariant("images-app-superuser.yaml",
                "database: {user: postgres, password: db-password, name: postgres}",
                "database: {user: app, password: db-password, name: app}");

        try (Poststack appSuperuser = Poststack.open(variant);
             PoststackContainer db = db(appSuperuser, Map.of("POSTGRES_PASSWORD_FILE", "/run/secrets/pgpass",
                     "POSTGRES_USER", "app"))) {
            db.withCopyFileToContainer(MountableFile.forHostPath(secret), "/run/secrets/pgpass").start();

            try (Connection c = Sql.connect(db.database()); Statement s = c.createStatement()) {
                assertThat(single(s, "select current_user")).isEqualTo("app");
                assertThat(single(s, "select current_database()")).isEqualTo("app");
                s.execute("CREATE EXTENSION pg_cron");
            }
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
        Map<String, String> env = Map.of("POSTGRES_PASSWORD", PASSWORD, "POSTGRES_DB", "shop");
        String volume = createVolume();
        try {
            try (PoststackContainer first = db(env)) {
                first.withCopyFileToContainer(MountableFile.forHostPath(init), "/docker-entrypoint-initdb.d")
                        .withCreateContainerCmdModifier(dataOn(volume)).start();
                try (Connection c = Sql.connect(first.database().withDatabase("shop")); Statement s = c.createStatement()) {
                    assertThat(single(s, "select string_agg(n::text, ',' order by n) from init_runs")).isEqualTo("1,2");
                    s.execute("INSERT INTO init_runs VALUES (3)");
                }
                DockerClient docker = first.getDockerClient();
                long stopped = System.nanoTime();
                docker.stopContainerCmd(first.getContainerId()).withTimeout(30).exec();
                Duration stop = Duration.ofNanos(System.nanoTime() - stopped);
                assertThat(stop).isLessThan(Duration.ofSeconds(5));
                assertThat(exitCode(first)).isZero();
                assertThat(first.getLogs()).contains("shutting down").contains("database system is shut down");
            }

            // A new container on the same volume: the scripts do not run again and the data is there.
            try (PoststackContainer second = db(env)) {
                second.withCopyFileToContainer(MountableFile.forHostPath(init), "/docker-entrypoint-initdb.d")
                        .withCreateContainerCmdModifier(dataOn(volume)).start();
                try (Connection c = Sql.connect(second.database().withDatabase("shop")); Statement s = c.createStatement()) {
                    assertThat(single(s, "select string_agg(n::text, ',' order by n) from init_runs")).isEqualTo("1,2,3");
                }
                assertThat(second.getLogs()).doesNotContain("running /docker-entrypoint-initdb.d");
            }
        } finally {
            try (EngineFixture engine = new EngineFixture()) {
                engine.docker().removeVolumeCmd(volume).exec();
            }
        }
    }

    /** The service's checks fail at once on the dead container, its exit code and last lines naming the setting. */
    @Test
    void anInvalidSettingStopsTheContainerNamingIt() {
        try (PoststackContainer db = db(Map.of("POSTGRES_PASSWORD", PASSWORD, "POSTGRES_SETTING_no_such_setting", "1"))) {
            assertThatThrownBy(db::start).isInstanceOf(ContainerLaunchException.class).rootCause()
                    .isInstanceOf(ContainerLaunchException.class)
                    .hasMessageMatching("(?s).*the container exited with code [1-9][0-9]*\n.*")
                    .hasMessageMatching("(?s).*last \\d+ log lines:\n.*no_such_setting.*");
        }
    }

    @Test
    void settingsFromTheEnvironmentAndMountedFilesApply() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(conf.resolve("work.conf"), "work_mem = '8MB'\nmax_connections = 70\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(conf.resolve("work.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        try (PoststackContainer db = db(Map.of("POSTGRES_PASSWORD", PASSWORD, "POSTGRES_SETTING_max_connections", "50",
                "POSTGRES_SETTING_cron__log_run", "off"))) {
            db.withCopyFileToContainer(MountableFile.forHostPath(conf), "/etc/postgresql/conf.d").start();

            try (Connection c = Sql.connect(db.database()); Statement s = c.createStatement()) {
                assertThat(single(s, "show max_connections")).isEqualTo("50");
                assertThat(single(s, "show cron.log_run")).isEqualTo("off");
                assertThat(single(s, "show work_mem")).isEqualTo("8MB");
            }
        }
    }

    @Test
    void healthcheckReportsHealthy() throws Exception {
        try (PoststackContainer db = db(Map.of("POSTGRES_PASSWORD", PASSWORD))) {
            db.start();
            org.awaitility.Awaitility.await("the HEALTHCHECK says healthy, or the container stops")
                    .atMost(java.time.Duration.ofSeconds(120)).pollInterval(java.time.Duration.ofMillis(250))
                    .until(() -> {
                        InspectContainerResponse.ContainerState state = db.getCurrentContainerInfo().getState();
                        return state.getHealth() != null && "healthy".equals(state.getHealth().getStatus())
                                || !Boolean.TRUE.equals(state.getRunning());
                    });
            InspectContainerResponse.ContainerState state = db.getCurrentContainerInfo().getState();
            assertThat(state.getHealth() == null ? null : state.getHealth().getStatus()).as(db.getLogs())
                    .isEqualTo("healthy");
            assertThat(db.execInContainer("/usr/local/bin/healthcheck.sh").getStdout().strip()).isEqualTo("healthy");
        }
    }

    /**
     * Three rounds on fresh volumes: fresh start to ready (the service's checks passed), docker stop to exit,
     * restart to ready, SIGTERM to exit.
     */
    @Test
    void measuresStartStopAndRestart() throws Exception {
        List<Long> fresh = new ArrayList<>();
        List<Long> stop = new ArrayList<>();
        List<Long> restart = new ArrayList<>();
        List<Long> term = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            try (PoststackContainer db = db(Map.of("POSTGRES_PASSWORD", PASSWORD))) {
                long t0 = System.nanoTime();
                db.start();
                fresh.add(millisSince(t0));
                DockerClient docker = db.getDockerClient();
                String id = db.getContainerId();

                long t1 = System.nanoTime();
                docker.stopContainerCmd(id).withTimeout(30).exec();
                stop.add(millisSince(t1));

                long t2 = System.nanoTime();
                Restarts.restart(poststack, db);
                restart.add(millisSince(t2));

                // A bare SIGTERM is a fast shutdown too (the entrypoint forwards it as SIGINT).
                long t3 = System.nanoTime();
                docker.killContainerCmd(id).withSignal("SIGTERM").exec();
                docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(30, TimeUnit.SECONDS);
                term.add(millisSince(t3));
                assertThat(db.getLogs()).contains("database system is shut down");
            }
        }
        System.out.printf("postgres image: fresh volume to checks passed %s ms, docker stop %s ms, restart to checks"
                + " passed %s ms, SIGTERM to exit %s ms%n", fresh, stop, restart, term);
        assertThat(Collections.max(stop)).isLessThan(5000);
        assertThat(Collections.max(term)).isLessThan(5000);
    }

    // --- helpers ---

    /** A named volume labelled as this test JVM's, so a later run removes it if this one is killed. */
    private static String createVolume() {
        String name = TestProjects.forThisJvm("tc") + "-pgdata-" + UUID.randomUUID().toString().substring(0, 8);
        try (EngineFixture engine = new EngineFixture()) {
            engine.docker().createVolumeCmd().withName(name).withLabels(Map.of("dev.poststack.managed", "true",
                    "dev.poststack.project", TestProjects.forThisJvm("tc"))).exec();
        }
        return name;
    }

    /** Mounts the named volume as the data folder instead of the image's anonymous volume. */
    private static Consumer<CreateContainerCmd> dataOn(String volume) {
        return create -> {
            List<Bind> binds = new ArrayList<>(create.getHostConfig().getBinds() == null ? List.of()
                    : Arrays.asList(create.getHostConfig().getBinds()));
            binds.add(new Bind(volume, new Volume("/var/lib/postgresql/data")));
            create.getHostConfig().withBinds(binds);
        };
    }

    private static long exitCode(PoststackContainer db) {
        return db.getDockerClient().inspectContainerCmd(db.getContainerId()).exec().getState().getExitCodeLong();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
