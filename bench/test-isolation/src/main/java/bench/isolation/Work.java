package bench.isolation;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The body every test of the example suite runs, whichever way it is isolated: it needs the migrated schema
 * empty, writes 20 accounts with a document and an embedding each, and asks a nearest-neighbour question.
 * Exact counts prove that no other test's rows were seen (also under parallel execution).
 */
public final class Work {

    public static final int ROWS = 20;

    private Work() {
    }

    public static void body(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            expect(s, "select count(*) from account", 0);
            s.execute("insert into account (email, display_name) select 'u' || i || '@example.org', 'User ' || i"
                    + " from generate_series(1, " + ROWS + ") i");
            s.execute("insert into document (owner_id, title) select id, 'doc of ' || id from account");
            s.execute("insert into document_embedding (document_id, embedding, model) select id,"
                    + " ('[' || id || ',1,2]')::vector, 'm' from document");
            expect(s, "select count(*) from (select document_id from document_embedding"
                    + " order by embedding <-> '[3,1,2]' limit 5) n", 5);
            expect(s, "select count(*) from account", ROWS);
            expect(s, "select count(*) from document_embedding", ROWS);
        }
    }

    private static void expect(Statement s, String sql, long expected) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            if (rs.getLong(1) != expected) {
                throw new AssertionError(sql + ": expected " + expected + ", saw " + rs.getLong(1)
                        + " (another test's rows?)");
            }
        }
    }

    /** Now, in microseconds since the epoch (the script's marks are in the same unit). */
    public static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** Appends {@code name value} to the file named by {@code bench.marks}. */
    public static void note(String name, Object value) {
        try {
            Files.writeString(Path.of(System.getProperty("bench.marks")), name + " " + value + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
