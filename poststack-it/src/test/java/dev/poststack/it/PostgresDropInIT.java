package dev.poststack.it;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.poststack.testing.TestProjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

import static dev.poststack.it.Sql.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The postgres image used the way the official {@code postgres} image is documented, with a plain Testcontainers
 * container and nothing of poststack around it: the official environment variables and init files, an arbitrary
 * {@code --user}, root stepping down, TLS, and a first start that was interrupted. Ports are published on
 * 127.0.0.1 only; files go in as copies or bind mounts of this test's own folders.
 */
class PostgresDropInIT {

    private static final String READY = ".*database system is ready to accept connections.*\\s";
    private static final String DATA = "/var/lib/postgresql/data";
    /** How long a start may take: initdb alone took over a minute on a machine shared by many builds. */
    private static final Duration START_LIMIT = Duration.ofSeconds(240);

    @TempDir
    static Path dir;
    private static String image;
    /** A container of the image running {@code sleep}: its xz, zstd and openssl make test files. */
    private static GenericContainer<?> tools;

    @BeforeAll
    static void images() throws Exception {
        image = SharedImages.namespace() + "/postgres:latest";
        tools = new GenericContainer<>(image).withCommand("sleep", "600");
        tools.start();
    }

    @AfterAll
    static void stopTools() {
        if (tools != null) {
            tools.stop();
        }
    }

    private static GenericContainer<?> postgres() {
        return new GenericContainer<>(image).withExposedPorts(5432);
    }

    @Test
    void officialEnvironmentInitFilesAndOptionsWithoutPostgres() throws Exception {
        try (GenericContainer<?> pg = postgres()) {
            pg.withEnv(Map.of("POSTGRES_USER_FILE", "/run/secrets/user", "POSTGRES_DB_FILE", "/run/secrets/db",
                            "POSTGRES_PASSWORD_FILE", "/run/secrets/pw", "POSTGRES_INITDB_ARGS", "--data-checksums --wal-segsize=32",
                            "POSTGRES_INITDB_WALDIR", "/var/lib/postgresql/wal"))
                    .withCopyToContainer(Transferable.of("app owner\n"), "/run/secrets/user")
                    .withCopyToContainer(Transferable.of("my shop\n"), "/run/secrets/db")
                    .withCopyToContainer(Transferable.of("pw-of-app\n"), "/run/secrets/pw")
                    .withCopyToContainer(Transferable.of("CREATE TABLE runs (what text);\n"), "/docker-entrypoint-initdb.d/01-table.sql")
                    .withCopyToContainer(Transferable.of(gzip("INSERT INTO runs VALUES ('gz');\n")), "/docker-entrypoint-initdb.d/02.sql.gz")
                    .withCopyToContainer(Transferable.of(made("printf \"INSERT INTO runs VALUES ('xz');\\n\" | xz -c")), "/docker-entrypoint-initdb.d/03.sql.xz")
                    .withCopyToContainer(Transferable.of(made("printf \"INSERT INTO runs VALUES ('zst');\\n\" | zstd -q -c")), "/docker-entrypoint-initdb.d/04.sql.zst")
                    .withCopyToContainer(Transferable.of("docker_process_sql -c \"INSERT INTO runs VALUES ('sourced')\"\n", 0644),
                            "/docker-entrypoint-initdb.d/05-sourced.sh")
                    .withCopyToContainer(Transferable.of("#!/bin/bash\nset -e\ntype docker_process_sql >/dev/null 2>&1 && exit 3\n"
                            + "psql -v ON_ERROR_STOP=1 -c \"INSERT INTO runs VALUES ('executed')\"\n", 0755), "/docker-entrypoint-initdb.d/06-run.sh")
                    .withCopyToContainer(Transferable.of("not sql\n"), "/docker-entrypoint-initdb.d/07-notes.txt")
                    .withCommand("-c", "work_mem=5MB")
                    .waitingFor(Wait.forLogMessage(READY, 2).withStartupTimeout(START_LIMIT));
            pg.start();

            try (Connection c = connect(pg, "my shop", "app owner", "pw-of-app", ""); Statement s = c.createStatement()) {
                assertThat(single(s, "select current_user || '@' || current_database()")).isEqualTo("app owner@my shop");
                assertThat(single(s, "select string_agg(what, ',' order by what) from runs")).isEqualTo("executed,gz,sourced,xz,zst");
                assertThat(single(s, "show data_checksums")).isEqualTo("on");
                assertThat(single(s, "show wal_segment_size")).isEqualTo("32MB");
                assertThat(single(s, "show work_mem")).isEqualTo("5MB");
            }
            assertThat(pg.execInContainer("readlink", DATA + "/pg_wal").getStdout().strip()).isEqualTo("/var/lib/postgresql/wal");
            assertThat(pg.getLogs()).contains("with initdb").contains("sourcing /docker-entrypoint-initdb.d/05-sourced.sh")
                    .contains("running /docker-entrypoint-initdb.d/06-run.sh").contains("ignoring /docker-entrypoint-initdb.d/07-notes.txt")
                    .doesNotContain("pw-of-app");
            assertThat(pg.execInContainer("/usr/local/bin/healthcheck.sh").getStdout().strip()).isEqualTo("healthy");
            // Replication over the socket, as upstream allows it (pg_basebackup, pgBackRest's standby tools), to the
            // postgres OS user alone.
            var base = pg.execInContainerWithUser("postgres", "pg_basebackup", "-h", "/var/run/postgresql",
                    "-U", "app owner", "-D", "/tmp/base", "-Ft", "-X", "none");
            assertThat(base.getExitCode()).as(base.getStderr()).isZero();
            assertThat(pg.execInContainer("test", "-s", "/tmp/base/base.tar").getExitCode()).isZero();
            var asRoot = pg.execInContainerWithUser("root", "pg_basebackup", "-h", "/var/run/postgresql", "-U", "app owner",
                    "-D", "/tmp/other", "-Ft", "-X", "none");
            assertThat(asRoot.getExitCode()).isNotZero();
            assertThat(asRoot.getStderr()).contains("Peer authentication failed");
        }
    }

    @Test
    void trustNeedsNoPasswordAndWarnsAsTheOfficialImage() throws Exception {
        try (GenericContainer<?> pg = postgres()) {
            pg.withEnv("POSTGRES_HOST_AUTH_METHOD", "trust").waitingFor(Wait.forLogMessage(READY, 1).withStartupTimeout(START_LIMIT));
            pg.start();
            try (Connection c = connect(pg, "postgres", "postgres", "anything", ""); Statement s = c.createStatement()) {
                assertThat(single(s, "select current_user")).isEqualTo("postgres");
            }
            assertThat(pg.getLogs()).contains("WARNING: POSTGRES_HOST_AUTH_METHOD has been set to \"trust\". This will allow");
        }
    }

    /** docker run --user 1234:1234 with a folder that uid owns, PGDATA a subfolder of the mount point. */
    @Test
    void anUnknownUidWithItsOwnFolderAndPgdataInASubfolder() throws Exception {
        Path data = ownedFolder("uid1234", 1234, 1234);
        try (GenericContainer<?> pg = postgres()) {
            pg.withEnv(Map.of("POSTGRES_PASSWORD", "pw", "PGDATA", DATA + "/pgdata"))
                    .withCreateContainerCmdModifier(user("1234:1234").andThen(bind(data.toString(), DATA)))
                    .waitingFor(Wait.forSuccessfulCommand("/usr/local/bin/healthcheck.sh").withStartupTimeout(START_LIMIT));
            pg.start();
            try (Connection c = connect(pg, "postgres", "postgres", "pw", ""); Statement s = c.createStatement()) {
                assertThat(single(s, "select current_user")).isEqualTo("postgres");
            }
            assertThat(pg.execInContainer("id", "-u").getStdout().strip()).isEqualTo("1234");
            assertThat(Files.getAttribute(data.resolve("pgdata/PG_VERSION"), "unix:uid")).isEqualTo(1234);
        }
    }

    /** Started as root on a folder someone else owns: the folder becomes postgres's and the server runs as postgres. */
    @Test
    void rootStepsDownToPostgresAndFixesTheOwner() throws Exception {
        Path data = ownedFolder("root-start", 4321, 4321);
        try (GenericContainer<?> pg = postgres()) {
            pg.withEnv("POSTGRES_PASSWORD", "pw")
                    .withCreateContainerCmdModifier(user("0").andThen(bind(data.toString(), DATA)))
                    .waitingFor(Wait.forSuccessfulCommand("/usr/local/bin/healthcheck.sh").withStartupTimeout(START_LIMIT));
            pg.start();
            assertThat(Files.getAttribute(data, "unix:uid")).isEqualTo(999);
            assertThat(Files.getAttribute(data.resolve("PG_VERSION"), "unix:uid")).isEqualTo(999);
            assertThat(pg.execInContainer("sh", "-c", "stat -c %U /proc/1").getStdout().strip()).isEqualTo("postgres");
        }
    }

    /**
     * A certificate and key readable by certgroup (root:9999, mode 640) in CERT_PATH, TLS required over TCP:
     * plain connections are refused and verify-full with the CA works.
     */
    @Test
    void mountedCertificateTlsRequiredAndVerifyFull() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        String made = tools.execInContainer("sh", "-c", "cd /tmp && rm -rf ca && mkdir ca && cd ca"
                + " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=it-ca"
                + " -keyout ca.key -out ca.crt 2>/dev/null"
                + " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost"
                + " -keyout server.key -out server.csr 2>/dev/null"
                + " && printf 'subjectAltName=DNS:localhost' > ext"
                + " && openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile ext"
                + " -out server.crt 2>/dev/null"
                + " && for f in ca.crt server.crt server.key; do printf '%s ' $f; base64 -w0 $f; echo; done").getStdout();
        for (String line : made.strip().split("\n")) {
            String[] parts = line.split(" ");
            Files.write(certs.resolve(parts[0]), Base64.getDecoder().decode(parts[1]));
        }
        Files.move(certs.resolve("server.crt"), certs.resolve("fullchain.pem"));
        Files.move(certs.resolve("server.key"), certs.resolve("privkey.pem"));
        for (String f : List.of("fullchain.pem", "privkey.pem")) {
            Files.setAttribute(certs.resolve(f), "unix:gid", 9999);
            Files.setPosixFilePermissions(certs.resolve(f), PosixFilePermissions.fromString("rw-r-----"));
        }
        try (GenericContainer<?> pg = postgres()) {
            pg.withEnv(Map.of("POSTGRES_PASSWORD", "pw", "POSTGRES_SSL", "on", "POSTGRES_SSL_REQUIRE", "on", "CERT_PATH", "/certs"))
                    .withCreateContainerCmdModifier(bind(certs.toString(), "/certs"))
                    .waitingFor(Wait.forLogMessage(READY, 1).withStartupTimeout(START_LIMIT));
            pg.start();

            assertThatThrownBy(() -> connect(pg, "postgres", "postgres", "pw", "&sslmode=disable").close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("no encryption"));
            try (Connection c = connect(pg, "postgres", "postgres", "pw",
                    "&sslmode=verify-full&sslrootcert=" + certs.resolve("ca.crt")); Statement s = c.createStatement()) {
                assertThat(single(s, "select ssl::text from pg_stat_ssl where pid = pg_backend_pid()")).isEqualTo("true");
            }
        }
    }

    @Test
    void selfSignedCertificateForDevelopment() throws Exception {
        try (GenericContainer<?> pg = postgres()) {
            pg.withEnv(Map.of("POSTGRES_PASSWORD", "pw", "POSTGRES_SSL", "self-signed")).waitingFor(Wait.forLogMessage(READY, 1).withStartupTimeout(START_LIMIT));
            pg.start();
            try (Connection c = connect(pg, "postgres", "postgres", "pw", "&sslmode=require"); Statement s = c.createStatement()) {
                assertThat(single(s, "select ssl::text from pg_stat_ssl where pid = pg_backend_pid()")).isEqualTo("true");
            }
            assertThat(pg.getLogs()).contains("made a self-signed TLS certificate");
        }
    }

    /**
     * A first start that asks for initdb's defaults unpacks the cluster the image made at build time, made its own:
     * a system identifier of its own (two containers, and the image's cluster, all differ), the superuser renamed to
     * POSTGRES_USER (OID 10, no helper role left) with its password, quotes, backslash and ampersand included, and no
     * password in the logs. A time zone other than the image's, or initdb arguments, run initdb instead.
     */
    @Test
    void aFirstStartUnpacksTheImagesClusterAsItsOwn() throws Exception {
        String password = "it's a \\ & \"quoted\" pw";
        var template = tools.execInContainer("sh", "-c", "rm -rf /tmp/template && mkdir -m 700 /tmp/template"
                + " && zstd -dcq /usr/local/lib/poststack-postgres/cluster.tar.zst | tar -xf - -C /tmp/template"
                + " && pg_controldata /tmp/template | sed -n 's/^Database system identifier: *//p'");
        assertThat(template.getExitCode()).as(template.getStderr()).isZero();
        List<String> identifiers = new ArrayList<>(List.of(template.getStdout().strip()));
        for (Map<String, String> env : List.of(Map.of("POSTGRES_PASSWORD", password),
                Map.of("POSTGRES_PASSWORD", password, "POSTGRES_USER", "app \"owner\""))) {
            String user = env.getOrDefault("POSTGRES_USER", "postgres");
            String db = user; // POSTGRES_DB defaults to the user; a database other than postgres is made by a temporary server
            try (GenericContainer<?> pg = postgres()) {
                pg.withEnv(env).waitingFor(Wait.forLogMessage(READY, db.equals("postgres") ? 1 : 2).withStartupTimeout(START_LIMIT));
                pg.start();
                try (Connection c = connect(pg, db, user, password, ""); Statement s = c.createStatement()) {
                    assertThat(single(s, "select rolname from pg_authid where oid = 10")).isEqualTo(user);
                    assertThat(single(s, "select count(*) from pg_roles where rolname like 'poststack%'")).isEqualTo("0");
                    identifiers.add(single(s, "select system_identifier from pg_control_system()"));
                }
                assertThatThrownBy(() -> connect(pg, db, user, "wrong", "").close()).isInstanceOf(SQLException.class);
                assertThat(pg.getLogs()).contains("from the image's initialised cluster").doesNotContain("with initdb")
                        .doesNotContain(password).doesNotContain("quoted");
            }
        }
        assertThat(identifiers).as("the image's cluster's and each container's system identifier").doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[0-9]{19}"));

        try (GenericContainer<?> pg = postgres()) {
            pg.withEnv(Map.of("POSTGRES_PASSWORD", "pw", "TZ", "Europe/Paris"))
                    .waitingFor(Wait.forLogMessage(READY, 1).withStartupTimeout(START_LIMIT));
            pg.start();
            try (Connection c = connect(pg, "postgres", "postgres", "pw", ""); Statement s = c.createStatement()) {
                assertThat(single(s, "show log_timezone")).as("initdb wrote TZ into postgresql.conf").isEqualTo("Europe/Paris");
            }
            assertThat(pg.getLogs()).contains("with initdb");
        }
    }

    /**
     * A first start killed while its init scripts run leaves its marker: the next container on the volume
     * starts the initialisation over instead of reusing the half-made cluster.
     */
    @Test
    void anInterruptedFirstStartIsStartedOver() throws Exception {
        String volume = TestProjects.forThisJvm("dropin") + "-pgdata-" + UUID.randomUUID().toString().substring(0, 8);
        try (EngineFixture engine = new EngineFixture()) {
            engine.docker().createVolumeCmd().withName(volume).withLabels(Map.of("dev.poststack.managed", "true",
                    "dev.poststack.project", TestProjects.forThisJvm("dropin"))).exec();
            try {
                try (GenericContainer<?> first = postgres()) {
                    first.withEnv(Map.of("POSTGRES_PASSWORD", "pw", "POSTGRES_DB", "app"))
                            .withCopyToContainer(Transferable.of("sleep 60\n"), "/docker-entrypoint-initdb.d/01-slow.sh")
                            .withCreateContainerCmdModifier(bind(volume, DATA))
                            .waitingFor(Wait.forLogMessage(".*sourcing /docker-entrypoint-initdb.d/01-slow.sh.*\\s", 1).withStartupTimeout(START_LIMIT));
                    first.start();
                    engine.docker().killContainerCmd(first.getContainerId()).withSignal("SIGKILL").exec();
                }
                try (GenericContainer<?> second = postgres()) {
                    second.withEnv(Map.of("POSTGRES_PASSWORD", "pw", "POSTGRES_DB", "app"))
                            .withCreateContainerCmdModifier(bind(volume, DATA)).waitingFor(Wait.forLogMessage(READY, 2).withStartupTimeout(START_LIMIT));
                    second.start();
                    assertThat(second.getLogs()).contains("an earlier initialisation of " + DATA
                            + " was interrupted before it finished; starting it over");
                    try (Connection c = connect(second, "app", "postgres", "pw", ""); Statement s = c.createStatement()) {
                        assertThat(single(s, "select current_database()")).isEqualTo("app");
                    }
                    assertThat(second.execInContainer("ls", "-A", DATA).getStdout()).doesNotContain(".poststack-");
                }
            } finally {
                engine.docker().removeVolumeCmd(volume).exec();
            }
        }
    }

    // --- helpers ---

    private static Connection connect(GenericContainer<?> pg, String db, String user, String password, String options)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        String url = "jdbc:postgresql://localhost:" + pg.getMappedPort(5432) + "/"
                + java.net.URLEncoder.encode(db, StandardCharsets.UTF_8).replace("+", "%20") + "?ApplicationName=it" + options;
        return DriverManager.getConnection(url, props);
    }

    /** The output of {@code script} run by sh in the tools container, as bytes (it travels as base64). */
    private static byte[] made(String script) throws Exception {
        var result = tools.execInContainer("sh", "-c", "(" + script + ") | base64 -w0");
        assertThat(result.getExitCode()).as(result.getStderr()).isZero();
        return Base64.getDecoder().decode(result.getStdout().strip());
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static Path ownedFolder(String name, int uid, int gid) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.setAttribute(folder, "unix:uid", uid);
        Files.setAttribute(folder, "unix:gid", gid);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        return folder;
    }

    private static Consumer<CreateContainerCmd> user(String user) {
        return create -> create.withUser(user);
    }

    /** A bind mount (host folder or named volume) added to the container's. */
    private static Consumer<CreateContainerCmd> bind(String source, String target) {
        return create -> {
            List<Bind> binds = new ArrayList<>(create.getHostConfig().getBinds() == null ? List.of()
                    : Arrays.asList(create.getHostConfig().getBinds()));
            binds.add(new Bind(source, new Volume(target)));
            create.getHostConfig().withBinds(binds);
        };
    }
}
