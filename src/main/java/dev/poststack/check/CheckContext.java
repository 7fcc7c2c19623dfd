package dev.poststack.check;

import dev.poststack.api.DatabaseAccess;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a probe's attempt works with: the target, its container in the engine, and the check's deadline
 * (blocking calls take no longer than what is left of it).
 */
record CheckContext(CheckTarget target, EngineContainer container, Deadline deadline) {

    private static final Duration MAX_LOOK_TIME = Duration.ofSeconds(10);
    /** An exec takes the engine a tenth of a second or more; the last attempt at the deadline gets this. */
    private static final Duration MIN_LOOK_TIME = Duration.ofSeconds(2);

    /**
     * Runs a short read-only command (stat, a /proc listing) in the container as root, who sees every path
     * and process whatever the image's user may read.
     */
    ExecResult lookAsRoot(List<String> command) throws InterruptedException {
        return container.exec(Optional.of(EngineContainer.ROOT), deadline.budget(MAX_LOOK_TIME, MIN_LOOK_TIME), command);
    }

    /** {@link #lookAsRoot} of a POSIX sh script: no image can be relied on for more than sh and coreutils. */
    ExecResult shellAsRoot(String script) throws InterruptedException {
        return lookAsRoot(List.of("sh", "-c", script));
    }

    /** The service's database, or {@code database} on the same server when a check names another. */
    Optional<DatabaseAccess> database(Optional<String> database) {
        return target.database().map(access -> database.map(access::withDatabase).orElse(access));
    }
}
