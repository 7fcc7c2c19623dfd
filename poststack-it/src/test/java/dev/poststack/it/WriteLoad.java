package dev.poststack.it;

import dev.poststack.api.DatabaseAccess;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A bounded write load: one thread inserting ids 1, 2, 3, ... into {@code table(id bigint primary key)}, one
 * autocommitted insert at a time, reconnecting after a failure. An id is acknowledged when its commit
 * returned; a failed insert's id is not retried (it may or may not be there), the next one is taken. Stops
 * after {@code maxWrites} attempts or {@code maxTime}, whichever is first.
 */
final class WriteLoad implements AutoCloseable {

    private final DatabaseAccess access;
    private final String table;
    private final int maxWrites;
    private final Duration maxTime;
    /** Acknowledged id to the System.nanoTime() of its acknowledgement. */
    private final ConcurrentSkipListMap<Long, Long> acknowledged = new ConcurrentSkipListMap<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile int failures;

    WriteLoad(DatabaseAccess access, String table, int maxWrites, Duration maxTime) {
        this.access = access;
        this.table = table;
        this.maxWrites = maxWrites;
        this.maxTime = maxTime;
        this.thread = new Thread(this::run, "write-load");
        thread.setDaemon(true);
    }

    WriteLoad start() {
        thread.start();
        return this;
    }

    private void run() {
        long deadline = System.nanoTime() + maxTime.toNanos();
        Connection connection = null;
        for (long id = 1; id <= maxWrites && !stopped && System.nanoTime() < deadline; id++) {
            try {
                if (connection == null) {
                    connection = connect();
                }
                try (PreparedStatement insert = connection.prepareStatement("insert into " + table + " values (?)")) {
                    insert.setLong(1, id);
                    insert.executeUpdate();
                }
                acknowledged.put(id, System.nanoTime());
            } catch (SQLException e) {
                failures++;
                close(connection);
                connection = null;
                sleep(50);
            }
        }
        close(connection);
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", access.user());
        props.setProperty("password", access.password());
        props.setProperty("connectTimeout", "2");
        props.setProperty("socketTimeout", "5");
        return DriverManager.getConnection(access.jdbcUrl(), props);
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    List<Long> acknowledgedIds() {
        return List.copyOf(acknowledged.keySet());
    }

    int failures() {
        return failures;
    }

    /** The first write acknowledged after {@code nanoTime}, as (id, nanoTime of its acknowledgement). */
    Optional<Map.Entry<Long, Long>> firstAcknowledgedAfter(long nanoTime) {
        return acknowledged.entrySet().stream().filter(e -> e.getValue() > nanoTime).findFirst();
    }

    boolean running() {
        return thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(Duration.ofSeconds(10).toMillis());
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a connection to a killed server: nothing to close
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
