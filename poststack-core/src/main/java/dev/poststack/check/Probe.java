package dev.poststack.check;

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

    /** What would pass, in words: {@code exit code 0}, {@code first value "1"}. */
    String expected();

    /** The check in a few words: {@code sql: select 1}, {@code port 5432}. */
    String describe();
}
