package dev.poststack.check;

import java.time.Duration;

/** When a check started and when it must give up, on one {@link WaitClock}. */
record Deadline(WaitClock clock, long startNanos, long endNanos) {

    static Deadline after(Duration timeout, WaitClock clock) {
        long now = clock.nanoTime();
        return new Deadline(clock, now, now + timeout.toNanos());
    }

    Duration elapsed() {
        return Duration.ofNanos(clock.nanoTime() - startNanos);
    }

    /** Time left, never negative. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - clock.nanoTime()));
    }

    boolean isPast() {
        return clock.nanoTime() - endNanos >= 0;
    }

    /**
     * How long one blocking step of an attempt may take: what is left, capped, but never below {@code floor}
     * (drivers need some time to answer at all, and the last attempt at the deadline should still get one).
     */
    Duration budget(Duration cap, Duration floor) {
        Duration left = remaining();
        Duration capped = left.compareTo(cap) < 0 ? left : cap;
        return capped.compareTo(floor) < 0 ? floor : capped;
    }
}
