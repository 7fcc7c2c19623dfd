package dev.poststack.check;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

class OutputWatchTest {

    @Test
    void aPauseWithoutOutputLastsItsWholeDuration() throws Exception {
        Waiter.Pause pause = OutputWatch.none().newPause();

        Duration took = timed(() -> pause.pause(ofMillis(150)));

        assertThat(took).isGreaterThanOrEqualTo(ofMillis(150));
    }

    @Test
    void outputDuringAPauseEndsItEarly() throws Exception {
        OutputWatch watch = OutputWatch.none();
        Waiter.Pause pause = watch.newPause();
        CompletableFuture<Duration> took = CompletableFuture.supplyAsync(() -> timedUnchecked(() -> pause.pause(ofSeconds(30))));
        Thread.sleep(100);

        watch.outputArrived();

        assertThat(took.get(10, TimeUnit.SECONDS)).isLessThan(ofSeconds(10));
    }

    @Test
    void outputBetweenTwoPausesEndsTheNextOneAfterTheMinimumPause() throws Exception {
        OutputWatch watch = OutputWatch.none();
        Waiter.Pause pause = watch.newPause();
        watch.outputArrived();

        Duration took = timed(() -> pause.pause(ofSeconds(30)));

        assertThat(took).isGreaterThanOrEqualTo(OutputWatch.MIN_PAUSE).isLessThan(ofSeconds(10));
    }

    @Test
    void outputSeenByOnePauseDoesNotEndTheNext() throws Exception {
        OutputWatch watch = OutputWatch.none();
        Waiter.Pause pause = watch.newPause();
        watch.outputArrived();
        pause.pause(ofMillis(1));

        Duration took = timed(() -> pause.pause(ofMillis(150)));

        assertThat(took).isGreaterThanOrEqualTo(ofMillis(150));
    }

    @Test
    void eachWaiterHasItsOwnPauseSoOneLineWakesThemAll() throws Exception {
        OutputWatch watch = OutputWatch.none();
        Waiter.Pause first = watch.newPause();
        Waiter.Pause second = watch.newPause();
        watch.outputArrived();

        assertThat(timed(() -> first.pause(ofSeconds(30)))).isLessThan(ofSeconds(10));
        assertThat(timed(() -> second.pause(ofSeconds(30)))).isLessThan(ofSeconds(10));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Duration timed(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static Duration timedUnchecked(Step step) {
        try {
            return timed(step);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
