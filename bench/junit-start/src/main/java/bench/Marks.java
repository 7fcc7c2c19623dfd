package bench;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Wall-clock marks of one run, appended as {@code name epoch-millis} lines to the file named by the system
 * property {@code bench.marks}; bench/junit-start.sh reads them. Everything that costs more than a file
 * append happens in {@link #afterBody}, after the measured instant.
 */
public final class Marks {

    private Marks() {
    }

    public static void mark(String name) {
        note(name, System.currentTimeMillis());
    }

    public static void note(String name, Object value) {
        try {
            Files.writeString(Path.of(System.getProperty("bench.marks")), name + " " + value + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection to the database the test body was handed. */
    public interface Connector {
        Connection connect() throws SQLException;
    }

    public static Connector of(DataSource source) {
        return source::getConnection;
    }

    /**
     * Not timed: when the JVM says it started, and proof that the database answers at the first body (one
     * connection, one query, no retry), with the time its postmaster started.
     */
    public static void afterBody(Connector connector) throws SQLException {
        note("jvm-start", ManagementFactory.getRuntimeMXBean().getStartTime());
        try (Connection c = connector.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select (extract(epoch from pg_postmaster_start_time()) * 1000)::bigint")) {
            rs.next();
            note("postmaster-start", rs.getLong(1));
        }
        mark("query-ok");
    }
}
