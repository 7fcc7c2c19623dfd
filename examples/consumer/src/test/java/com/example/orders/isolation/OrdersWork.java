package com.example.orders.isolation;

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
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every test of the isolation suite does, however it is isolated: it needs the migrated {@code orders}
 * schema empty, places 20 customers and 30 orders, and checks exact counts, so a test that saw another test's
 * rows fails (also under JUnit's parallel execution). The suite is 10 classes of 5 tests, written three ways:
 * {@code pertest} (a database per test), {@code truncate} (one shared database, TRUNCATE before each test) and
 * {@code tc} (Testcontainers' PostgreSQLContainer, a container per class).
 */
public final class OrdersWork {

    /** The tables the suite writes, in the order TRUNCATE takes them. */
    public static final String TABLES = "orders, customer";

    private OrdersWork() {
    }

    public static void needsAnEmptySchema(DataSource db) throws SQLException {
        Instant start = Instant.now();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            assertEquals(0, count(s, "select count(*) from customer"), "customers before the test (another test's rows?)");
            assertEquals(0, count(s, "select count(*) from orders"), "orders before the test (another test's rows?)");
            s.execute("insert into customer (name) select 'customer ' || i from generate_series(1, 20) i");
            s.execute("insert into orders (customer_id, total_cents) select id, 100 from customer");
            s.execute("insert into orders (customer_id, total_cents) select id, 250 from customer"
                    + " where name in (select name from customer order by name limit 10)");
            assertEquals(20, count(s, "select count(*) from customer"), "customers");
            assertEquals(30, count(s, "select count(*) from orders o join customer c on c.id = o.customer_id"), "orders");
            assertEquals(20 * 100 + 10 * 250, count(s, "select sum(total_cents) from orders"), "total");
        }
        span(start);
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * With {@code -Dorders.isolation.spans=FILE}, appends when and on which thread the test ran ({@code span
     * <start µs> <end µs> <thread>}): bench/test-isolation.sh counts from it how many tests ran at once.
     */
    private static void span(Instant start) {
        String file = System.getProperty("orders.isolation.spans");
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Path.of(file), "span " + micros(start) + " " + micros(Instant.now()) + " "
                    + Thread.currentThread().getName() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
    }
}
