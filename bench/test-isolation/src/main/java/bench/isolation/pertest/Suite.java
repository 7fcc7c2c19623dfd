package bench.isolation.pertest;

import bench.isolation.Work;
import dev.poststack.junit.PoststackExtension;
import dev.poststack.junit.PoststackTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.nio.file.Path;

/** poststack, a database per test: 10 classes of 5 tests, each test on its own copy of the migrated schema. */
abstract class Suite {

    @RegisterExtension
    static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(Path.of(System.getProperty("bench.manifest")))
            .isolation(PoststackTest.Isolation.DATABASE_PER_TEST);

    @RepeatedTest(5)
    void needsAnEmptyMigratedSchema(DataSource db) throws Exception {
        long start = Work.epochMicros();
        Work.body(db);
        // when and where each body ran: the script counts how many overlapped (parallel execution)
        Work.note("span", start + " " + Work.epochMicros() + " " + Thread.currentThread().getName());
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
