package dev.poststack.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock whose sleeps only move its time on, and remember how long they were. */
final class FakeClock implements WaitClock {

    private long now = 1_000_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
    }

    void advance(Duration duration) {
        now += duration.toNanos();
    }

    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
