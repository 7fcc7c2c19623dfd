package dev.poststack.check;

import dev.poststack.api.DatabaseAccess;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a probe's attempt works with: the target, its container in the engine, the check's deadline
 * (blocking calls take no longer than what is left of it) and, on a check's first attempt, what the run's
 * checks share.
 *
 * @param firstAttempt    whether this is the check's first attempt: it may use the run's shared connection
 * @param firstVerifyLook whether this is a verify check's first attempt: its looks come from the run's shared
 *                        ones, made once the service is healthy (a health check looks for itself, or it would
 *                        make them before then)
 */
record CheckContext(CheckTarget target, EngineContainer container, Deadline deadline, FirstAttempts shared,
                    boolean firstAttempt, boolean firstVerifyLook) {

    private static final Duration MAX_LOOK_TIME = Duration.ofSeconds(10);
    /** An exec takes the engine a tenth of a second or more; the last attempt at the deadline gets this. */
    private static final Duration MIN_LOOK_TIME = Duration.ofSeconds(2);

    /**
     * Runs a short read-only command (stat, a /proc listing) in the container as root, who sees every path
     * and process whatever the image's user may read.
     */
    ExecResult lookAsRoot(List<String> command) throws InterruptedException {
        Duration timeout = deadline.budget(MAX_LOOK_TIME, MIN_LOOK_TIME);
        if (firstVerifyLook) {
            Optional<ExecResult> result = shared.look(command, timeout);
            if (result.isPresent()) {
                return result.get();
            }
        }
        return container.exec(Optional.of(EngineContainer.ROOT), timeout, command);
    }

    /** {@link #lookAsRoot} of a POSIX sh script: no image can be relied on for more than sh and coreutils. */
    ExecResult shellAsRoot(String script) throws InterruptedException {
        return lookAsRoot(shell(script));
    }

    /** The command that runs {@code script} in sh. */
    static List<String> shell(String script) {
        return List.of("sh", "-c", script);
    }

    /** The conclusive failure of a check from the host when {@link CheckTarget#hostPort} has no port. */
    static Observation notPublishedOnHost(int containerPort) {
        return Observation.failedForGood("container port " + containerPort + " is not published on the host");
    }

    /** The service's database, or {@code database} on the same server when a check names another. */
    Optional<DatabaseAccess> database(Optional<String> database) {
        return target.database().map(access -> database.map(access::withDatabase).orElse(access));
    }

    /**
     * The run's shared connection to {@code access} on a first attempt, else empty (the caller connects anew).
     */
    Optional<Connection> sharedConnection(DatabaseAccess access) throws SQLException, InterruptedException {
        return firstAttempt ? Optional.of(shared.connection(access, deadline)) : Optional.empty();
    }

    /**
     * Offers the connection of a passed check to the run's later checks; true when it was taken (the caller
     * must not close it then).
     */
    boolean keep(DatabaseAccess access, Connection connection) {
        return shared.adopt(access, connection);
    }
}
