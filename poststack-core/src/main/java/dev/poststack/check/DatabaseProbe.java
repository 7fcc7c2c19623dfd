package dev.poststack.check;

import dev.poststack.api.DatabaseAccess;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * A probe that asks the service's PostgreSQL over JDBC. A probe that only reads the catalog shares the run's
 * connection on its first attempt; otherwise, and on every later attempt, it connects anew (a server that
 * restarted in between must be seen). The connection of an attempt that passed is offered to the run's later
 * checks (its session reset first when the probe may have changed it): the health check's proves the server
 * answers, and the side-effect checks that follow at once need no connection of their own. The driver's
 * connect and socket timeouts bound the whole attempt.
 */
interface DatabaseProbe extends Probe {

    /** Another database of the same server, when the check names one. */
    Optional<String> database();

    /** One look through an open connection to {@code database}. */
    Observation ask(Connection connection, String database) throws SQLException;

    /**
     * Whether the probe's statements leave the session as they found it, so other checks may run on its
     * connection: true for poststack's own catalog queries, not for a user's statement.
     */
    default boolean leavesSessionAlone() {
        return true;
    }

    @Override
    default Observation attempt(CheckContext context) throws SQLException, InterruptedException {
        Optional<DatabaseAccess> access = context.database(database());
        if (access.isEmpty()) {
            return Observation.failedForGood("the service declares no database to connect to");
        }
        Optional<Connection> shared = leavesSessionAlone() ? context.sharedConnection(access.get()) : Optional.empty();
        if (shared.isPresent()) {
            return ask(shared.get(), access.get().database());
        }
        Connection connection = Jdbc.connect(access.get(), context.deadline());
        Observation seen;
        try {
            seen = ask(connection, access.get().database());
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        if (!seen.passed() || !offer(context, access.get(), connection)) {
            connection.close();
        }
        return seen;
    }

    /**
     * Offers {@code connection} to the run's later checks, in a fresh session: what a user's statement
     * changed (a setting, a role) must not leak into the checks that share it. True when it was taken.
     */
    private boolean offer(CheckContext context, DatabaseAccess access, Connection connection) {
        return (leavesSessionAlone() || discardSession(connection)) && context.keep(access, connection);
    }

    /**
     * Resets the session to a new one's state; false when it cannot be (DISCARD ALL fails inside a transaction
     * block a statement left open). The driver forgets its server-side prepared statements with it.
     */
    private static boolean discardSession(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DISCARD ALL");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** {@code " (database app)"} when a check names a database, else nothing. */
    static String onDatabase(Optional<String> database) {
        return database.map(db -> " (database " + db + ")").orElse("");
    }
}
