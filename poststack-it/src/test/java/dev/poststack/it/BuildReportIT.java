package dev.poststack.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real build's {@code logs/build-report.html}, opened in headless Chromium: it loads without console
 * errors or network requests and shows the lanes and bars of the run; its screenshot is kept as
 * {@code logs/build-report.png} of the repository (a CI artifact). Also the trace export and the run folders.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuildReportIT {

    private static final String NS = "poststack-report-it";

    @TempDir
    static Path dir;
    private TestProject project;
    private Cli cli;
    private EngineFixture engine;

    @BeforeAll
    void smallProjectWithTwoParallelImagesAndAFailingOne() throws Exception {
        engine = new EngineFixture();
        engine.removeImages(NS);
        project = TestProject.copyOfRepo(dir, NS);
        project.write("images.yaml", """
                version: 1
                defaults:
                  namespace: %s
                images:
                  base-debian:
                    rootfs:
                      suite: trixie
                      variant: minbase
                  left:
                    dockerfile:
                      from: base-debian
                      context: containers/left
                  right:
                    dockerfile:
                      from: base-debian
                      context: containers/right
                  broken:
                    dockerfile:
                      from: left
                      context: containers/broken
                """.formatted(NS));
        project.write("containers/left/Dockerfile", "FROM base-debian\nRUN echo left && sleep 2\nENV SIDE=left\n");
        project.write("containers/right/Dockerfile", "FROM base-debian\nRUN echo right && sleep 2\nENV SIDE=right\n");
        project.write("containers/broken/Dockerfile",
                "FROM left\nRUN printf '\\033[91mboom: \\033[0mno such thing\\n' && exit 3\n");
        cli = project.cli().withEnv(Map.of("XDG_CACHE_HOME", dir.resolve(".cache").toString()));
    }

    @AfterAll
    void removeImages() {
        engine.removeImages(NS);
        engine.close();
    }

    @Test
    @Order(1)
    void theHtmlReportOfARealBuildLoadsCleanlyInChromiumAndShowsLanesAndBars() throws Exception {
        Path trace = dir.resolve("build.trace.json");
        Cli.Run run = cli.run("build-images", "--trace", trace.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("boom: no such thing").doesNotContain("\u001b");
        Path html = dir.resolve("logs/build-report.html");
        assertThat(html).isRegularFile();
        assertThat(dir.resolve("logs/latest/build-report.html")).hasSameTextualContentAs(html);

        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.open(html);
            assertThat(chromium.problems()).as("console errors and warnings").isEmpty();
            assertThat(chromium.requests()).as("requests besides the page itself")
                    .allMatch(url -> url.equals(html.toUri().toString()));

            // left and right build side by side on base-debian: at least two lanes.
            assertThat(chromium.evaluate("document.querySelectorAll('svg g.lane').length").asInt())
                    .isGreaterThanOrEqualTo(2);
            JsonNode images = chromium.evaluate(
                    "[...document.querySelectorAll('svg g.image')].map(g => g.dataset.image)");
            assertThat(images).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("base-debian", "left", "right", "broken");
            assertThat(chromium.evaluate("document.querySelectorAll('svg rect.bar.miss').length").asInt())
                    .isGreaterThanOrEqualTo(4);
            // Bars are drawn with a real size, inside the timeline.
            JsonNode box = chromium.evaluate("(() => { const r = document.querySelector('svg rect.bar.miss')"
                    + ".getBoundingClientRect(); return [r.width, r.height]; })()");
            assertThat(box.get(0).asDouble()).isPositive();
            assertThat(box.get(1).asDouble()).isPositive();
            assertThat(chromium.evaluate("document.querySelectorAll('g.image.critical').length").asInt())
                    .isGreaterThanOrEqualTo(2);
            assertThat(chromium.evaluate("document.querySelector('#failures pre').textContent").asText())
                    .contains("boom: no such thing").doesNotContain("\u001b");
            Path screenshot = Cli.repo().resolve("logs/build-report.png");
            chromium.screenshot(screenshot);
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        }

        JsonNode traceJson = new ObjectMapper().readTree(trace.toFile());
        List<JsonNode> complete = traceJson.get("traceEvents").findParents("ph").stream()
                .filter(event -> event.get("ph").asText().equals("X")).toList();
        assertThat(complete).extracting(event -> event.get("name").asText())
                .contains("base-debian", "left", "right", "broken");
        assertThat(complete).allMatch(event -> event.has("ts") && event.has("dur") && event.has("tid"));
    }

    @Test
    @Order(2)
    void aCachedRunKeepsTheLastFullBuildLogAndTheRunsItBuiltIn() throws Exception {
        String fullLog = Files.readString(dir.resolve("logs/build-left.log"), StandardCharsets.UTF_8);
        assertThat(fullLog).contains("| left");

        Cli.Run run = cli.run("build-images", "left", "right");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(dir.resolve("logs/build-left.log")).content(StandardCharsets.UTF_8).isEqualTo(fullLog);
        assertThat(dir.resolve("logs/latest/build-left.log")).content(StandardCharsets.UTF_8)
                .contains("image cached, last built in run ");
        try (var runs = Files.list(dir.resolve("logs/runs"))) {
            assertThat(runs.count()).isEqualTo(2);
        }
        assertThat(dir.resolve("logs/.gitignore")).content().contains("*");
        JsonNode report = new ObjectMapper().readTree(dir.resolve("logs/build-report.json").toFile());
        assertThat(report.get("run").get("endMs").asLong()).isPositive();
        assertThat(report.get("images").get(0).get("startedAt").asText()).endsWith("Z");
    }
}
