package dev.poststack.check;

import dev.poststack.manifest.CheckSpec.Timing;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofNanos;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaiterTest {

    private static final Liveness RUNNING = Optional::empty;
    private static final ContainerExit EXITED_1 = new ContainerExit(OptionalInt.of(1), "exited with code 1");

    private final FakeClock clock = new FakeClock();

    @Test
    void attemptsAtOnceThenWaitsIntervalGrowingByBackoffUpToMaxIntervalUntilTheTimeout() throws Exception {
        Waiter waiter = new Waiter(clock, RUNNING);

        WaitOutcome outcome = waiter.await(Timing.defaults(ofMillis(500)), deadline -> Observation.failed("closed"));

        assertThat(clock.sleeps()).startsWith(ofMillis(25), ofNanos(37_500_000), ofNanos(56_250_000),
                ofNanos(84_375_000), ofMillis(100), ofMillis(100));
        assertThat(clock.sleeps()).allSatisfy(sleep -> assertThat(sleep).isLessThanOrEqualTo(ofMillis(100)));
        assertThat(clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(ofMillis(500));
        assertThat(outcome.attempts()).isEqualTo(clock.sleeps().size() + 1);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.seen()).isEqualTo("closed");
        assertThat(outcome.took()).isEqualTo(ofMillis(500));
        assertThat(outcome.exit()).isEmpty();
    }

    @Test
    void theLastWaitIsCutSoTheLastAttemptFallsOnTheTimeout() throws Exception {
        Waiter waiter = new Waiter(clock, RUNNING);

        waiter.await(new Timing(ofMillis(250), ofMillis(100), 2, ofSeconds(1)), deadline -> Observation.failed("no"));

        assertThat(clock.sleeps()).containsExactly(ofMillis(100), ofMillis(150));
    }

    @Test
    void passesOnTheFirstAttemptThatSeesReadiness() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Waiter waiter = new Waiter(clock, RUNNING);

        WaitOutcome outcome = waiter.await(Timing.defaults(ofSeconds(60)),
                deadline -> attempts.incrementAndGet() == 3 ? Observation.passed("ready") : Observation.failed("not yet"));

        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.seen()).isEqualTo("ready");
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.took()).isEqualTo(ofNanos(62_500_000));
        assertThat(outcome.lastError()).isEmpty();
    }

    @Test
    void aContainerThatExitsFailsTheCheckAtOnceWithItsExitCode() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        Liveness diesAtTheThirdLook = () -> looks.incrementAndGet() >= 3 ? Optional.of(EXITED_1) : Optional.empty();
        Waiter waiter = new Waiter(clock, diesAtTheThirdLook);

        WaitOutcome outcome = waiter.await(Timing.defaults(ofSeconds(60)),
                deadline -> Observation.error("connection refused"));

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.took()).isEqualTo(ofNanos(62_500_000));
        assertThat(outcome.exit()).contains(EXITED_1);
        assertThat(outcome.seen()).isEqualTo("the container exited with code 1 (the last attempt saw: connection refused)");
        assertThat(outcome.lastError()).contains("connection refused");
    }

    @Test
    void aContainerAlreadyExitedIsNotAttempted() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Waiter waiter = new Waiter(clock, () -> Optional.of(EXITED_1));

        WaitOutcome outcome = waiter.await(Timing.defaults(ofSeconds(60)), deadline -> {
            attempts.incrementAndGet();
            return Observation.passed("ready");
        });

        assertThat(attempts).hasValue(0);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.seen()).isEqualTo("the container exited with code 1");
        assertThat(outcome.took()).isZero();
    }

    @Test
    void aContainerThatExitedDuringTheLastAttemptIsTheReasonGiven() throws Exception {
        List<Boolean> alive = new ArrayList<>();
        Waiter waiter = new Waiter(clock, () -> {
            alive.add(true);
            return alive.size() <= 2 ? Optional.empty() : Optional.of(EXITED_1);
        });

        WaitOutcome outcome = waiter.await(new Timing(ofMillis(100), ofMillis(100), 1, ofMillis(100)),
                deadline -> Observation.failed("starting"));

        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.exit()).contains(EXITED_1);
    }

    @Test
    void aConclusiveFailureEndsTheWaitAtOnce() throws Exception {
        Waiter waiter = new Waiter(clock, RUNNING);

        WaitOutcome outcome = waiter.await(Timing.defaults(ofSeconds(60)),
                deadline -> Observation.failedForGood("no HEALTHCHECK"));

        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.took()).isZero();
        assertThat(clock.sleeps()).isEmpty();
        assertThat(outcome.seen()).isEqualTo("no HEALTHCHECK");
    }

    @Test
    void anAttemptThatThrowsIsAFailedAttemptDescribedByItsError() throws Exception {
        Waiter waiter = new Waiter(clock, RUNNING);

        WaitOutcome outcome = waiter.await(Timing.defaults(ofMillis(200)), deadline -> {
            throw new ConnectException("Connection refused");
        });

        assertThat(outcome.attempts()).isGreaterThan(1);
        assertThat(outcome.seen()).isEqualTo("connection refused");
        assertThat(outcome.lastError()).contains("connection refused");
    }

    @Test
    void theLastErrorIsTheLastAttemptsNotAnEarlierOne() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Waiter waiter = new Waiter(clock, RUNNING);

        WaitOutcome outcome = waiter.await(Timing.defaults(ofMillis(100)), deadline -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ConnectException("Connection refused");
            }
            return Observation.failed("first value \"2\"");
        });

        assertThat(outcome.seen()).isEqualTo("first value \"2\"");
        assertThat(outcome.lastError()).isEmpty();
    }

    @Test
    void attemptsGetTheDeadlineToBoundTheirOwnCalls() throws Exception {
        List<Duration> remaining = new ArrayList<>();
        Waiter waiter = new Waiter(clock, RUNNING);

        waiter.await(new Timing(ofMillis(300), ofMillis(100), 1, ofMillis(100)), deadline -> {
            remaining.add(deadline.remaining());
            return Observation.failed("no");
        });

        assertThat(remaining).containsExactly(ofMillis(300), ofMillis(200), ofMillis(100), Duration.ZERO);
    }

    @Test
    void anInterruptStopsTheWaitPromptly() throws Exception {
        Waiter waiter = new Waiter(WaitClock.system(), RUNNING);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread waiting = new Thread(() -> {
            try {
                waiter.await(Timing.defaults(ofSeconds(60)), deadline -> Observation.failed("never"));
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        });
        waiting.start();
        Thread.sleep(100);

        long interruptedAt = System.nanoTime();
        waiting.interrupt();

        assertThat(ended.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(ofMillis(500));
    }

    @Test
    void anInterruptAnAttemptSwallowedStillStopsTheWait() {
        Waiter waiter = new Waiter(clock, RUNNING);

        assertThatThrownBy(() -> waiter.await(Timing.defaults(ofSeconds(60)), deadline -> {
            Thread.currentThread().interrupt();
            return Observation.failed("interrupted inside a driver");
        })).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the flag was consumed by the exception").isFalse();
    }

    @Test
    void anErrorThatCannotHealEndsTheWaitAfterAShortGraceWithTheErrorAsSeen() throws Exception {
        Waiter waiter = new Waiter(clock, RUNNING);
        java.sql.SQLException wrongPassword = new java.sql.SQLException(
                "FATAL: password authentication failed for user \"postgres\"", "28P01");

        WaitOutcome outcome = waiter.await(Timing.defaults(ofSeconds(120)), deadline -> {
            throw wrongPassword;
        });

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.seen()).contains("password authentication failed");
        assertThat(outcome.attempts()).isGreaterThanOrEqualTo(Waiter.PERMANENT_GRACE_ATTEMPTS);
        assertThat(outcome.took()).isGreaterThanOrEqualTo(Waiter.PERMANENT_GRACE).isLessThan(ofSeconds(2));
    }

    @Test
    void transientErrorsBetweenPermanentOnesRestartTheGraceAndStartingUpKeepsWaiting() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Waiter waiter = new Waiter(clock, RUNNING);

        WaitOutcome outcome = waiter.await(Timing.defaults(ofSeconds(10)), deadline -> {
            throw attempts.incrementAndGet() % 2 == 0
                    ? new java.sql.SQLException("FATAL: role \"x\" does not exist", "28000")
                    : new java.sql.SQLException("FATAL: the database system is starting up", "57P03");
        });

        assertThat(outcome.took()).as("waits out the timeout").isEqualTo(ofSeconds(10));
    }
}
