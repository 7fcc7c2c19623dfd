package dev.poststack.check;

import java.sql.SQLException;
import java.util.Set;

/**
 * Errors that waiting cannot heal: the server answered, and said no. PostgreSQL's SQLSTATE class 28
 * (invalid authorization: {@code password authentication failed}, {@code role ... does not exist}) and
 * {@code 3D000} ({@code database ... does not exist}) after it accepted the connection. Connection refused,
 * {@code the database system is starting up} (57P03) and the like are transient and keep the check waiting.
 */
final class PermanentErrors {

    private static final Set<String> STATES = Set.of("3D000");
    private static final Set<String> CLASSES = Set.of("28");

    private PermanentErrors() {
    }

    static boolean isPermanent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && isPermanentState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static boolean isPermanentState(String state) {
        return STATES.contains(state) || state.length() == 5 && CLASSES.contains(state.substring(0, 2));
    }
}
