package bench.isolation.truncate;

import bench.isolation.Work;
import dev.poststack.junit.PoststackExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * poststack, one shared stack, TRUNCATE before each test (what teams write by hand): 10 classes of 5 tests.
 * Cannot run in parallel: concurrent tests would see each other's rows.
 */
abstract class Suite {

    @RegisterExtension
    static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(Path.of(System.getProperty("bench.manifest")));

    @BeforeEach
    void empty(DataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate account, document, document_embedding restart identity cascade");
        }
    }

    @RepeatedTest(5)
    void needsAnEmptyMigratedSchema(DataSource db) throws Exception {
        Work.body(db);
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
