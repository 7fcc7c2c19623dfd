package dev.poststack.engine;

import dev.poststack.thread.Daemons;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stream the Engine API reads (a build context, an image to load) while a thread writes it, so nothing
 * is staged on disk. {@link #close()} ends the reading side: a writer still running then fails fast instead
 * of blocking on a full pipe, and that failure is not reported as the writer's.
 */
public final class WrittenStream implements AutoCloseable {

    /** Writes the stream's content. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private final PipedInputStream input;
    private final Thread thread;
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private volatile boolean closed;

    private WrittenStream(PipedInputStream input, PipedOutputStream output, String name, Writer writer) {
        this.input = input;
        this.thread = Daemons.newThread(name, () -> {
            try (OutputStream out = output) {
                writer.writeTo(out);
            } catch (IOException e) {
                // After close() the reader is gone on purpose: that is not the writer's failure.
                if (!closed) {
                    failure.compareAndSet(null, e);
                }
            }
        });
    }

    /** Starts {@code writer} on a thread named {@code name}. */
    public static WrittenStream start(String name, int bufferSize, Writer writer) throws IOException {
        PipedInputStream input = new PipedInputStream(bufferSize);
        WrittenStream stream = new WrittenStream(input, new PipedOutputStream(input), name, writer);
        stream.thread.start();
        return stream;
    }

    /** The side to hand to the engine. */
    public InputStream input() {
        return input;
    }

    /**
     * Waits until the writer has ended and returns why it failed, if it did while the reading side was open.
     * A writer that failed truncated the stream: its error, not the engine's complaint, is the cause. Call
     * it once the engine has read everything, or after {@link #close()}, or it may wait for ever.
     */
    public Optional<IOException> awaitWriter() throws InterruptedException {
        thread.join();
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        closed = true;
        try {
            input.close();
        } catch (IOException ignored) {
            // Nothing is left to read.
        }
    }
}
