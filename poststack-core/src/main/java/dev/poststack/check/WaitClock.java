package dev.poststack.check;

import java.time.Duration;

/** Time as a {@link Waiter} sees it; tests replace it with one that only pretends to sleep. */
interface WaitClock {

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    static WaitClock system() {
        return new WaitClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        };
    }
}
