package dev.poststack.report;

import dev.poststack.api.Backend;
import dev.poststack.api.CacheResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.poststack.report.Events.built;
import static dev.poststack.report.Events.cached;
import static dev.poststack.report.Events.failed;
import static dev.poststack.report.Events.layer;
import static dev.poststack.report.Events.runFinished;
import static dev.poststack.report.Events.skipped;
import static dev.poststack.report.Events.started;
import static org.assertj.core.api.Assertions.assertThat;

class SummaryTableTest {

    private static final List<String> ORDER = List.of("base-debian", "postgres", "jre", "liquibase", "app");
    private static final Map<String, Optional<String>> PARENTS = Map.of(
            "base-debian", Optional.empty(), "postgres", Optional.of("base-debian"),
            "jre", Optional.of("base-debian"), "liquibase", Optional.of("jre"), "app", Optional.of("liquibase"));

    /** base-debian built, postgres failed, jre cached, liquibase built by Jib, app skipped. */
    private static RunSummary mixedRun() {
        RunRecorder run = new RunRecorder(ORDER, PARENTS);
        Events.dockerfileBuild(run, "base-debian", 3, 1, 0);
        run.on(built("base-debian", "aaaaaaaaaaaaaaaaaaaa", 81_234_567, 1, 12.5, 12.5));
        run.on(started("postgres", Backend.DOCKERFILE, 12.5));
        run.on(failed("postgres", "exit code 100", "Step 3/7", "RUN apt-get install -y nope", List.of("E: nope"),
                8, 20.5));
        run.on(cached("jre", "bbbbbbbbbbbbbbbbbbbb", 195_000_000, 4, 0.3, 12.8));
        run.on(started("liquibase", Backend.JIB, 12.8));
        run.on(layer("liquibase", "dependencies", CacheResult.HIT, 0.1, 13));
        run.on(layer("liquibase", "changelogs", CacheResult.MISS, 0.2, 13.2));
        run.on(built("liquibase", "cccccccccccccccccccc", 1_250_000_000, 6, 1.5, 14.3));
        run.on(skipped("app", "parent liquibase was not pushed", 14.3));
        run.on(runFinished(21, 2));
        return run.summary();
    }

    @Test
    void alignsEveryCellUnderItsColumnHeader() {
        List<String> lines = SummaryTable.lines(mixedRun());
        String header = lines.get(0);

        assertThat(header).isEqualTo("IMAGE        STATUS   BACKEND       TIME  STEPS/LAYERS      "
                + "     SIZE  IMAGE ID      REASON");
        List<String> rows = lines.subList(1, 6);
        for (String column : List.of("STATUS", "BACKEND", "STEPS/LAYERS", "IMAGE ID", "REASON")) {
            int start = header.indexOf(column);
            // Rows drop trailing blanks, so an empty last cell (no reason) ends the row early.
            assertThat(rows).filteredOn(row -> row.length() > start).isNotEmpty().allSatisfy(row -> {
                assertThat(row.charAt(start - 1)).as("space before %s in %s", column, row).isEqualTo(' ');
                assertThat(row.charAt(start)).as("%s starts in %s", column, row).isNotEqualTo(' ');
            });
        }
        // Numbers are right-aligned, so their last digits line up under the header's end.
        int timeEnd = header.indexOf("TIME") + "TIME".length();
        int sizeEnd = header.indexOf("SIZE") + "SIZE".length();
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.substring(timeEnd - 2, timeEnd)).isIn(" s", " -");
            assertThat(row.substring(sizeEnd - 2, sizeEnd)).isIn("MB", "GB", " -");
        });
    }

    @Test
    void showsStatusesWorkSizesAndShortIds() {
        List<String> rows = SummaryTable.lines(mixedRun()).subList(1, 6);

        assertThat(rows).containsExactly(
                "base-debian  built    dockerfile  12.5 s  2 built, 1 cached   81.2 MB  aaaaaaaaaaaa",
                "postgres     failed   dockerfile   8.0 s  -                         -  -             "
                        + "Step 3/7: exit code 100",
                "jre          cached   dockerfile   0.3 s  -                  195.0 MB  bbbbbbbbbbbb",
                "liquibase    built    jib          1.5 s  1 built, 1 cached   1.25 GB  cccccccccccc",
                "app          skipped  -                -  -                         -  -             "
                        + "parent liquibase was not pushed");
    }

    @Test
    void endsWithWallTimeCriticalPathAndParallelism() {
        List<String> lines = SummaryTable.lines(mixedRun());

        assertThat(lines).last().isEqualTo(
                "total 21.0 s wall, critical path base-debian > postgres 20.5 s, parallelism 2");
    }

    @Test
    void leavesOutTheReasonColumnWhenNothingFailed() {
        RunRecorder run = new RunRecorder(ORDER, PARENTS);
        run.on(cached("jre", "bbbbbbbbbbbbbbbbbbbb", 195_000_000, 4, 0.3, 0.3));
        run.on(runFinished(1, 1));

        assertThat(SummaryTable.lines(run.summary())).first().asString().doesNotContain("REASON");
    }
}
