package bench;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Appends the wall-clock instant (epoch milliseconds) at which the first test method of a test JVM starts, that
 * is after its class's beforeAll (the stack is up), to the file named by BENCH_FIRST_TEST_FILE. bench/consumer.sh
 * puts it on the consumer's test class path; the consumer itself knows nothing of it.
 */
public final class FirstTestBody implements TestExecutionListener {

    private final AtomicBoolean seen = new AtomicBoolean();

    @Override
    public void executionStarted(TestIdentifier test) {
        String file = System.getenv("BENCH_FIRST_TEST_FILE");
        if (file == null || !test.isTest() || !seen.compareAndSet(false, true)) {
            return;
        }
        try {
            Files.writeString(Path.of(file), System.currentTimeMillis() + " " + test.getDisplayName() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        // Only the start counts.
    }
}
