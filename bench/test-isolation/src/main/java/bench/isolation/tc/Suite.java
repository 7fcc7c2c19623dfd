package bench.isolation.tc;

import bench.isolation.Work;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Testcontainers' PostgreSQLContainer on poststack's image, a container per class migrated by Liquibase in the
 * JVM, TRUNCATE before each test within the class: 10 classes of 5 tests. The log wait counts the ready line
 * once (PostgreSQLContainer's own waits for it twice, which poststack's image, having no temporary init server,
 * prints once), and the migration retries its first connection, so it works either way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Suite {

    private PostgreSQLContainer<?> db;
    private DataSource source;

    @BeforeAll
    void startAndMigrate() throws Exception {
        db = new PostgreSQLContainer<>(DockerImageName.parse("poststack/postgres:latest").asCompatibleSubstituteFor("postgres"))
                .withUsername("postgres").withPassword(System.getenv("BENCH_PG_PASSWORD"))
                .withEnv("POSTGRES_SETTING_cron__database_name", "test")
                .withLabel("dev.poststack.bench", System.getenv("BENCH_RUN"))
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 1)
                        .withStartupTimeout(Duration.ofSeconds(60)));
        db.start();
        Work.note("tc-container", db.getContainerId());
        PGSimpleDataSource s = new PGSimpleDataSource();
        s.setUrl(db.getJdbcUrl());
        s.setUser(db.getUsername());
        s.setPassword(db.getPassword());
        source = s;
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("create role app login");
            Liquibase liquibase = new Liquibase("changelog.yaml",
                    new DirectoryResourceAccessor(Path.of(System.getProperty("bench.changelogs"))), new JdbcConnection(c));
            liquibase.update("");
        }
    }

    private Connection connect() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return source.getConnection();
            } catch (SQLException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    void stop() {
        if (db != null) {
            db.stop();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate account, document, document_embedding restart identity cascade");
        }
    }

    @RepeatedTest(5)
    void needsAnEmptyMigratedSchema() throws Exception {
        Work.body(source);
    }
}

class C01 extends Suite { }
class C02 extends Suite { }
class C03 extends Suite { }
class C04 extends Suite { }
class C05 extends Suite { }
class C06 extends Suite { }
class C07 extends Suite { }
class C08 extends Suite { }
class C09 extends Suite { }
class C10 extends Suite { }
