package dev.poststack.report;

import dev.poststack.api.Backend;
import dev.poststack.api.CacheResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.poststack.report.Events.built;
import static dev.poststack.report.Events.cached;
import static dev.poststack.report.Events.failed;
import static dev.poststack.report.Events.layer;
import static dev.poststack.report.Events.output;
import static dev.poststack.report.Events.runFinished;
import static dev.poststack.report.Events.skipped;
import static dev.poststack.report.Events.started;
import static dev.poststack.report.Events.stepFinished;
import static dev.poststack.report.Events.stepStarted;
import static org.assertj.core.api.Assertions.assertThat;

class ConsoleRendererTest {

    private static final List<String> ORDER = List.of("base-debian", "postgres", "jre", "liquibase");
    private static final Map<String, Optional<String>> PARENTS = Map.of(
            "base-debian", Optional.empty(), "postgres", Optional.of("base-debian"),
            "jre", Optional.of("base-debian"), "liquibase", Optional.of("jre"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private ConsoleRenderer plain(int width) {
        return new ConsoleRenderer(out, false, ORDER, PARENTS, width, Clock.fixed(Events.T0, ZoneOffset.UTC), false);
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsOneLinePerStepAndImageButNoBuilderOutput() {
        ConsoleRenderer console = plain(100);
        console.on(started("postgres", Backend.DOCKERFILE, 0));
        console.on(stepStarted("postgres", 1, 2, "FROM poststack/base-debian", 0));
        console.on(stepFinished("postgres", 1, "FROM poststack/base-debian", CacheResult.HIT, 0.04, 0.1));
        console.on(stepStarted("postgres", 2, 2, "RUN apt-get install -y postgresql-16", 0.1));
        console.on(output("postgres", "Setting up postgresql-16 ...", 5));
        console.on(stepFinished("postgres", 2, "RUN apt-get install -y postgresql-16", CacheResult.MISS, 12.3, 12.4));
        console.on(built("postgres", "abcd1234ef567890", 412_000_000, 9, 27.1, 27.1));

        assertThat(lines()).containsExactly(
                "[postgres] building with dockerfile (fingerprint f1e2d3c4b5a6)",
                "[postgres] step 1/2 FROM poststack/base-debian (cache hit, 0.0 s)",
                "[postgres] step 2/2 RUN apt-get install -y postgresql-16 (cache miss, 12.3 s)",
                "[postgres] built sha256:abcd1234ef56 in 27.1 s (2 steps: 1 cached, 1 built)");
    }

    @Test
    void marksImageCachedWhenNothingChanged() {
        ConsoleRenderer console = plain(100);
        console.on(cached("jre", "0011223344556677", 200_000_000, 3, 0.2, 0.2));

        assertThat(lines()).containsExactly("[jre] cached (inputs unchanged)");
    }

    @Test
    void reportsJibLayersAsCachedOrRebuilt() {
        ConsoleRenderer console = plain(100);
        console.on(layer("liquibase", "dependencies", CacheResult.HIT, 0.02, 1));
        console.on(layer("liquibase", "changelogs", CacheResult.MISS, 0.1, 1.1));
        console.on(built("liquibase", "99887766554433221100", 90_000_000, 4, 2.5, 2.5));

        assertThat(lines()).containsExactly(
                "[liquibase] layer dependencies cached (0.0 s)",
                "[liquibase] layer changelogs rebuilt (0.1 s)",
                "[liquibase] built sha256:998877665544 in 2.5 s (2 layers: 1 cached, 1 built)");
    }

    @Test
    void cutsLongInstructionsToTheTerminalWidthOnOneLine() {
        ConsoleRenderer console = plain(70);
        String instruction = "RUN apt-get update \\\n    && apt-get install -y postgresql-16 postgresql-contrib";
        console.on(stepStarted("postgres", 3, 7, instruction, 0));
        console.on(stepFinished("postgres", 3, instruction, CacheResult.MISS, 12.3, 12.3));

        assertThat(lines()).containsExactly("[postgres] step 3/7 RUN apt-get update && apt-... (cache miss, 12.3 s)");
        assertThat(lines().get(0)).hasSizeLessThanOrEqualTo(70);
    }

    @Test
    void printsFailureBlockWithStepOutputTailAndLogPath() {
        ConsoleRenderer console = plain(100);
        console.on(failed("postgres", "The command returned a non-zero code: 100", "Step 3/7",
                "RUN apt-get install -y postgresql-99", List.of("Reading package lists...",
                        "E: Unable to locate package postgresql-99"), 8.5, 8.5));

        assertThat(lines()).containsExactly(
                "[postgres] FAILED after 8.5 s: The command returned a non-zero code: 100",
                "  at Step 3/7: RUN apt-get install -y postgresql-99",
                "    Reading package lists...",
                "    E: Unable to locate package postgresql-99",
                "  full log: " + Path.of("logs", "build-postgres.log"));
    }

    @Test
    void saysWhyAnImageWasSkipped() {
        ConsoleRenderer console = plain(100);
        console.on(skipped("liquibase", "parent jre failed", 3));

        assertThat(lines()).containsExactly("[liquibase] skipped: parent jre failed");
    }

    @Test
    void endsTheRunWithSummaryTableAndTotals() {
        ConsoleRenderer console = plain(100);
        Events.dockerfileBuild(console, "base-debian", 2, 0, 0);
        console.on(built("base-debian", "1111111111111111", 80_000_000, 1, 14, 14));
        console.on(cached("jre", "2222222222222222", 200_000_000, 3, 0.5, 14.5));
        console.on(runFinished(20, 2));

        List<String> lines = lines();
        int table = lines.indexOf("") + 1;
        assertThat(lines.get(table)).startsWith("IMAGE        STATUS  BACKEND");
        assertThat(lines.subList(table + 1, lines.size())).containsExactly(
                "base-debian  built   dockerfile  14.0 s  2 built, 0 cached   80.0 MB  111111111111",
                "jre          cached  dockerfile   0.5 s  -                  200.0 MB  222222222222",
                "total 20.0 s wall, critical path base-debian > jre 14.5 s, parallelism 2");
    }

    @Test
    void keepsLinesWholeAndInOrderWhenTwoImagesBuildOnTwoThreads() throws Exception {
        ConsoleRenderer console = plain(100);
        Events.inParallel(List.of("postgres", "jre"), image -> Events.dockerfileBuild(console, image, 200, 50, 0));

        for (String image : List.of("postgres", "jre")) {
            List<String> ofImage = lines().stream().filter(l -> l.startsWith("[" + image + "] step ")).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                expected.add("[" + image + "] step " + i + "/200 RUN step-" + i
                        + " (cache " + (i <= 50 ? "hit" : "miss") + ", 1.0 s)");
            }
            assertThat(ofImage).containsExactlyElementsOf(expected);
        }
        assertThat(lines()).hasSize(2 * 201);
    }

    @Test
    void redrawsOneStatusLinePerImageInPlaceOnATerminal() {
        MutableClock clock = new MutableClock(Events.T0);
        ConsoleRenderer console = new ConsoleRenderer(out, true, List.of("postgres", "jre"), PARENTS, 100, clock,
                false);
        console.on(started("postgres", Backend.DOCKERFILE, 0));
        clock.advanceSeconds(3);
        console.on(stepStarted("postgres", 3, 7, "RUN apt-get install -y postgresql-16", 3));
        console.on(output("postgres", "Unpacking ...", 3)); // within 100 ms: no redraw until the next end
        console.on(cached("jre", "2222222222222222", 1, 1, 0.2, 3));

        String screen = bytes.toString(StandardCharsets.UTF_8);
        assertThat(screen).contains("\u001b[2A");
        assertThat(screen.split("\u001b\\[2A")).hasSize(3);
        List<String> last = List.of(screen.substring(screen.lastIndexOf("\u001b[2A")).split("\n"));
        assertThat(last).hasSize(2);
        assertThat(last.get(0)).endsWith("postgres  building    3 s   0 hit  0 miss  3/7 RUN apt-get install -y postgresql-16: Unpacking ...");
        assertThat(last.get(1)).endsWith("jre       cached      0 s   0 hit  0 miss");
    }

    @Test
    void showsTheRunningStepsLastOutputLineTrimmedToTheWidth() {
        MutableClock clock = new MutableClock(Events.T0);
        ConsoleRenderer console = new ConsoleRenderer(out, true, List.of("postgres"), PARENTS, 100, clock, false);
        console.on(started("postgres", Backend.DOCKERFILE, 0));
        console.on(stepStarted("postgres", 3, 7, "RUN apt-get update && apt-get install -y postgresql-17 postgresql-17-pgvector", 0));
        clock.advanceSeconds(42);
        console.on(output("postgres", "Unpacking postgresql-17 (17.2-1) ...", 42));

        String screen = bytes.toString(StandardCharsets.UTF_8);
        String last = screen.substring(screen.lastIndexOf("\u001b[2K") + 4).strip();
        assertThat(last).hasSizeLessThanOrEqualTo(99)
                .startsWith("postgres  building   42 s   0 hit  0 miss  3/7 RUN apt-")
                .endsWith("...: Unpacking postgresql-17 (17.2-1) ...");

        console.on(stepFinished("postgres", 3, "RUN apt-get", CacheResult.MISS, 42, 42));
        console.on(stepStarted("postgres", 4, 7, "COPY x /x", 42));
        clock.advanceSeconds(1);
        console.on(output("postgres", "   ", 43)); // blank lines do not replace the last one
        screen = bytes.toString(StandardCharsets.UTF_8);
        assertThat(screen.substring(screen.lastIndexOf("\u001b[2K") + 4).strip()).endsWith("4/7 COPY x /x");
    }

    @Test
    void plainModePrintsAHeartbeatForAStepSilentForTenSeconds() {
        ConsoleRenderer console = plain(120);
        console.on(started("postgres", Backend.DOCKERFILE, 0));
        console.on(stepStarted("postgres", 3, 7, "RUN apt-get install -y postgresql-17", 0));
        console.on(output("postgres", "Get:1 http://deb.debian.org trixie/main postgresql-17 [19 MB]", 2));
        console.tick(Events.at(9.9));
        console.tick(Events.at(10));
        console.on(output("postgres", "Unpacking postgresql-17 ...", 12));
        console.tick(Events.at(15));
        console.tick(Events.at(40));
        console.on(stepFinished("postgres", 3, "RUN apt-get install -y postgresql-17", CacheResult.MISS, 41, 41));
        console.tick(Events.at(60));

        assertThat(lines()).containsExactly(
                "[postgres] building with dockerfile (fingerprint f1e2d3c4b5a6)",
                "[postgres] step 3/7 still running (10 s): Get:1 http://deb.debian.org trixie/main postgresql-17 [19 MB]",
                "[postgres] step 3/7 still running (40 s): Unpacking postgresql-17 ...",
                "[postgres] step 3/7 RUN apt-get install -y postgresql-17 (cache miss, 41.0 s)");
    }

    @Test
    void takesTheTerminalWidthFromColumns() {
        assertThat(ConsoleRenderer.terminalWidth(Map.of("COLUMNS", "132"))).isEqualTo(132);
        assertThat(ConsoleRenderer.terminalWidth(Map.of("COLUMNS", "wide"))).isEqualTo(100);
        assertThat(ConsoleRenderer.terminalWidth(Map.of())).isEqualTo(100);
    }

    /** A clock the test moves by hand, to cross the redraw interval on purpose. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advanceSeconds(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
