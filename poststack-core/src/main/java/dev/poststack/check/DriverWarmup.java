package dev.poststack.check;

import dev.poststack.thread.Daemons;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads the database driver while a cold JVM does other things, so the first check's connection does not wait
 * for its classes. (Warming its SCRAM hashing here was tried and measured: no faster on two cores, where the
 * compiler threads compete for the same CPU.)
 */
public final class DriverWarmup {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private DriverWarmup() {
    }

    /** Starts loading the driver on a daemon thread, once per JVM. */
    public static void startInBackground() {
        if (STARTED.compareAndSet(false, true)) {
            Daemons.start("jdbc-warmup", DriverWarmup::load);
        }
    }

    private static void load() {
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException | LinkageError ignored) {
            // Only time is lost: the first connection loads it, or reports that it cannot.
        }
    }
}
