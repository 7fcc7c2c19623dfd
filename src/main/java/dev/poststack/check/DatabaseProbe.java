package dev.poststack.check;

import dev.poststack.api.DatabaseAccess;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A probe that asks the service's PostgreSQL over JDBC, on a new connection each attempt (a server that
 * restarted in between must be seen). The driver's connect and socket timeouts bound the whole attempt.
 */
abstract class DatabaseProbe implements Probe {

    private final Optional<String> database;

    /** @param database another database of the same server, when the check names one */
    DatabaseProbe(Optional<String> database) {
        this.database = database;
    }

    @Override
    public final Observation attempt(CheckContext context) throws SQLException {
        Optional<DatabaseAccess> access = context.database(database);
        if (access.isEmpty()) {
            return Observation.failedForGood("the service declares no database to connect to");
        }
        try (Connection connection = Jdbc.connect(access.get(), context.deadline())) {
            return ask(connection, access.get().database());
        }
    }

    /** One look through an open connection to {@code database}. */
    abstract Observation ask(Connection connection, String database) throws SQLException;

    /** {@code " (database app)"} when the check names a database, else nothing. */
    final String onDatabase() {
        return database.map(db -> " (database " + db + ")").orElse("");
    }
}
