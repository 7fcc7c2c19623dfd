package dev.poststack.check;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.poststack.thread.Daemons;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A shell started in the container while its health checks still wait, that makes the side-effect checks'
 * looks the moment it is told to. Starting an exec costs the engine and the runtime tens of milliseconds; paid
 * while the service is still starting, it no longer delays the verdict, and the looks themselves still happen
 * after the service is healthy. The shell reads one line: {@code go} runs the looks, anything else (or the end
 * of its input) ends it.
 */
final class LookShell implements AutoCloseable {

    /**
     * The shell answers within milliseconds once told; one that has not after this long (an engine or proxy
     * that does not pass the input on) is given up, and the looks are made by a plain exec instead.
     */
    static final Duration MAX_ANSWER_TIME = Duration.ofSeconds(2);

    private final List<List<String>> looks;
    private final Trigger trigger = new Trigger();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final CompletableFuture<ResultCallback.Adapter<Frame>> started;

    private LookShell(EngineContainer container, List<List<String>> looks) {
        this.looks = List.copyOf(looks);
        String script = "IFS= read -r go || exit 0\n[ \"$go\" = go ] || exit 0\n" + FirstAttempts.script(this.looks);
        started = CompletableFuture.supplyAsync(() -> container.startAsRoot(CheckContext.shell(script), trigger,
                stdout, stderr), task -> Daemons.start("poststack-look-shell", task));
    }

    /** Starts the shell in the background; {@link #results} waits for it. */
    static LookShell start(EngineContainer container, List<List<String>> looks) {
        return new LookShell(container, looks);
    }

    /**
     * Tells the shell to look and returns each look's result; empty when the shell could not be started or
     * did not answer within {@code timeout} (at most {@link #MAX_ANSWER_TIME}; the caller then looks another
     * way). Answers once.
     */
    Map<List<String>, ExecResult> results(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), MAX_ANSWER_TIME.toNanos());
        ResultCallback.Adapter<Frame> stream;
        try {
            stream = started.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        }
        look();
        if (!stream.awaitCompletion(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return Map.of();
        }
        return FirstAttempts.parse(new ExecResult(0, text(stdout), text(stderr)), looks);
    }

    /**
     * Tells the shell to look now, if nothing told it otherwise before: called the moment the service is
     * healthy, so the looks run while the side-effect checks get going.
     */
    void look() {
        trigger.fire("go\n");
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Ends the shell if it was never told to look, and lets go of its stream. */
    @Override
    public void close() {
        trigger.fire("");
        started.thenAccept(OutputWatch::closeInBackground);
    }

    /** The shell's input: blocks until fired, then gives the line it was fired with and ends. */
    private static final class Trigger extends InputStream {

        private final CountDownLatch fired = new CountDownLatch(1);
        private volatile byte[] line;
        private int position;

        void fire(String text) {
            synchronized (this) {
                if (line == null) {
                    line = text.getBytes(StandardCharsets.US_ASCII);
                }
            }
            fired.countDown();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                fired.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to start the looks", e);
            }
            synchronized (this) {
                if (position >= line.length) {
                    return -1;
                }
                int count = Math.min(length, line.length - position);
                System.arraycopy(line, position, buffer, offset, count);
                position += count;
                return count;
            }
        }
    }
}
