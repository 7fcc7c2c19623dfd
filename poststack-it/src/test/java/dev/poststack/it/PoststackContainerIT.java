package dev.poststack.it;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.clone.CopyInfo;
import dev.poststack.clone.DatabaseCopies;
import dev.poststack.clone.DatabaseCopy;
import dev.poststack.testcontainers.PoststackContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Testcontainers integration: a container of a poststack service, ready when its checks pass. */
@Testcontainers
class PoststackContainerIT {

    static final Poststack POSTSTACK = Poststack.open(SharedImages.manifest());

    @Container
    static final PoststackContainer DB = PoststackContainer.of(POSTSTACK, "db");

    @AfterAll
    static void close() {
        POSTSTACK.close();
    }

    @Test
    void isReadyWhenItsChecksPassAndAnswersWithTheGeneratedPassword() throws Exception {
        DatabaseAccess db = DB.database();
        assertThat(db.port()).isEqualTo(DB.getMappedPort(5432));
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show shared_preload_libraries")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("pg_cron,pg_squeeze,pg_stat_statements");
        }
        assertThat(POSTSTACK.check("db", DB.getContainerId(), java.util.Map.of(5432, DB.getMappedPort(5432))))
                .hasSize(8).allMatch(r -> r.passed());
    }

    @Test
    void publishesOnLoopbackOnlyAndKeepsThePasswordOutOfInspect() throws Exception {
        var inspect = DB.getDockerClient().inspectContainerCmd(DB.getContainerId()).exec();
        Ports.Binding[] bindings = inspect.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(5432));
        assertThat(bindings).allSatisfy(b -> assertThat(b.getHostIp()).isEqualTo("127.0.0.1"));
        assertThat(String.join(" ", inspect.getConfig().getEnv())).doesNotContain(DB.database().password());
        assertThat(inspect.getConfig().getLabels()).containsEntry("dev.poststack.managed", "true")
                .containsKey("dev.poststack.project");
    }

    @Test
    void aPortATestExposesIsPublishedOnLoopbackToo() {
        try (PoststackContainer db = PoststackContainer.of(POSTSTACK, "db").withExposedPorts(5432, 5433)) {
            db.start();

            var bindings = db.getDockerClient().inspectContainerCmd(db.getContainerId()).exec().getNetworkSettings()
                    .getPorts().getBindings();
            assertThat(bindings.get(ExposedPort.tcp(5433))).isNotEmpty()
                    .allSatisfy(b -> assertThat(b.getHostIp()).isEqualTo("127.0.0.1"));
            assertThat(db.getMappedPort(5433)).isNotEqualTo(db.getMappedPort(5432));
        }
    }

    /**
     * Another namespace, and a postgres image whose labels differ (so it has to build: every Dockerfile step comes
     * from the engine's cache, only the label step runs): start() builds it with one progress line per event on
     * stderr, then starts the container from it, with no pull and no "No such image".
     */
    @Test
    void startBuildsTheMissingImageWithProgressOnStderr(@TempDir Path dir) throws Exception {
        String namespace = "psit-tc-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Path manifest = TestProject.copyOfRepo(dir, namespace).editManifest("postgres: {catalog: postgres}",
                "postgres: {catalog: postgres, labels: {dev.poststack.test.run: " + namespace + "}}").manifest();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        try (EngineFixture engine = new EngineFixture()) {
            try (Poststack fresh = Poststack.open(manifest); PoststackContainer db = PoststackContainer.of(fresh, "db")) {
                System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
                try {
                    db.start();
                } finally {
                    System.setErr(original);
                }
                String progress = err.toString(java.nio.charset.StandardCharsets.UTF_8);
                assertThat(progress).as(progress).contains("[base-debian] cached (inputs unchanged)")
                        .contains("[postgres] building with dockerfile").containsPattern("\\[postgres\\] built sha256:");
                assertThat(db.isRunning()).isTrue();
                assertThat(engine.imageId(namespace + "/postgres:latest")).isPresent();
            } finally {
                engine.removeImages(namespace);
            }
        }
    }

    @Test
    void aFailingCheckFailsTheStartWithTheChecksMessage(@TempDir Path dir) throws Exception {
        Path manifest = TestProject.copyOfRepo(dir, SharedImages.namespace())
                .editManifest("      - port: 5432\n", "      - port: 5433\n").manifest();
        try (Poststack broken = Poststack.open(manifest); PoststackContainer db = PoststackContainer.of(broken, "db")) {
            assertThatThrownBy(db::start).hasStackTraceContaining("verify check `port 5433`")
                    .hasStackTraceContaining("expected:");
            assertThat(db.isRunning()).isFalse();
        }
    }

    @Test
    void freshDatabasesAreCopiesOfTheContainersDatabaseDroppedOnClose() throws Exception {
        DatabaseAccess db = DB.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute("create table if not exists migrated (id int primary key)");
        }
        String first;
        try (DatabaseCopy copy = DB.freshDatabase(); DatabaseCopy other = DB.freshDatabase()) {
            first = copy.name();
            assertThat(other.name()).isNotEqualTo(first);
            try (Connection c = DriverManager.getConnection(copy.access().jdbcUrl(), copy.access().user(),
                    copy.access().password()); Statement s = c.createStatement()) {
                s.execute("insert into migrated values (1)");
            }
            try (Connection c = DriverManager.getConnection(other.access().jdbcUrl(), other.access().user(),
                    other.access().password()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from migrated")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the other copy has the table, not the first copy's row").isZero();
            }
        }
        Eventually.within(java.time.Duration.ofSeconds(10), () ->
                assertThat(DatabaseCopies.list(db)).extracting(CopyInfo::name).doesNotContain(first));
    }
}
