package dev.poststack.build.jib;

import dev.poststack.thread.Daemons;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip on every core, as pigz does: the input is cut into chunks, each compressed on its own into a
 * complete gzip member, and the members are written in order. Concatenated members are one valid gzip
 * stream (RFC 1952), read whole by Go's and Java's gzip readers alike. A fixed ring of buffers is reused,
 * so compressing hundreds of megabytes allocates a few.
 */
final class ParallelGzip {

    static final int CHUNK = 1 << 20;

    private ParallelGzip() {
    }

    /** One chunk in flight: its input and its compressed form, both reused for later chunks. */
    private static final class Slot {
        final byte[] input = new byte[CHUNK];
        final ByteArrayOutputStream output = new ByteArrayOutputStream(CHUNK / 2);
        int length;
        Future<?> done;

        void compress() throws IOException {
            output.reset();
            try (DeflaterOutputStream gzip = new GZIPOutputStream(output, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            }) {
                gzip.write(input, 0, length);
            }
        }
    }

    /** Compresses all of {@code in} to {@code out} at {@link Deflater#BEST_SPEED}. */
    static void compress(InputStream in, OutputStream out) throws IOException {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, Daemons.factory("gzip"));
        // Two chunks per core keep every core busy while finished ones are written out in order.
        Slot[] ring = new Slot[2 * threads];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new Slot();
        }
        try {
            long chunks = 0;
            while (true) {
                Slot slot = ring[(int) (chunks % ring.length)];
                drain(slot, out);
                slot.length = in.readNBytes(slot.input, 0, CHUNK);
                if (slot.length == 0 && chunks > 0) {
                    break;
                }
                slot.done = pool.submit(() -> {
                    slot.compress();
                    return null;
                });
                chunks++;
                if (slot.length < CHUNK) {
                    break;
                }
            }
            for (long i = chunks; i < chunks + ring.length; i++) {
                drain(ring[(int) (i % ring.length)], out);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for the slot's chunk, if any, and writes it out. */
    private static void drain(Slot slot, OutputStream out) throws IOException {
        if (slot.done == null) {
            return;
        }
        try {
            slot.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("compression cancelled");
        } catch (ExecutionException e) {
            throw new IOException("compression failed: " + e.getCause().getMessage(), e.getCause());
        }
        slot.done = null;
        slot.output.writeTo(out);
    }
}
