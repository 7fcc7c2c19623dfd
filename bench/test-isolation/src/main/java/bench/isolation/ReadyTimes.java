package bench.isolation;

import dev.poststack.clone.CopyStrategy;
import dev.poststack.clone.DatabaseCopies;
import dev.poststack.clone.DatabaseCopy;
import dev.poststack.junit.PoststackExtension;
import dev.poststack.junit.PoststackStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Per-test database readiness, as a test sees it: take a copy from the pool and make the first connection
 * and query, then the test's work, then close (dropped in the background), {@code bench.ready.count} times.
 * Also the bare copy time of each strategy (no pool), {@code bench.copy.count} times each. Lines go to the
 * marks file: {@code ready-<strategy> ms}, {@code copy-<strategy> ms}.
 */
class ReadyTimes {

    @RegisterExtension
    static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(Path.of(System.getProperty("bench.manifest")));

    @Test
    void measure(PoststackStack stack) throws Exception {
        int copies = Integer.getInteger("bench.copy.count", 10);
        int ready = Integer.getInteger("bench.ready.count", 200);
        for (CopyStrategy strategy : CopyStrategy.values()) {
            try (DatabaseCopies pool = DatabaseCopies.from(stack.admin(), stack.database()).strategy(strategy)
                    .poolSize(0).prepare()) {
                for (int i = 0; i < copies; i++) {
                    long t0 = System.nanoTime();
                    DatabaseCopy copy = pool.take();
                    Work.note("copy-" + strategy, (System.nanoTime() - t0) / 1e6);
                    copy.close();
                }
            }
        }
        CopyStrategy strategy = CopyStrategy.valueOf(System.getProperty("bench.strategy", "WAL_LOG"));
        try (DatabaseCopies pool = DatabaseCopies.from(stack.admin(), stack.database()).strategy(strategy).prepare()) {
            for (int i = 0; i < ready; i++) {
                long t0 = System.nanoTime();
                try (DatabaseCopy copy = pool.take()) {
                    var source = PoststackStack.dataSource(copy.access());
                    try (Connection c = source.getConnection(); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("select count(*) from account")) {
                        rs.next();
                        Work.note("ready", (System.nanoTime() - t0) / 1e6);
                    }
                    Work.body(source);
                }
            }
        }
    }
}
