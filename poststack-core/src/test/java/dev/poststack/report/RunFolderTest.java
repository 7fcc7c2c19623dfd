package dev.poststack.report;

import dev.poststack.api.PoststackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.poststack.report.Events.built;
import static dev.poststack.report.Events.cached;
import static dev.poststack.report.Events.output;
import static dev.poststack.report.Events.runFinished;
import static dev.poststack.report.Events.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunFolderTest {

    @TempDir
    Path dir;

    private Path logs() {
        return dir.resolve("logs");
    }

    private RunFolder run(int second, int keep) throws IOException {
        return RunFolder.create(logs(), "build", Instant.parse("2026-12-01T21:00:00Z").plusSeconds(second), keep);
    }

    private List<String> runs() throws IOException {
        try (Stream<Path> list = Files.list(logs().resolve("runs"))) {
            return list.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createsAGitIgnoredLogsFolderAndOneFolderPerRun() throws IOException {
        RunFolder first = run(0, 10);
        RunFolder same = run(0, 10);

        assertThat(Files.readString(logs().resolve(".gitignore"))).endsWith("\n*\n");
        assertThat(first.id()).isEqualTo("20261201-210000-000-build");
        assertThat(same.id()).isEqualTo("20261201-210000-000-build-2");
        assertThat(first.folder()).isDirectory().hasParent(logs().resolve("runs"));
    }

    @Test
    void keepsAUsersOwnGitignore() throws IOException {
        Files.createDirectories(logs());
        Files.writeString(logs().resolve(".gitignore"), "mine\n");
        run(0, 10);
        assertThat(Files.readString(logs().resolve(".gitignore"))).isEqualTo("mine\n");
    }

    @Test
    void pointsLatestAtTheNewestRunAndKeepsOnlyTheLastRuns() throws IOException {
        Files.createDirectories(logs().resolve("runs").resolve("my-notes"));
        for (int second = 0; second < 5; second++) {
            run(second, 3).finish();
        }
        assertThat(runs()).containsExactly("20261201-210002-000-build", "20261201-210003-000-build",
                "20261201-210004-000-build", "my-notes");
        Path latest = logs().resolve("latest");
        assertThat(Files.isSymbolicLink(latest)).isTrue();
        assertThat(Files.readSymbolicLink(latest)).isEqualTo(Path.of("runs", "20261201-210004-000-build"));
        assertThat(latest.toRealPath()).isEqualTo(logs().resolve("runs/20261201-210004-000-build").toRealPath());
    }

    @Test
    void readsTheRetentionLimitFromTheEnvironmentAndRefusesNonsense() {
        assertThat(RunFolder.keepFrom(Map.of())).isEqualTo(10);
        assertThat(RunFolder.keepFrom(Map.of("POSTSTACK_KEEP_RUNS", "3"))).isEqualTo(3);
        assertThatThrownBy(() -> RunFolder.keepFrom(Map.of("POSTSTACK_KEEP_RUNS", "0")))
                .isInstanceOf(PoststackException.class)
                .hasMessage("POSTSTACK_KEEP_RUNS=0 is not a number of runs to keep; set it to 1 or more, or unset it"
                        + " to keep 10");
    }

    @Test
    void aCachedImageSaysWhichRunBuiltItAndLeavesThatFullLogInPlace() throws IOException {
        RunFolder first = run(0, 10);
        try (ImageLogs logs = new ImageLogs(first)) {
            logs.on(started("jre", dev.poststack.api.Backend.DOCKERFILE, 0));
            logs.on(output("jre", "Setting up openjdk-21-jre-headless", 1));
            logs.on(built("jre", "1111", 1, 1, 2, 2));
            logs.on(runFinished(2, 1));
        }
        first.finish();
        Path published = logs().resolve("build-jre.log");
        String fullLog = Files.readString(published);
        assertThat(fullLog).startsWith("2026-01-01T10:00:00.000Z run 20261201-210000-000-build: build log of jre\n")
                .contains("| Setting up openjdk-21-jre-headless");

        RunFolder second = run(60, 10);
        try (ImageLogs logs = new ImageLogs(second)) {
            logs.on(cached("jre", "1111", 1, 1, 0.1, 0.1));
            logs.on(runFinished(0.1, 1));
        }
        second.finish();

        assertThat(Files.readString(published)).isEqualTo(fullLog);
        assertThat(Files.readString(second.folder().resolve("build-jre.log")))
                .contains("image cached: sha256:1111")
                .contains("image cached, last built in run 20261201-210000-000-build; full log: "
                        + first.folder().resolve("build-jre.log"));
    }

    @Test
    void aRebuildReplacesThePublishedLogWithoutTouchingTheOldRunsCopy() throws IOException {
        RunFolder first = run(0, 10);
        try (ImageLogs logs = new ImageLogs(first)) {
            logs.on(built("jre", "1111", 1, 1, 2, 2));
        }
        RunFolder second = run(60, 10);
        try (ImageLogs logs = new ImageLogs(second)) {
            logs.on(built("jre", "2222", 1, 1, 2, 2));
        }
        assertThat(Files.readString(logs().resolve("build-jre.log"))).contains("sha256:2222");
        assertThat(Files.readString(first.folder().resolve("build-jre.log"))).contains("sha256:1111")
                .doesNotContain("2222");
    }
}
