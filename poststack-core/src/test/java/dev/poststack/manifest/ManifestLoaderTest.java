package dev.poststack.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.poststack.text.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLoaderTest {

    private static Manifest full;
    private static Path folder;

    @BeforeAll
    static void loadFullExample() throws ManifestException {
        folder = TestManifests.folder().toAbsolutePath().normalize();
        full = ManifestLoader.load(TestManifests.named("full.yaml"));
    }

    @Test
    void keepsImagesInDeclarationOrder() {
        assertThat(full.imageNames()).containsExactly("base-debian", "postgres", "jre", "liquibase");
        assertThat(full.baseDir()).isEqualTo(folder);
        assertThat(full.file()).isEqualTo(folder.resolve("full.yaml"));
    }

    @Test
    void readsDefaultsAndAppliesTheDefaultTag() {
        assertThat(full.defaults().namespace()).isEqualTo("acme/tools");
        assertThat(full.defaults().tag()).isEqualTo("2.0");
        assertThat(full.defaults().labels()).containsExactly(
                Map.entry("org.opencontainers.image.vendor", "acme"), Map.entry("team", "db"));
        assertThat(full.image("jre").orElseThrow().tag()).isEqualTo("2.0");
        assertThat(full.referenceOf("postgres")).isEqualTo("acme/tools/postgres:17.2");
        assertThat(full.image("postgres").orElseThrow().labels()).containsExactly(Map.entry("role", "database"));
    }

    @Test
    void appliesRootfsDefaultsAndKeepsEnvOrder() {
        ImageSpec base = full.image("base-debian").orElseThrow();
        assertThat(base.build()).isEqualTo(new RootfsSpec("trixie", "minbase", List.of("ca-certificates", "libc6"),
                Optional.of("http://deb.debian.org/debian"), Map.of("LANG", "C.UTF-8", "TZ", "UTC")));
        assertThat(((RootfsSpec) base.build()).env().keySet()).containsExactly("LANG", "TZ");
        assertThat(base.parent()).isEmpty();
        assertThat(base.location().line()).isEqualTo(9);
    }

    @Test
    void resolvesDockerfilePathsAgainstTheManifestFolder() {
        assertThat(full.image("postgres").orElseThrow().build()).isEqualTo(new DockerfileSpec(Optional.of("base-debian"),
                folder.resolve("ctx"), folder.resolve("ctx/Dockerfile"), Map.of("PG_MAJOR", "17", "WITH_DEBUG", "false")));
        assertThat(full.image("jre").orElseThrow().build())
                .asInstanceOf(type(DockerfileSpec.class))
                .extracting(DockerfileSpec::dockerfile).isEqualTo(folder.resolve("ctx/docker/Alt.Dockerfile"));
    }

    @Test
    void readsJibLayersInOrderWithParsedCoordinates() {
        JibSpec jib = (JibSpec) full.image("liquibase").orElseThrow().build();
        assertThat(jib.from()).isEqualTo("jre");
        assertThat(jib.layers()).extracting(LayerSpec::name).containsExactly("liquibase", "natives", "changelogs",
                "single");
        assertThat(jib.layers().get(0)).isEqualTo(new MavenLayerSpec("liquibase", List.of(
                MavenCoordinate.parse("org.liquibase:liquibase-core:5.0.1"),
                MavenCoordinate.parse("info.picocli:picocli:4.7.7")), "/opt/liquibase/lib"));
        MavenCoordinate natives = ((MavenLayerSpec) jib.layers().get(1)).artifacts().get(0);
        assertThat(natives.classifier()).contains("linux-x86_64");
        assertThat(natives.version()).isEqualTo("4.1.118.Final");
    }

    @Test
    void normalizesFilesLayerModesAndResolvesTheirSource() {
        JibSpec jib = (JibSpec) full.image("liquibase").orElseThrow().build();
        assertThat(jib.layers().get(2)).isEqualTo(new FilesLayerSpec("changelogs", folder.resolve("changelogs"),
                "/liquibase/changelog", "640", "750", "1000:1000"));
        assertThat(jib.layers().get(3)).isEqualTo(new FilesLayerSpec("single",
                folder.resolve("changelogs/db.changelog.xml"), "/liquibase/db.changelog.xml", "644", "755", "0:0"));
    }

    @Test
    void turnsASingleStringEntrypointIntoAList() {
        JibSpec jib = (JibSpec) full.image("liquibase").orElseThrow().build();
        assertThat(jib.entrypoint()).containsExactly("java");
        assertThat(jib.cmd()).containsExactly("--help");
        assertThat(jib.env().keySet()).containsExactly("JAVA_OPTS", "LIQUIBASE_HOME");
        assertThat(jib.user()).contains("1000");
        assertThat(jib.workdir()).contains("/liquibase");
        assertThat(jib.ports()).containsExactly("8080", "5432/tcp", "53/udp");
        assertThat(jib.labels()).containsExactly(Map.entry("kind", "tool"));
    }

    @Test
    void appliesAllDefaultsToAMinimalManifest(@TempDir Path dir) throws Exception {
        Path file = write(dir, "images:\n  base:\n    rootfs:\n      suite: trixie\n");
        Manifest manifest = ManifestLoader.load(file);
        assertThat(manifest.defaults()).isEqualTo(Defaults.standard());
        assertThat(manifest.referenceOf("base")).isEqualTo("poststack/base:latest");
        assertThat(manifest.image("base").orElseThrow().build())
                .isEqualTo(new RootfsSpec("trixie", "minbase", List.of(), Optional.empty(), Map.of()));
    }

    @Test
    void reportsAMissingManifestFileAtItsFirstLine(@TempDir Path dir) {
        Path missing = dir.resolve("images.yaml");
        assertThatThrownBy(() -> ManifestLoader.load(missing))
                .isInstanceOf(ManifestException.class)
                .hasMessage(missing + ":1:1: no manifest at " + missing + System.lineSeparator()
                        + "  fix: pass --manifest <file>, or run poststack from the project folder that holds images.yaml");
    }

    @Test
    void reportsAnEmptyManifest(@TempDir Path dir) throws IOException {
        Path file = write(dir, "# nothing yet\n");
        assertThatThrownBy(() -> ManifestLoader.load(file))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining(file + ":1:1: the manifest must be a map with an `images:` key, not empty");
    }

    @Test
    void rendersEveryProblemWithItsFixSortedByLine(@TempDir Path dir) throws IOException {
        Path file = write(dir, String.join("\n", "images:", "  b:", "    jib:", "      from: nowhere",
                "      layers: []", "  a:", "    rootfs: {}", ""));
        assertThatThrownBy(() -> ManifestLoader.load(file))
                .asInstanceOf(type(ManifestException.class))
                .satisfies(e -> {
                    assertThat(e.problems()).extracting(p -> p.location().line()).containsExactly(4, 5, 7);
                    assertThat(e.getMessage().lines().toList()).hasSize(6).allSatisfy(line -> assertThat(line)
                            .matches(l -> l.startsWith(file + ":") || l.startsWith("  fix: ")));
                });
    }

    @Test
    void suggestsTheClosestKeyOnlyWithinTwoEdits() {
        assertThat(Suggestions.closest("contxt", List.of("from", "context", "file"))).contains("context");
        assertThat(Suggestions.closest("Context", List.of("from", "context"))).contains("context");
        assertThat(Suggestions.closest("dependencies", List.of("from", "context"))).isEmpty();
        assertThat(Suggestions.closest("tpc", List.of("sql", "tcp"))).contains("tcp");
    }

    private static final CheckSpec.Timing HEALTH = CheckSpec.Timing.defaults(Duration.ofSeconds(60));
    private static final CheckSpec.Timing VERIFY = CheckSpec.Timing.defaults(Duration.ofSeconds(10));
    private static final String IMAGES = """
            images:
              postgres: {rootfs: {suite: trixie}}
              liquibase: {rootfs: {suite: trixie}}
            secrets:
              db-password: {generate: 32}
            """;

    /** Service {@code db} with port 8080 published and a {@code database:} block; its keys may follow. */
    private static final String DB_SERVICE = IMAGES + """
            services:
              db:
                image: postgres
                ports: [8080]
                database: {password: db-password}
            """;

    @Test
    void readsSecretsFromEachSource(@TempDir Path dir) throws Exception {
        Manifest manifest = ManifestLoader.load(write(dir, """
                images: {base: {rootfs: {suite: trixie}}}
                secrets:
                  db-password: {generate: 48}
                  app-password: {generate: true}
                  api-token: {env: API_TOKEN}
                  tls-key: {file: keys/tls.key}
                """));
        assertThat(manifest.secrets().keySet()).containsExactly("db-password", "app-password", "api-token", "tls-key");
        assertThat(manifest.secrets().values()).extracting(SecretSpec::source).containsExactly(
                new SecretSpec.Generated(48), new SecretSpec.Generated(SecretSpec.Generated.DEFAULT_LENGTH),
                new SecretSpec.FromEnv("API_TOKEN"),
                new SecretSpec.FromFile(dir.toAbsolutePath().normalize().resolve("keys/tls.key")));
        assertThat(manifest.secrets().get("api-token").location().line()).isEqualTo(5);
    }

    @Test
    void readsEveryPartOfAService(@TempDir Path dir) throws Exception {
        Manifest manifest = ManifestLoader.load(write(dir, IMAGES + """
                services:
                  db:
                    image: postgres
                    env: {POSTGRES_USER: postgres, POSTGRES_PASSWORD_FILE: /run/secrets/db-password}
                    secrets: [db-password]
                    volumes: {pgdata: /var/lib/postgresql/data, wal: /wal}
                    ports: [5432, "15432:5433"]
                    aliases: [postgres, pg]
                    stop-timeout: 1m30s
                  app:
                    image: liquibase
                    depends-on: [db]
                """));
        ServiceSpec db = manifest.services().get("db");
        assertThat(manifest.services().keySet()).containsExactly("db", "app");
        assertThat(db.image()).isEqualTo("postgres");
        assertThat(db.env()).containsExactly(Map.entry("POSTGRES_USER", "postgres"),
                Map.entry("POSTGRES_PASSWORD_FILE", "/run/secrets/db-password"));
        assertThat(db.secrets()).containsExactly("db-password");
        assertThat(db.volumes()).containsExactly(Map.entry("pgdata", "/var/lib/postgresql/data"),
                Map.entry("wal", "/wal"));
        assertThat(db.ports()).containsExactly(PortSpec.random(5432), PortSpec.fixed(15432, 5433));
        assertThat(db.aliases()).containsExactly("postgres", "pg");
        assertThat(db.stopTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(db.database()).isEmpty();
        assertThat(db.location().line()).isEqualTo(7);
        ServiceSpec app = manifest.services().get("app");
        assertThat(app.dependsOn()).containsExactly("db");
        assertThat(app.stopTimeout()).isEqualTo(ServiceSpec.DEFAULT_STOP_TIMEOUT);
        assertThat(app.ports()).isEmpty();
        assertThat(app.health()).isEmpty();
        assertThat(app.verify()).isEmpty();
    }

    @Test
    void aTestStackHoldsOnlyItsDatabasesVolumesInMemory(@TempDir Path dir) throws Exception {
        Manifest manifest = ManifestLoader.load(write(dir, IMAGES + """
                services:
                  db:
                    image: postgres
                    volumes: {pgdata: /var/lib/postgresql/data, wal: /wal}
                    database: {password: db-password}
                  app:
                    image: liquibase
                    volumes: {cache: /cache}
                """)).withDatabasesInMemory();
        assertThat(manifest.services().keySet()).containsExactly("db", "app");
        ServiceSpec db = manifest.services().get("db");
        assertThat(db.volumes()).isEmpty();
        assertThat(db.inMemory()).containsExactly("/var/lib/postgresql/data", "/wal");
        assertThat(db.location().line()).as("still where it was declared").isEqualTo(7);
        ServiceSpec app = manifest.services().get("app");
        assertThat(app.volumes()).containsExactly(Map.entry("cache", "/cache"));
        assertThat(app.inMemory()).isEmpty();
    }

    @Test
    void appliesDatabaseDefaultsAndPublishesItsPort(@TempDir Path dir) throws Exception {
        Manifest manifest = ManifestLoader.load(write(dir, IMAGES + """
                services:
                  plain:
                    image: postgres
                    database: {password: db-password}
                  custom:
                    image: postgres
                    ports: ["16000:6000"]
                    database: {port: 6432, user: admin, password: db-password}
                  listed:
                    image: postgres
                    ports: ["15432:5432"]
                    database: {password: db-password, name: app}
                """));
        ServiceSpec plain = manifest.services().get("plain");
        assertThat(plain.database()).contains(new DatabaseSpec(5432, "postgres", "db-password", "postgres"));
        assertThat(plain.ports()).containsExactly(PortSpec.random(5432));
        ServiceSpec custom = manifest.services().get("custom");
        assertThat(custom.database()).contains(new DatabaseSpec(6432, "admin", "db-password", "admin"));
        assertThat(custom.ports()).containsExactly(PortSpec.fixed(16000, 6000), PortSpec.random(6432));
        ServiceSpec listed = manifest.services().get("listed");
        assertThat(listed.database()).contains(new DatabaseSpec(5432, "postgres", "db-password", "app"));
        assertThat(listed.ports()).containsExactly(PortSpec.fixed(15432, 5432));
    }

    @Test
    void readsTheShortFormOfEveryCheck(@TempDir Path dir) throws Exception {
        Path file = write(dir, DB_SERVICE + """
                    health:
                      - tcp: 5432
                      - sql: select 1
                      - http: 8080
                      - healthcheck: true
                      - healthcheck: {}
                      - log: ready to accept connections
                      - exec: [pg_isready, -q]
                    verify:
                      - file: /var/lib/postgresql/data/PG_VERSION
                      - process: postgres
                      - port: "5432"
                      - extension: vector
                      - command: [psql, -c, select 1]
                """);
        ServiceSpec db = ManifestLoader.load(file).services().get("db");
        assertThat(db.health()).hasSize(7);
        assertThat(db.health().get(0)).isEqualTo(new CheckSpec.Tcp(5432, true, true, HEALTH, at(file, 12)));
        assertThat(db.health().get(1)).isEqualTo(new CheckSpec.Sql("select 1", Optional.empty(), Optional.empty(),
                HEALTH, at(file, 13)));
        assertThat(db.health().get(2)).isEqualTo(new CheckSpec.Http(8080, "/", 200, Optional.empty(), HEALTH,
                at(file, 14)));
        assertThat(db.health().subList(3, 5)).containsExactly(new CheckSpec.Healthcheck(HEALTH, at(file, 15)),
                new CheckSpec.Healthcheck(HEALTH, at(file, 16)));
        assertThat(db.health().get(5)).asInstanceOf(type(CheckSpec.Log.class)).satisfies(log -> {
            assertThat(log.pattern().pattern()).isEqualTo("ready to accept connections");
            assertThat(log.count()).isEqualTo(1);
        });
        assertThat(db.health().get(6)).isEqualTo(new CheckSpec.Exec("exec", List.of("pg_isready", "-q"), 0,
                Optional.empty(), HEALTH, at(file, 18)));
        assertThat(db.verify()).containsExactly(
                new CheckSpec.File("/var/lib/postgresql/data/PG_VERSION", Optional.empty(), Optional.empty(),
                        Optional.empty(), VERIFY, at(file, 20)),
                new CheckSpec.Process("postgres", Optional.empty(), VERIFY, at(file, 21)),
                new CheckSpec.Port(5432, VERIFY, at(file, 22)),
                new CheckSpec.Extension("vector", Optional.empty(), Optional.empty(), VERIFY, at(file, 23)),
                new CheckSpec.Exec("command", List.of("psql", "-c", "select 1"), 0, Optional.empty(), VERIFY,
                        at(file, 24)));
    }

    @Test
    void readsTheMapFormOfEveryCheck(@TempDir Path dir) throws Exception {
        Path file = write(dir, DB_SERVICE + """
                    health:
                      - tcp: {port: 5432, from: container}
                      - sql: {query: select count(*) from pg_database, expect: "3", database: app}
                      - http: {port: 8080, path: /health, status: 204, body: "ok|ready"}
                      - log: {pattern: "ready.*connections", count: 2}
                      - exec: {command: [pg_isready], exit: 1, output: accepting}
                    verify:
                      - file: {path: /data, type: directory, mode: "0700", owner: "999:999"}
                      - process: {name: postgres, user: postgres}
                      - port: {port: 5432}
                      - extension: {name: vector, version: "0.8.0", database: app}
                      - setting: {name: shared_preload_libraries, value: "pg_cron,pg_squeeze"}
                      - command: {command: [ls, /data], exit: 2, output: "No such"}
                """);
        ServiceSpec db = ManifestLoader.load(file).services().get("db");
        assertThat(db.health()).extracting(CheckSpec::kind).containsExactly("tcp", "sql", "http", "log", "exec");
        assertThat(db.health().get(0)).isEqualTo(new CheckSpec.Tcp(5432, false, true, HEALTH, at(file, 12)));
        assertThat(db.health().get(1)).isEqualTo(new CheckSpec.Sql("select count(*) from pg_database",
                Optional.of("3"), Optional.of("app"), HEALTH, at(file, 13)));
        assertThat(db.health().get(2)).asInstanceOf(type(CheckSpec.Http.class)).satisfies(http -> {
            assertThat(http.path()).isEqualTo("/health");
            assertThat(http.status()).isEqualTo(204);
            assertThat(http.body().map(Pattern::pattern)).contains("ok|ready");
        });
        assertThat(db.health().get(3)).asInstanceOf(type(CheckSpec.Log.class))
                .satisfies(log -> assertThat(log.count()).isEqualTo(2));
        assertThat(db.health().get(4)).asInstanceOf(type(CheckSpec.Exec.class)).satisfies(exec -> {
            assertThat(exec.exitCode()).isEqualTo(1);
            assertThat(exec.output().map(Pattern::pattern)).contains("accepting");
        });
        assertThat(db.verify().subList(0, 5)).containsExactly(
                new CheckSpec.File("/data", Optional.of("directory"), Optional.of("700"), Optional.of("999:999"),
                        VERIFY, at(file, 18)),
                new CheckSpec.Process("postgres", Optional.of("postgres"), VERIFY, at(file, 19)),
                new CheckSpec.Port(5432, VERIFY, at(file, 20)),
                new CheckSpec.Extension("vector", Optional.of("0.8.0"), Optional.of("app"), VERIFY, at(file, 21)),
                new CheckSpec.Setting("shared_preload_libraries", "pg_cron,pg_squeeze", VERIFY, at(file, 22)));
        assertThat(db.verify().get(5)).asInstanceOf(type(CheckSpec.Exec.class)).satisfies(command -> {
            assertThat(command.kind()).isEqualTo("command");
            assertThat(command.command()).containsExactly("ls", "/data");
            assertThat(command.exitCode()).isEqualTo(2);
        });
    }

    @Test
    void appliesCheckTimingKeysOverTheDefaults(@TempDir Path dir) throws Exception {
        ServiceSpec db = ManifestLoader.load(write(dir, IMAGES + """
                services:
                  db:
                    image: postgres
                    health:
                      - tcp: {port: 5432, from: container, timeout: 2m, interval: 250ms, backoff: 2, max-interval: 2s}
                      - tcp: {port: 5432, from: container, interval: 1s}
                      - tcp: {port: 5432, from: container, timeout: 1m30s}
                    verify:
                      - port: {port: 5432, backoff: 1}
                """)).services().get("db");
        assertThat(db.health()).extracting(CheckSpec::timing).containsExactly(
                new CheckSpec.Timing(Duration.ofMinutes(2), Duration.ofMillis(250), 2, Duration.ofSeconds(2)),
                new CheckSpec.Timing(HEALTH.timeout(), Duration.ofSeconds(1), HEALTH.backoff(), Duration.ofSeconds(1)),
                new CheckSpec.Timing(Duration.ofSeconds(90), HEALTH.interval(), HEALTH.backoff(), HEALTH.maxInterval()));
        assertThat(db.verify().get(0).timing())
                .isEqualTo(new CheckSpec.Timing(VERIFY.timeout(), VERIFY.interval(), 1, VERIFY.maxInterval()));
    }

    @Test
    void readsTheSchemaAndItsDefaults(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("liquibase"));
        Files.writeString(dir.resolve("liquibase/changelog.yaml"), "databaseChangeLog: []\n");
        Files.createDirectories(dir.resolve("db/main"));
        Files.writeString(dir.resolve("db/main/master.xml"), "<databaseChangeLog/>\n");
        String services = IMAGES + """
                  app-password: {generate: 32}
                services:
                  db:
                    image: postgres
                    database: {password: db-password}
                schema:
                  image: liquibase
                  service: db
                  database: app
                  owner: app_owner
                  owner-password: app-password
                """;
        Path base = dir.toAbsolutePath().normalize();
        Path file = write(dir, services);
        assertThat(ManifestLoader.load(file).schema()).contains(new SchemaSpec("liquibase", "db", "app", "app_owner",
                "app-password", base.resolve("liquibase"), SchemaSpec.DEFAULT_MASTER, SchemaSpec.DEFAULT_IMAGE_PATH,
                at(file, 11, 1)));
        write(dir, services + "  changelogs: db\n  master: main/master.xml\n  image-path: /changes\n");
        assertThat(ManifestLoader.load(file).schema()).get().satisfies(schema -> {
            assertThat(schema.changelogs()).isEqualTo(base.resolve("db"));
            assertThat(schema.master()).isEqualTo("main/master.xml");
            assertThat(schema.imagePath()).isEqualTo("/changes");
        });
    }

    @Test
    void loadsTheShippedManifestWithItsDatabaseService() throws Exception {
        Manifest shipped = ManifestLoader.load(Path.of("images.yaml"));
        ServiceSpec db = shipped.services().get("db");
        assertThat(shipped.secrets().keySet()).containsExactly("db-password", "app-password");
        assertThat(db.image()).isEqualTo("postgres");
        assertThat(db.database()).contains(new DatabaseSpec(5432, "postgres", "db-password", "postgres"));
        assertThat(db.health()).singleElement().extracting(check -> check.timing().timeout())
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(db.verify()).extracting(CheckSpec::kind).containsExactly("file", "process", "port", "setting",
                "extension", "extension", "extension");
        assertThat(shipped.schema()).get().extracting(SchemaSpec::service, SchemaSpec::database, SchemaSpec::master)
                .containsExactly("db", "app", "changelog.yaml");
    }

    @Test
    void parsesDurationsWithUnitsOnly() {
        assertThat(Durations.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(Durations.parse("1m30s")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("2m")).contains(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h5s")).contains(Duration.ofHours(1).plusSeconds(5));
        assertThat(Durations.parse("10")).isEmpty();
        assertThat(Durations.parse("30s1m")).isEmpty();
        assertThat(Durations.parse("")).isEmpty();
    }

    /** A check is located at its kind's key: column 9 in these manifests ({@code       - tcp: 5432}). */
    private static Location at(Path file, int line) {
        return at(file, line, 9);
    }

    private static Location at(Path file, int line, int column) {
        return Location.of(file, line, column);
    }

    private static Path write(Path dir, String yaml) throws IOException {
        return Files.writeString(dir.resolve("images.yaml"), yaml);
    }
}
