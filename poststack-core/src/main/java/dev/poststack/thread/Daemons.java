package dev.poststack.thread;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads: poststack's background work (log copies, builds, checks, cleanup) never keeps a JVM alive
 * that is done otherwise, whether the command line's or a test suite's.
 */
public final class Daemons {

    private Daemons() {
    }

    /** A daemon thread named {@code name} that will run {@code task}, not started yet. */
    public static Thread newThread(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Starts {@code task} on a daemon thread named {@code name}. */
    public static Thread start(String name, Runnable task) {
        Thread thread = newThread(name, task);
        thread.start();
        return thread;
    }

    /** Daemon threads for a pool, named {@code name-1}, {@code name-2}, ... */
    public static ThreadFactory factory(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> newThread(name + "-" + count.incrementAndGet(), task);
    }
}
