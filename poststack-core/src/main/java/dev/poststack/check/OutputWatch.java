package dev.poststack.check;

import dev.poststack.thread.Daemons;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * Notices when a container writes output, so a {@link Waiter} can try again at once instead of sleeping
 * out its interval: most services say when they become ready ("database system is ready to accept
 * connections"), and the attempt that follows such a line sees it within milliseconds. Waiting stays
 * bounded by the check's interval, so a silent service is polled as before.
 */
final class OutputWatch implements AutoCloseable {

    /** At least this long between two attempts, however chatty the container. */
    static final Duration MIN_PAUSE = Duration.ofMillis(5);

    private final Object lock = new Object();
    private long lines;
    private Closeable stream = () -> { };

    /** A watch nothing signals: pauses sleep their whole interval. */
    static OutputWatch none() {
        return new OutputWatch();
    }

    /** Follows {@code container}'s new output; a watch that cannot follow it only sleeps. */
    static OutputWatch of(EngineContainer container) {
        OutputWatch watch = new OutputWatch();
        try {
            watch.stream = container.followNewOutput(watch::outputArrived);
        } catch (RuntimeException e) {
            // The checks still work by their intervals; the container's state is reported by them.
        }
        return watch;
    }

    void outputArrived() {
        synchronized (lock) {
            lines++;
            lock.notifyAll();
        }
    }

    /**
     * A pause for one waiter: each call sleeps up to its duration, ending early (after {@link #MIN_PAUSE})
     * when output arrived since the previous call returned.
     */
    Waiter.Pause newPause() {
        long[] seen = {count()};
        return upTo -> {
            long deadline = System.nanoTime() + upTo.toNanos();
            long earliest = System.nanoTime() + Math.min(MIN_PAUSE.toNanos(), upTo.toNanos());
            synchronized (lock) {
                while (true) {
                    long now = System.nanoTime();
                    boolean news = lines != seen[0];
                    long until = news ? earliest : deadline;
                    if (now - until >= 0) {
                        break;
                    }
                    long nanos = until - now;
                    lock.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
                }
                seen[0] = lines;
            }
        };
    }

    private long count() {
        synchronized (lock) {
            return lines;
        }
    }

    /** Lets go of the log stream, on a thread of its own: nothing waits for that connection to close. */
    @Override
    public void close() {
        closeInBackground(stream);
    }

    /**
     * Closes {@code stream} on a daemon thread. Closing a streamed engine response can take the HTTP client
     * milliseconds, which should not delay the verdict of the checks it served.
     */
    static void closeInBackground(Closeable stream) {
        Daemons.start("poststack-close-stream", () -> {
            try {
                stream.close();
            } catch (IOException | RuntimeException e) {
                // Only a connection is left to close; nothing depends on it.
            }
        });
    }
}
