package dev.poststack.check;

import java.util.List;
import java.util.Optional;

/**
 * One kind of check, ready to be attempted against a running container. A {@link Waiter} repeats attempts
 * under the check's timing; a probe makes one attempt and says what it saw.
 */
interface Probe {

    /**
     * Looks once. Returns what was seen; throws when the attempt itself failed (connection refused, ...),
     * which counts as a failed attempt whose error is the exception's description.
     */
    Observation attempt(CheckContext context) throws Exception;

    /**
     * The read-only command an attempt runs in the container, when it runs one: a run's checks make their
     * first looks together, in one exec (see {@link FirstAttempts}).
     */
    default Optional<List<String>> look() {
        return Optional.empty();
    }

    /** What would pass, in words: {@code exit code 0}, {@code first value "1"}. */
    String expected();

    /** The check in a few words: {@code sql: select 1}, {@code port 5432}. */
    String describe();
}
