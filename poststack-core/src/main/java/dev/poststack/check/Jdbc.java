package dev.poststack.check;

import dev.poststack.api.DatabaseAccess;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** JDBC connections for checks, bounded by what is left of the check's time. */
final class Jdbc {

    /** Longer than any local connection needs; a slower one is no answer. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);
    /** The driver counts whole seconds; zero would mean no limit. */
    private static final Duration MIN_WAIT = Duration.ofSeconds(1);

    private Jdbc() {
    }

    /** Connects with connect, login and socket (each read) timeouts of what is left, in whole seconds. */
    static Connection connect(DatabaseAccess access, Deadline deadline) throws SQLException {
        String seconds = Long.toString(deadline.budget(MAX_WAIT, MIN_WAIT).toSeconds());
        Properties properties = new Properties();
        properties.setProperty("user", access.user());
        properties.setProperty("password", access.password());
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        properties.setProperty("ApplicationName", "poststack check");
        return DriverManager.getConnection(access.jdbcUrl(), properties);
    }
}
