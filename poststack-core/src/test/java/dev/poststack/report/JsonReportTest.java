package dev.poststack.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poststack.api.Backend;
import dev.poststack.api.CacheResult;
import dev.poststack.api.ImageStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.poststack.report.Events.built;
import static dev.poststack.report.Events.cached;
import static dev.poststack.report.Events.failed;
import static dev.poststack.report.Events.layer;
import static dev.poststack.report.Events.runFinished;
import static dev.poststack.report.Events.skipped;
import static dev.poststack.report.Events.started;
import static org.assertj.core.api.Assertions.assertThat;

class JsonReportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** base (10 s) > mid (20 s) > leaf (5 s) = 35 s; base > side (22 s) = 32 s; lone root 30 s. */
    private static final List<String> CHAIN_ORDER = List.of("base", "side", "mid", "lone", "leaf");
    private static final Map<String, Optional<String>> CHAIN_PARENTS = Map.of(
            "base", Optional.empty(), "mid", Optional.of("base"), "leaf", Optional.of("mid"),
            "side", Optional.of("base"), "lone", Optional.empty());

    private static JsonReport chainRun() {
        JsonReport report = new JsonReport(CHAIN_ORDER, CHAIN_PARENTS);
        report.on(built("base", "b0", 1, 1, 10, 10));
        report.on(built("side", "51de", 1, 1, 22, 32));
        report.on(built("lone", "10e", 1, 1, 30, 30));
        report.on(built("mid", "3d", 1, 1, 20, 30));
        report.on(built("leaf", "1eaf", 1, 1, 5, 35));
        report.on(runFinished(35, 3));
        return report;
    }

    private JsonNode written(JsonReport report) throws IOException {
        Path file = dir.resolve("logs").resolve("build-report.json");
        report.write(file);
        return MAPPER.readTree(file.toFile());
    }

    @Test
    void datesTheRunEachImageAndEachStepAndPutsImagesOnTheLanesTheyUsed() throws IOException {
        JsonReport report = chainRun();
        report.on(Events.stepFinished("leaf", 1, "FROM mid", CacheResult.HIT, 0.5, 30.5));
        JsonNode json = written(report);
        JsonNode run = json.get("run");
        assertThat(run.get("endedAt").asText()).isEqualTo("2026-01-01T10:00:35Z");
        assertThat(run.get("startMs").asLong()).isZero();
        assertThat(run.get("endMs").asLong()).isEqualTo(35_000);

        Map<String, JsonNode> byName = new java.util.HashMap<>();
        json.get("images").forEach(image -> byName.put(image.get("name").asText(), image));
        JsonNode side = byName.get("side");
        assertThat(side.get("startedAt").asText()).isEqualTo("2026-01-01T10:00:10Z");
        assertThat(side.get("endedAt").asText()).isEqualTo("2026-01-01T10:00:32Z");
        assertThat(side.get("startMs").asLong()).isEqualTo(10_000);
        assertThat(side.get("endMs").asLong()).isEqualTo(32_000);
        JsonNode step = byName.get("leaf").get("steps").get(0);
        assertThat(step.get("startedAt").asText()).isEqualTo("2026-01-01T10:00:30Z");
        assertThat(step.get("startMs").asLong()).isEqualTo(30_000);
        assertThat(step.get("endMs").asLong()).isEqualTo(30_500);
        // base 0-10 and side 10-32 share a lane; lone 0-30 and leaf 30-35 another; mid 10-30 needs a third.
        assertThat(Stream.of("base", "side", "lone", "leaf", "mid").map(name -> byName.get(name).get("lane").asInt()))
                .containsExactly(0, 0, 1, 1, 2);
    }

    @Test
    void followsParentsToTheSlowestChainNotTheSlowestImage() throws IOException {
        JsonNode run = written(chainRun()).get("run");

        assertThat(run.get("criticalPath")).extracting(JsonNode::asText).containsExactly("base", "mid", "leaf");
        assertThat(run.get("criticalPathSeconds").asDouble()).isEqualTo(35.0);
        assertThat(run.get("parallelism").asInt()).isEqualTo(3);
        assertThat(run.get("wallSeconds").asDouble()).isEqualTo(35.0);
        assertThat(run.get("startedAt").asText()).isEqualTo("2026-01-01T10:00:00Z");
    }

    @Test
    void listsImagesInManifestOrderWithRunCounts() throws IOException {
        JsonReport report = new JsonReport(List.of("base-debian", "postgres", "jre", "app"), Map.of(
                "postgres", Optional.of("base-debian"), "jre", Optional.of("base-debian"),
                "app", Optional.of("postgres")));
        report.on(skipped("app", "parent postgres failed", 9));
        report.on(failed("postgres", "exit code 100", "Step 2/3", "RUN apt-get install nope",
                List.of("E: Unable to locate package nope"), 5, 9));
        report.on(cached("jre", "cafe", 10, 1, 0.1, 4.1));
        report.on(built("base-debian", "beef", 10, 1, 4, 4));
        report.on(runFinished(9, 2));

        JsonNode json = written(report);
        assertThat(json.get("images")).extracting(image -> image.get("name").asText())
                .containsExactly("base-debian", "postgres", "jre", "app");
        JsonNode run = json.get("run");
        assertThat(List.of(run.get("images"), run.get("built"), run.get("cached"), run.get("failed"),
                run.get("skipped"))).extracting(JsonNode::asInt).containsExactly(4, 1, 1, 1, 1);
    }

    @Test
    void recordsStepsLayersAndCacheCountsPerImage() throws IOException {
        JsonReport report = new JsonReport(List.of("postgres", "liquibase"), Map.of());
        Events.dockerfileBuild(report, "postgres", 3, 1, 0);
        report.on(built("postgres", "abcdef", 412_000_000, 9, 3, 3));
        report.on(started("liquibase", Backend.JIB, 3));
        report.on(layer("liquibase", "changelogs", CacheResult.MISS, 0.1, 3.1));
        report.on(built("liquibase", "123456", 90_000_000, 4, 0.2, 3.2));

        JsonNode postgres = written(report).get("images").get(0);
        assertThat(postgres.get("backend").asText()).isEqualTo("dockerfile");
        assertThat(postgres.get("status").asText()).isEqualTo("built");
        assertThat(postgres.get("fingerprint").asText()).isEqualTo("f1e2d3c4b5a6978812345678");
        assertThat(postgres.get("imageId").asText()).isEqualTo("sha256:abcdef");
        assertThat(postgres.get("sizeBytes").asLong()).isEqualTo(412_000_000);
        assertThat(postgres.get("layerCount").asInt()).isEqualTo(9);
        assertThat(postgres.get("cacheHits").asInt()).isEqualTo(1);
        assertThat(postgres.get("cacheMisses").asInt()).isEqualTo(2);
        assertThat(postgres.get("steps")).hasSize(3);
        JsonNode step = postgres.get("steps").get(0);
        assertThat(step.get("index").asInt()).isEqualTo(1);
        assertThat(step.get("instruction").asText()).isEqualTo("RUN step-1");
        assertThat(step.get("cache").asText()).isEqualTo("hit");
        assertThat(step.get("seconds").asDouble()).isEqualTo(1.0);
        assertThat(postgres.get("error").isNull()).isTrue();
        assertThat(postgres.get("skipReason").isNull()).isTrue();

        JsonNode layer = written(report).get("images").get(1).get("layers").get(0);
        assertThat(layer.get("name").asText()).isEqualTo("changelogs");
        assertThat(layer.get("cache").asText()).isEqualTo("miss");
        assertThat(layer.get("seconds").asDouble()).isEqualTo(0.1);
    }

    @Test
    void keepsTheFailureWithItsOutputTailAndLogAndTheSkipReason() throws IOException {
        JsonReport report = new JsonReport(List.of("postgres", "app"), Map.of("app", Optional.of("postgres")));
        report.on(failed("postgres", "exit code 100", "Step 2/3", "RUN apt-get install nope",
                List.of("Reading package lists...", "E: Unable to locate package nope"), 5, 5));
        report.on(skipped("app", "parent postgres failed", 5));

        JsonNode images = written(report).get("images");
        JsonNode error = images.get(0).get("error");
        assertThat(images.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(error.get("message").asText()).isEqualTo("exit code 100");
        assertThat(error.get("step").asText()).isEqualTo("Step 2/3");
        assertThat(error.get("instruction").asText()).isEqualTo("RUN apt-get install nope");
        assertThat(error.get("outputTail")).extracting(JsonNode::asText)
                .containsExactly("Reading package lists...", "E: Unable to locate package nope");
        assertThat(error.get("log").asText()).isEqualTo(Path.of("logs", "build-postgres.log").toString());
        assertThat(images.get(1).get("status").asText()).isEqualTo("skipped");
        assertThat(images.get(1).get("skipReason").asText()).isEqualTo("parent postgres failed");
    }

    @Test
    void replacesThePreviousReportWithoutLeavingTemporaryFiles() throws IOException {
        Path file = dir.resolve("build-report.json");
        Files.writeString(file, "{ \"old\": true }");

        chainRun().write(file);

        assertThat(MAPPER.readTree(file.toFile()).has("old")).isFalse();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void exposesTheSameDataAsImmutableRecords() {
        RunSummary summary = chainRun().summary();

        assertThat(summary.finished()).isTrue();
        assertThat(summary.count(ImageStatus.BUILT)).isEqualTo(5);
        assertThat(summary.criticalPath()).isEqualTo(
                new CriticalPath(List.of("base", "mid", "leaf"), Duration.ofSeconds(35)));
        assertThat(summary.images()).extracting(ImageSummary::name).containsExactlyElementsOf(CHAIN_ORDER);
        assertThat(chainRun().toJson()).isEqualTo(ReportJson.toJson(summary));
    }

    @Test
    void countsEveryStepWhenTwoImagesReportFromTwoThreads() throws Exception {
        JsonReport report = new JsonReport(List.of("postgres", "jre"), Map.of());
        Events.inParallel(List.of("postgres", "jre"), image -> Events.dockerfileBuild(report, image, 300, 100, 0));

        assertThat(report.summary().images()).allSatisfy(image -> {
            assertThat(image.steps()).extracting(StepSummary::index).isSorted().hasSize(300);
            assertThat(image.cacheHits()).isEqualTo(100);
            assertThat(image.cacheMisses()).isEqualTo(200);
        });
    }

    @Test
    void marksImagesStillBuildingAsRunning() {
        JsonReport report = new JsonReport(List.of("postgres"), Map.of());
        report.on(started("postgres", Backend.DOCKERFILE, 0));

        assertThat(ReportJson.toTree(report.summary()).get("images").get(0).get("status").asText())
                .isEqualTo("running");
        assertThat(report.summary().finished()).isFalse();
    }
}
