package dev.poststack.check;

import java.util.Objects;
import java.util.Optional;

/**
 * What one attempt of a check saw.
 *
 * @param passed     whether the check passed
 * @param conclusive whether a failure is for good: waiting cannot change it (say, the image has no HEALTHCHECK)
 * @param seen       what was observed, concretely ({@code mode 644 owner root:root}, {@code HTTP 503 ...})
 * @param error      the error the attempt ran into, when it ran into one
 * @param permanent  whether that error cannot heal by waiting (a wrong password, a missing role or database):
 *                   the {@link Waiter} gives up after a short grace instead of at the timeout
 */
record Observation(boolean passed, boolean conclusive, String seen, Optional<String> error, boolean permanent) {

    Observation {
        Objects.requireNonNull(seen, "seen");
        Objects.requireNonNull(error, "error");
    }

    static Observation passed(String seen) {
        return new Observation(true, false, seen, Optional.empty(), false);
    }

    /** A failure that a later attempt may turn into a pass. */
    static Observation failed(String seen) {
        return new Observation(false, false, seen, Optional.empty(), false);
    }

    /** A failure that a later attempt may turn into a pass, and the error behind it. */
    static Observation failed(String seen, String error) {
        return new Observation(false, false, seen, Optional.of(error), false);
    }

    /** A failure caused by an error (connection refused, a database error): seen and last error both say it. */
    static Observation error(String error) {
        return new Observation(false, false, error, Optional.of(error), false);
    }

    /** A failure caused by an error that waiting cannot heal (see {@link PermanentErrors}). */
    static Observation permanentError(String error) {
        return new Observation(false, false, error, Optional.of(error), true);
    }

    /** A failure no amount of waiting changes: the check fails at once. */
    static Observation failedForGood(String seen) {
        return new Observation(false, true, seen, Optional.empty(), false);
    }
}
