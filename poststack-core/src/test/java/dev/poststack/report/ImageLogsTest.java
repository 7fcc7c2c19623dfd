package dev.poststack.report;

import dev.poststack.api.Backend;
import dev.poststack.api.CacheResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.poststack.report.Events.built;
import static dev.poststack.report.Events.failed;
import static dev.poststack.report.Events.output;
import static dev.poststack.report.Events.runFinished;
import static dev.poststack.report.Events.skipped;
import static dev.poststack.report.Events.started;
import static dev.poststack.report.Events.stepFinished;
import static dev.poststack.report.Events.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

class ImageLogsTest {

    @TempDir
    Path dir;

    @Test
    void writesATimestampedLineForEveryEventOfTheImageIncludingRawOutput() throws IOException {
        ImageLogs logs = new ImageLogs(dir);
        logs.on(started("postgres", Backend.DOCKERFILE, 0));
        logs.on(stepStarted("postgres", 1, 1, "RUN apt-get install -y postgresql-16", 0.5));
        logs.on(output("postgres", "Setting up postgresql-16 (16.4-1) ...", 1.25));
        logs.on(stepFinished("postgres", 1, "RUN apt-get install -y postgresql-16", CacheResult.MISS, 2, 2.5));
        logs.on(built("postgres", "abcdef", 412_000_000, 9, 3, 3));

        assertThat(Files.readAllLines(logs.logOf("postgres"))).containsExactly(
                "2026-01-01T10:00:00.000Z image started: backend dockerfile, fingerprint f1e2d3c4b5a6978812345678",
                "2026-01-01T10:00:00.500Z step 1/1 started: RUN apt-get install -y postgresql-16",
                "2026-01-01T10:00:01.250Z | Setting up postgresql-16 (16.4-1) ...",
                "2026-01-01T10:00:02.500Z step 1 finished: cache miss, 2.0 s",
                "2026-01-01T10:00:03.000Z image built: sha256:abcdef, 412000000 bytes, 9 layers, 3.0 s");
    }

    @Test
    void keepsEachImageInItsOwnFileNamedAfterIt() throws IOException {
        ImageLogs logs = new ImageLogs(dir);
        logs.on(output("postgres", "from postgres", 0));
        logs.on(skipped("app", "parent postgres failed", 1));

        assertThat(logs.logOf("app")).isEqualTo(dir.resolve("build-app.log"));
        assertThat(Files.readString(logs.logOf("postgres"))).contains("from postgres").doesNotContain("app");
        assertThat(Files.readString(logs.logOf("app"))).contains("image skipped: parent postgres failed");
    }

    @Test
    void createsNoFileForAnImageWithoutEvents() {
        ImageLogs logs = new ImageLogs(dir.resolve("logs"));
        logs.on(runFinished(1, 1));

        assertThat(logs.logOf("jre")).doesNotExist();
    }

    @Test
    void appendsLinesThatArriveAfterTheImageEnded() throws IOException {
        ImageLogs logs = new ImageLogs(dir);
        logs.on(failed("postgres", "exit code 100", "Step 1/1", "RUN false", List.of(), 1, 1));
        logs.on(output("postgres", "late line from the builder", 1.5));
        logs.close();

        assertThat(Files.readAllLines(logs.logOf("postgres"))).hasSize(2).last().asString()
                .endsWith("| late line from the builder");
    }

    @Test
    void replacesTheLogOfAnEarlierRun() throws IOException {
        Files.writeString(dir.resolve("build-jre.log"), "old run\n");
        ImageLogs logs = new ImageLogs(dir);
        logs.on(output("jre", "new run", 0));
        logs.close();

        assertThat(Files.readAllLines(logs.logOf("jre"))).containsExactly("2026-01-01T10:00:00.000Z | new run");
    }

    @Test
    void losesNoLineWhenManyThreadsWriteAtOnce() throws Exception {
        ImageLogs logs = new ImageLogs(dir);
        // Two threads per image, so writers contend for the same file as well as for the folder.
        List<String> writers = List.of("postgres", "jre", "postgres", "jre");
        AtomicInteger ids = new AtomicInteger();
        Events.inParallel(writers, image -> {
            int id = ids.getAndIncrement();
            for (int i = 0; i < 500; i++) {
                logs.on(output(image, "thread " + id + " line " + i, i));
            }
        });
        logs.on(built("postgres", "aa", 1, 1, 1, 600));
        logs.on(built("jre", "bb", 1, 1, 1, 600));

        for (String image : List.of("postgres", "jre")) {
            List<String> lines = Files.readAllLines(logs.logOf(image));
            assertThat(lines).hasSize(1001);
            assertThat(lines.subList(0, 1000)).allMatch(line -> line.matches("\\S+ \\| thread \\d line \\d+"));
        }
    }
}
