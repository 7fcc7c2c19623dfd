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
 * Per-test database readiness, as a test sees it: take a copy from the pool (as the extension makes it) and get
 * the first connection of its DataSource (the one the extension injects) and query, then the test's work, then
 * close (dropped in the background), {@code bench.ready.count} times. Also the bare copy time of each strategy
 * (no pool), {@code bench.copy.count} times each, and a first connection the test opens itself to each of those
 * fresh copies. Lines go to the marks file: {@code ready ms} (with its parts {@code take ms}, {@code connect
 * ms}), {@code copy-<strategy> ms}, {@code cold-connect ms}, {@code strategy NAME}.
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
                    long t1 = System.nanoTime();
                    Work.note("copy-" + strategy, (t1 - t0) / 1e6);
                    // a first connection to a fresh copy opened by the test itself (what the pool does ahead)
                    try (Connection c = copy.dataSource().getConnection(); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("select count(*) from account")) {
                        rs.next();
                        Work.note("cold-connect", (System.nanoTime() - t1) / 1e6);
                    }
                    copy.close();
                }
            }
        }
        // The pool as the extension makes it (its default strategy), and the DataSource it injects.
        try (DatabaseCopies pool = DatabaseCopies.from(stack.admin(), stack.database()).prepare()) {
            Work.note("strategy", pool.strategy());
            for (int i = 0; i < ready; i++) {
                long t0 = System.nanoTime();
                try (DatabaseCopy copy = pool.take()) {
                    long t1 = System.nanoTime();
                    Work.note("take", (t1 - t0) / 1e6);
                    var source = copy.dataSource();
                    try (Connection c = source.getConnection(); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("select count(*) from account")) {
                        rs.next();
                        long t2 = System.nanoTime();
                        Work.note("ready", (t2 - t0) / 1e6);
                        Work.note("connect", (t2 - t1) / 1e6);
                    }
                    Work.body(source);
                }
            }
        }
    }
}
