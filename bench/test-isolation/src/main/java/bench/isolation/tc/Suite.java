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
import org.testcontainers.containers.PostgreSQLContainer;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Testcontainers' PostgreSQLContainer on poststack's image ({@link Postgres}), a container per class migrated by
 * Liquibase in the JVM, TRUNCATE before each test within the class: 10 classes of 5 tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Suite {

    private PostgreSQLContainer<?> db;
    private DataSource source;

    @BeforeAll
    void startAndMigrate() throws Exception {
        db = Postgres.container();
        db.start();
        Work.note("tc-container", db.getContainerId());
        source = Postgres.dataSource(db);
        try (Connection c = Postgres.connect(source); Statement st = c.createStatement()) {
            st.execute("create role app login");
            Liquibase liquibase = new Liquibase("changelog.yaml",
                    new DirectoryResourceAccessor(Path.of(System.getProperty("bench.changelogs"))), new JdbcConnection(c));
            liquibase.update("");
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
