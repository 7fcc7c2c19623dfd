package dev.poststack.check;

import dev.poststack.manifest.CheckSpec.Timing;

import java.time.Duration;
import java.util.Optional;

/**
 * Repeats a check's attempts under its {@link Timing}: the first at once, then after {@code interval}, each
 * wait {@code backoff} times the previous one up to {@code maxInterval}, until it passes or {@code timeout}
 * has passed. Before every attempt it asks whether the container still runs: one that exited fails the check
 * at once, with its exit code, instead of at the timeout. An error that cannot heal ({@link PermanentErrors})
 * ends the wait after a short grace: {@link #PERMANENT_GRACE_ATTEMPTS} attempts in a row that saw one, over at
 * least {@link #PERMANENT_GRACE} (a server still running its init scripts may briefly answer so). A
 * {@link Pause} may end a wait early, when the container's output suggests something changed.
 */
final class Waiter {

    static final int PERMANENT_GRACE_ATTEMPTS = 3;
    static final Duration PERMANENT_GRACE = Duration.ofSeconds(1);

    /** One attempt; it may use the deadline to bound its own blocking calls. */
    @FunctionalInterface
    interface Attempt {
        Observation attempt(Deadline deadline) throws Exception;
    }

    /** How the waiter spends the time between two attempts. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration upTo) throws InterruptedException;
    }

    private final WaitClock clock;
    private final Liveness liveness;
    private final Pause pause;

    /** Sleeps out every interval on {@code clock}. */
    Waiter(WaitClock clock, Liveness liveness) {
        this(clock, liveness, clock::sleep);
    }

    /** Pauses with {@code pause}, which may end early (see {@link OutputWatch}). */
    Waiter(WaitClock clock, Liveness liveness, Pause pause) {
        this.clock = clock;
        this.liveness = liveness;
        this.pause = pause;
    }

    /** @throws InterruptedException when the thread is interrupted; waiting stops at once */
    WaitOutcome await(Timing timing, Attempt attempt) throws InterruptedException {
        Deadline deadline = Deadline.after(timing.timeout(), clock);
        Duration wait = atMost(timing.interval(), timing.maxInterval());
        Observation last = null;
        int attempts = 0;
        int permanentInARow = 0;
        Duration permanentSince = Duration.ZERO;
        while (true) {
            throwIfInterrupted();
            Optional<ContainerExit> exit = liveness.exit();
            if (exit.isPresent()) {
                return died(exit.get(), last, attempts, deadline);
            }
            attempts++;
            last = attemptOnce(attempt, deadline);
            if (last.passed() || last.conclusive()) {
                return outcome(last, attempts, deadline);
            }
            if (last.permanent()) {
                permanentSince = permanentInARow++ == 0 ? deadline.elapsed() : permanentSince;
                if (permanentInARow >= PERMANENT_GRACE_ATTEMPTS
                        && deadline.elapsed().minus(permanentSince).compareTo(PERMANENT_GRACE) >= 0) {
                    return outcome(last, attempts, deadline);
                }
            } else {
                permanentInARow = 0;
            }
            if (deadline.isPast()) {
                // It may have died during the last attempt: that is the better explanation of the failure.
                Optional<ContainerExit> finalExit = liveness.exit();
                return finalExit.isPresent() ? died(finalExit.get(), last, attempts, deadline)
                        : outcome(last, attempts, deadline);
            }
            pause.pause(atMost(wait, deadline.remaining()));
            wait = atMost(Duration.ofNanos((long) (wait.toNanos() * timing.backoff())), timing.maxInterval());
        }
    }

    private static Observation attemptOnce(Attempt attempt, Deadline deadline) throws InterruptedException {
        Observation seen;
        try {
            seen = attempt.attempt(deadline);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            seen = PermanentErrors.isPermanent(e) ? Observation.permanentError(Texts.describe(e))
                    : Observation.error(Texts.describe(e));
        }
        // Some clients swallow an interrupt and only set the flag again.
        throwIfInterrupted();
        return seen;
    }

    private static WaitOutcome died(ContainerExit exit, Observation last, int attempts, Deadline deadline) {
        String seen = "the container " + exit.how() + (last == null ? "" : " (the last attempt saw: " + last.seen() + ")");
        Optional<String> lastError = last == null ? Optional.empty() : last.error();
        return new WaitOutcome(false, seen, attempts, deadline.elapsed(), lastError, Optional.of(exit));
    }

    private static WaitOutcome outcome(Observation last, int attempts, Deadline deadline) {
        return new WaitOutcome(last.passed(), last.seen(), attempts, deadline.elapsed(), last.error(),
                Optional.empty());
    }

    private static Duration atMost(Duration value, Duration limit) {
        return value.compareTo(limit) > 0 ? limit : value;
    }

    private static void throwIfInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting for a check");
        }
    }
}
