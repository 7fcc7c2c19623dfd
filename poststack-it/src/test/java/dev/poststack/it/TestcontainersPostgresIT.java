package dev.poststack.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.utility.DockerImageName;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static dev.poststack.it.Sql.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Testcontainers' own, unmodified {@code PostgreSQLContainer} on poststack's postgres images, as a team that uses
 * the official {@code postgres} image would write it: {@code asCompatibleSubstituteFor("postgres")}, an init
 * script, another database and user, {@code withCommand("postgres -c fsync=off")}. It waits for the official
 * image's log line "database system is ready to accept connections" twice (temporary init server, then the
 * real one).
 * <p>
 * The build runs this class on Testcontainers 1.21 ({@code org.testcontainers.containers.PostgreSQLContainer})
 * and, in the {@code testcontainers-2.0} failsafe execution, on 2.0 ({@code org.testcontainers.postgresql.PostgreSQLContainer});
 * the system property {@code poststack.testcontainers.line} says which one is expected on the classpath, and
 * the test fails if another one is there. The class is created by name so one source serves both lines (their
 * {@code JdbcDatabaseContainer} API is the same). {@code postgres-citus} inherits the same entrypoint but cannot
 * be built here (no Citus source).
 */
class TestcontainersPostgresIT {

    private static final String LINE = System.getProperty("poststack.testcontainers.line", "1.21");
    private static String namespace;

    @BeforeAll
    static void images() throws Exception {
        namespace = SharedImages.namespace();
    }

    @Test
    void theExpectedTestcontainersLineIsOnTheClasspath() {
        assertThat(DockerClientFactory.class.getPackage().getImplementationVersion()).startsWith(LINE + ".");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "postgres-gis"})
    void defaultsInitScriptAndCommand(String image) throws Exception {
        try (JdbcDatabaseContainer<?> pg = postgreSQLContainer(image)) {
            pg.withInitScript("testcontainers/init.sql").withCommand("postgres -c fsync=off");
            pg.start();

            try (Connection c = DriverManager.getConnection(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword());
                 Statement s = c.createStatement()) {
                assertThat(single(s, "select current_user || '@' || current_database()")).isEqualTo("test@test");
                assertThat(single(s, "show fsync")).isEqualTo("off");
                assertThat(single(s, "select string_agg(name, ',' order by name) from tc_init")).isEqualTo("a,b");
                if (image.equals("postgres-gis")) {
                    s.execute("CREATE EXTENSION postgis");
                    assertThat(single(s, "select ST_AsText(ST_MakePoint(1, 2))")).isEqualTo("POINT(1 2)");
                }
            }
            assertThat(pg.getLogs().split("database system is ready to accept connections", -1)).hasSize(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "postgres-gis"})
    void anotherDatabaseAndUser(String image) throws Exception {
        try (JdbcDatabaseContainer<?> pg = postgreSQLContainer(image)) {
            pg.withDatabaseName("shop").withUsername("shop_owner").withPassword("s3cret-" + image);
            pg.start();

            try (Connection c = DriverManager.getConnection(pg.getJdbcUrl(), "shop_owner", "s3cret-" + image);
                 Statement s = c.createStatement()) {
                assertThat(single(s, "select current_user || '@' || current_database()")).isEqualTo("shop_owner@shop");
                assertThat(single(s, "select rolsuper::text from pg_roles where rolname = current_user")).isEqualTo("true");
            }
        }
    }

    /** The line's PostgreSQLContainer for the shared image {@code name}, created by class name. */
    private static JdbcDatabaseContainer<?> postgreSQLContainer(String name) throws Exception {
        String className = LINE.equals("2.0") ? "org.testcontainers.postgresql.PostgreSQLContainer"
                : "org.testcontainers.containers.PostgreSQLContainer";
        DockerImageName image = DockerImageName.parse(namespace + "/" + name + ":latest").asCompatibleSubstituteFor("postgres");
        JdbcDatabaseContainer<?> pg = (JdbcDatabaseContainer<?>) Class.forName(className)
                .getConstructor(DockerImageName.class).newInstance(image);
        // Its own wait (the ready line twice), given longer than its 60 s: initdb alone took over a minute on a
        // machine shared by many builds.
        pg.withStartupTimeout(Duration.ofSeconds(240));
        return pg;
    }
}
