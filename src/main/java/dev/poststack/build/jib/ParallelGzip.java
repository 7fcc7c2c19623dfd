package dev.poststack.build.jib;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip on every core, as pigz does: the input is cut into chunks, each compressed on its own into a
 * complete gzip member, and the members are written in order. Concatenated members are one valid gzip
 * stream (RFC 1952), read whole by Go's and Java's gzip readers alike.
 */
final class ParallelGzip {

    static final int CHUNK = 1 << 20;

    private ParallelGzip() {
    }

    /** Compresses all of {@code in} to {@code out} at {@link Deflater#BEST_SPEED}. */
    static void compress(InputStream in, OutputStream out) throws IOException {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gzip");
            t.setDaemon(true);
            return t;
        });
        Deque<Future<byte[]>> pending = new ArrayDeque<>();
        try {
            byte[] chunk;
            while ((chunk = in.readNBytes(CHUNK)).length > 0) {
                byte[] data = chunk;
                pending.addLast(pool.submit(() -> member(data)));
                // Two chunks per core in flight keep every core busy with bounded memory.
                if (pending.size() >= 2 * threads) {
                    out.write(next(pending));
                }
            }
            if (pending.isEmpty()) {
                out.write(member(new byte[0]));
            }
            while (!pending.isEmpty()) {
                out.write(next(pending));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] next(Deque<Future<byte[]>> pending) throws IOException {
        try {
            return pending.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("compression cancelled");
        } catch (ExecutionException e) {
            throw new IOException("compression failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static byte[] member(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gzip.write(data);
        }
        return bytes.toByteArray();
    }
}
