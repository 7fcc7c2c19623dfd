package dev.poststack.check;

import dev.poststack.api.DatabaseAccess;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A probe that asks the service's PostgreSQL over JDBC, on a new connection each attempt (a server that
 * restarted in between must be seen). The driver's connect and socket timeouts bound the whole attempt.
 */
interface DatabaseProbe extends Probe {

    /** Another database of the same server, when the check names one. */
    Optional<String> database();

    /** One look through an open connection to {@code database}. */
    Observation ask(Connection connection, String database) throws SQLException;

    @Override
    default Observation attempt(CheckContext context) throws SQLException {
        Optional<DatabaseAccess> access = context.database(database());
        if (access.isEmpty()) {
            return Observation.failedForGood("the service declares no database to connect to");
        }
        try (Connection connection = Jdbc.connect(access.get(), context.deadline())) {
            return ask(connection, access.get().database());
        }
    }

    /** {@code " (database app)"} when a check names a database, else nothing. */
    static String onDatabase(Optional<String> database) {
        return database.map(db -> " (database " + db + ")").orElse("");
    }
}
