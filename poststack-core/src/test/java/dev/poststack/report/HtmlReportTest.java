package dev.poststack.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poststack.api.Backend;
import dev.poststack.api.CacheResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.poststack.report.Events.built;
import static dev.poststack.report.Events.cached;
import static dev.poststack.report.Events.dockerfileBuild;
import static dev.poststack.report.Events.failed;
import static dev.poststack.report.Events.layer;
import static dev.poststack.report.Events.runFinished;
import static dev.poststack.report.Events.skipped;
import static dev.poststack.report.Events.started;
import static org.assertj.core.api.Assertions.assertThat;

/** The HTML report and the Chrome trace of one recorded run; the browser test is BuildReportIT. */
class HtmlReportTest {

    private static final List<String> ORDER = List.of("base", "postgres", "liquibase", "app", "extra");
    private static final Map<String, Optional<String>> PARENTS = Map.of("base", Optional.empty(),
            "postgres", Optional.of("base"), "liquibase", Optional.of("base"), "app", Optional.of("postgres"),
            "extra", Optional.of("app"));

    /**
     * base 0-3 s (3 steps, 1 cached) > postgres 3-7 s (4 steps, 2 cached) > app fails at 9 s > extra skipped;
     * liquibase (Jib, 2 layers) runs beside postgres from 3 to 6 s.
     */
    private static RunSummary recordedRun() {
        RunRecorder run = new RunRecorder(ORDER, PARENTS);
        dockerfileBuild(run, "base", 3, 1, 0);
        run.on(built("base", "ba5e", 120_000_000, 1, 3, 3));
        dockerfileBuild(run, "postgres", 4, 2, 3);
        run.on(started("liquibase", Backend.JIB, 3));
        run.on(layer("liquibase", "dependencies", CacheResult.HIT, 0.5, 3.5));
        run.on(layer("liquibase", "changelog", CacheResult.MISS, 2, 5.5));
        run.on(built("liquibase", "11b", 480_000_000, 6, 3, 6));
        run.on(built("postgres", "9e5", 1_010_000_000, 5, 4, 7));
        run.on(started("app", Backend.DOCKERFILE, 7));
        run.on(failed("app", "step failed", "Step 2/2", "RUN ./check <all>", List.of("ls: cannot access '<x>'"),
                2, 9));
        run.on(skipped("extra", "its parent app failed", 9));
        run.on(runFinished(9, 2));
        return run.summary();
    }

    private static List<String> all(String html, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(html);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.groupCount() > 0 ? matcher.group(1) : matcher.group());
        }
        return found;
    }

    @Test
    void drawsOneLanePerParallelLaneAndABarPerStepAndLayerColouredByCache() {
        String html = HtmlReport.render(recordedRun());

        // postgres and liquibase overlap from 3 to 6 s: two lanes, never more.
        assertThat(all(html, "<g class=\"lane\" data-lane=\"(\\d+)\"")).containsExactly("0", "1");
        assertThat(all(html, "<g class=\"image[^\"]*\" data-image=\"([^\"]+)\""))
                .containsExactly("base", "postgres", "liquibase", "app");
        // base 1 + postgres 2 cached steps + 1 cached layer; 2 + 2 built steps + 1 built layer.
        assertThat(all(html, "class=\"bar hit\"")).hasSize(4);
        assertThat(all(html, "class=\"bar miss\"")).hasSize(5);
        assertThat(html).contains("<title>postgres step 3/4: RUN step-3 (cache miss, 1.0 s)</title>");
    }

    @Test
    void outlinesTheCriticalPathAndListsSizesLayersAndFailures() {
        String html = HtmlReport.render(recordedRun());

        assertThat(all(html, "<g class=\"image critical\" data-image=\"([^\"]+)\""))
                .containsExactly("base", "postgres", "app");
        assertThat(html).contains("critical path base &gt; postgres &gt; app (9.0 s)")
                .contains("<td>liquibase</td><td class=\"status-built\">built</td><td>jib</td><td class=\"num\">2</td>")
                .contains("<td class=\"num\">1.01 GB</td><td class=\"num\">5</td>")
                .contains("<article class=\"failure\" data-image=\"app\"><h3>app: step failed</h3>")
                .contains("<code>RUN ./check &lt;all&gt;</code>")
                .contains("<pre>ls: cannot access &#39;&lt;x&gt;&#39;</pre>")
                .contains("<td>extra</td><td class=\"status-skipped\">skipped</td>");
    }

    @Test
    void isSelfContainedAndForbidsTheBrowserToLoadAnything() {
        String html = HtmlReport.render(recordedRun());

        assertThat(html).startsWith("<!DOCTYPE html>").contains("Content-Security-Policy\" content=\"default-src 'none';");
        assertThat(html).doesNotContainPattern("(?i)\\s(src|href)=").doesNotContain("@import").doesNotContain("url(http");
        // The only URL is the SVG namespace, which names the vocabulary and is never fetched.
        assertThat(all(html, "https?://[^\"]+")).containsOnly("http://www.w3.org/2000/svg");
    }

    @Test
    void cachedOnlyRunsStillGetATimelineWithAnAxis() {
        RunRecorder run = new RunRecorder(List.of("base"), Map.of());
        run.on(cached("base", "ba5e", 1, 1, 0.05, 0.06));
        run.on(runFinished(0.08, 2));
        String html = HtmlReport.render(run.summary());

        assertThat(all(html, "<g class=\"lane\"")).hasSize(1);
        assertThat(html).contains(">0 s</text>").contains(">0.01 s</text>").contains(">0.08 s</text>");
    }

    @Test
    void exportsAChromeTraceWithACompleteEventPerImageStepAndLayerOnItsLane() throws IOException {
        JsonNode trace = new ObjectMapper().readTree(TraceExport.toJson(recordedRun()));
        List<JsonNode> complete = new ArrayList<>();
        trace.get("traceEvents").forEach(event -> {
            if (event.get("ph").asText().equals("X")) {
                complete.add(event);
            }
        });
        // 4 images that ran + 3 + 4 + 2 steps (app's failing step never finished) + 2 layers.
        assertThat(complete).hasSize(4 + 3 + 4 + 2);
        JsonNode postgres = complete.stream().filter(e -> e.get("name").asText().equals("postgres")).findFirst()
                .orElseThrow();
        assertThat(postgres.get("ts").asLong()).isEqualTo(3_000_000);
        assertThat(postgres.get("dur").asLong()).isEqualTo(4_000_000);
        assertThat(postgres.get("cat").asText()).isEqualTo("image");
        JsonNode layer = complete.stream().filter(e -> e.get("name").asText().equals("layer changelog")).findFirst()
                .orElseThrow();
        assertThat(layer.get("tid").asInt()).isNotEqualTo(postgres.get("tid").asInt());
        assertThat(layer.get("ts").asLong()).isEqualTo(3_500_000);
        assertThat(layer.get("cat").asText()).isEqualTo("cache-miss");
        assertThat(trace.get("traceEvents").findValuesAsText("name")).contains("thread_name", "process_name");
    }

    @Test
    void canBeTurnedOffOnlyToMeasureItsCost() {
        assertThat(HtmlReport.enabled(Map.of())).isTrue();
        assertThat(HtmlReport.enabled(Map.of("POSTSTACK_HTML_REPORT", "1"))).isTrue();
        assertThat(HtmlReport.enabled(Map.of("POSTSTACK_HTML_REPORT", "0"))).isFalse();
    }
}
