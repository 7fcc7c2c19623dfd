package dev.poststack.thread;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;

/**
 * Tells an interrupt apart from a failure. An interrupt (Ctrl-C) that lands inside a library call comes out
 * as that library's exception (docker-java's {@code RuntimeException} around a
 * {@link ClosedByInterruptException}, an {@link InterruptedIOException}, ...): it is still an interrupt.
 */
public final class Interrupts {

    private Interrupts() {
    }

    /**
     * Throws an {@link InterruptedException} (with {@code failure} as its cause) when {@code failure} was caused
     * by an interrupt or this thread is interrupted; returns otherwise, and the caller reports the failure.
     *
     * @param what what was interrupted, e.g. {@code "starting service db"}
     */
    public static void rethrowIfInterrupt(Throwable failure, String what) throws InterruptedException {
        if (isInterrupt(failure) || Thread.currentThread().isInterrupted()) {
            Thread.interrupted();
            InterruptedException interrupted = new InterruptedException("interrupted while " + what);
            interrupted.initCause(failure);
            throw interrupted;
        }
    }

    /** Whether {@code failure} or one of its causes is an interrupt. */
    public static boolean isInterrupt(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException
                    || t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }
}
