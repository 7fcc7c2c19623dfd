package dev.poststack.report;

import dev.poststack.api.CacheResult;
import dev.poststack.api.ImageStatus;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link RunSummary} as {@code build-report.html}: one self-contained page (inline CSS, SVG and a
 * few lines of script; no network, no fonts) with the run as a timeline, one row per parallel lane, each
 * image's steps or layers as bars coloured by cache hit or miss, the critical path outlined, a table of
 * sizes and layer counts, and each failure with its excerpt. Drawn on the server side, so the page shows
 * everything even with scripts off; the script only fills the detail line on hover.
 */
public final class HtmlReport {

    private static final int LABEL_WIDTH = 90;
    private static final int PLOT_WIDTH = 960;
    private static final int AXIS_HEIGHT = 24;
    private static final int LANE_HEIGHT = 52;
    private static final int BAR_TOP = 20;
    private static final int BAR_HEIGHT = 22;
    /** A bar narrower than this is invisible; a 5 ms cached step still shows as a sliver. */
    private static final double MIN_BAR = 1.5;

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2330;background:#fff}
            h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
            .meta{color:#4a5163;margin:0}
            svg{display:block;max-width:100%;height:auto;border:1px solid #d8dce5;background:#fbfcfe}
            .axis text,.lane-label{font-size:11px;fill:#5d6477}.grid{stroke:#e3e6ee}
            .span{fill:#e8ecf5;stroke:#9aa3b8;stroke-width:1}.span.failed{fill:#fde8e8;stroke:#c62828;stroke-width:2}
            .span.skipped{fill:#f1f1f1;stroke-dasharray:3 2}.critical .span{stroke:#7b2cbf;stroke-width:3}
            .critical .span.failed{stroke:#c62828}
            .name{font-size:12px;fill:#1d2330}.bar.hit{fill:#4caf50}.bar.miss{fill:#f28c28}
            .bar:hover,.span:hover{opacity:.75}
            .legend span{display:inline-block;margin-right:16px}
            .swatch{display:inline-block;width:12px;height:12px;vertical-align:-2px;margin-right:4px;border-radius:2px}
            table{border-collapse:collapse}th,td{padding:4px 10px;border-bottom:1px solid #e3e6ee;text-align:left}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            .status-failed{color:#c62828;font-weight:600}
            pre{background:#1d2330;color:#e8ecf5;padding:10px;overflow:auto;max-height:24em}
            #detail{min-height:1.4em;color:#4a5163;font-family:ui-monospace,monospace;font-size:12px}
            """;

    /** Shows an element's details under the timeline; nothing else runs. */
    private static final String SCRIPT = """
            (function () {
              var detail = document.getElementById('detail');
              document.querySelectorAll('[data-detail]').forEach(function (el) {
                el.addEventListener('mouseenter', function () { detail.textContent = el.getAttribute('data-detail'); });
              });
            })();
            """;

    private HtmlReport() {
    }

    /** Whether the report is wanted: {@code POSTSTACK_HTML_REPORT=0} turns it off, to measure its cost. */
    public static boolean enabled(Map<String, String> env) {
        return !"0".equals(env.getOrDefault("POSTSTACK_HTML_REPORT", "").strip());
    }

    public static String render(RunSummary run) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                // The page may load nothing at all: any attempt to reach the network is blocked by the browser.
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>poststack build ").append(escape(run.startedAt().toString())).append("</title>")
                .append("<style>").append(STYLE).append("</style></head><body>\n");
        header(html, run);
        timeline(html, run);
        images(html, run);
        failures(html, run);
        html.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, RunSummary run) {
        html.append("<header><h1>poststack build</h1><p class=\"meta\">")
                .append(escape(run.startedAt().truncatedTo(ChronoUnit.SECONDS).toString())).append(" · ")
                .append(Format.seconds(run.wall()))
                .append(" · ").append(run.images().size()).append(" images: ");
        StringBuilder counts = new StringBuilder();
        for (ImageStatus status : ImageStatus.values()) {
            long count = run.count(status);
            if (count > 0) {
                counts.append(counts.length() == 0 ? "" : ", ").append(count).append(' ').append(Format.lower(status));
            }
        }
        html.append(counts).append(" · parallelism ").append(run.parallelism());
        if (!run.criticalPath().images().isEmpty()) {
            html.append(" · critical path ").append(escape(run.criticalPath().describe())).append(" (")
                    .append(Format.seconds(run.criticalPath().time())).append(')');
        }
        html.append("</p></header>\n");
    }

    private static void timeline(StringBuilder html, RunSummary run) {
        Map<String, Integer> lanes = run.lanes();
        int laneCount = lanes.values().stream().mapToInt(lane -> lane + 1).max().orElse(0);
        int height = AXIS_HEIGHT + Math.max(laneCount, 1) * LANE_HEIGHT + 8;
        int width = LABEL_WIDTH + PLOT_WIDTH + 20;
        double millis = Math.max(run.offsetMillis(run.endedAt()), 1);
        Scale x = new Scale(millis);
        html.append("<section id=\"timeline\"><h2>Timeline</h2>")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"build timeline\" ")
                .append("viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\">");
        axis(html, x, height);
        for (int lane = 0; lane < laneCount; lane++) {
            int y = AXIS_HEIGHT + lane * LANE_HEIGHT;
            html.append("<g class=\"lane\" data-lane=\"").append(lane).append("\"><text class=\"lane-label\" x=\"4\" y=\"")
                    .append(y + BAR_TOP + 15).append("\">lane ").append(lane + 1).append("</text></g>");
        }
        Set<String> critical = Set.copyOf(run.criticalPath().images());
        int clip = 0;
        for (ImageSummary image : run.images()) {
            Integer lane = lanes.get(image.name());
            if (lane != null) {
                imageBars(html, run, image, AXIS_HEIGHT + lane * LANE_HEIGHT, x, critical.contains(image.name()),
                        clip++);
            }
        }
        html.append("</svg><p id=\"detail\" aria-live=\"polite\"></p><p class=\"legend\">")
                .append("<span><i class=\"swatch\" style=\"background:#4caf50\"></i>cache hit</span>")
                .append("<span><i class=\"swatch\" style=\"background:#f28c28\"></i>built (cache miss)</span>")
                .append("<span><i class=\"swatch\" style=\"border:3px solid #7b2cbf\"></i>critical path</span>")
                .append("<span><i class=\"swatch\" style=\"border:2px solid #c62828\"></i>failed</span>")
                .append("</p></section>\n");
    }

    private static void axis(StringBuilder html, Scale x, int height) {
        double step = tickStep(x.millis);
        html.append("<g class=\"axis\">");
        for (int i = 0; i * step <= x.millis + 0.5; i++) {
            double t = i * step;
            String at = number(x.at(t));
            html.append("<line class=\"grid\" x1=\"").append(at).append("\" x2=\"").append(at)
                    .append("\" y1=\"").append(AXIS_HEIGHT - 6).append("\" y2=\"").append(height - 4).append("\"/>")
                    .append("<text x=\"").append(at).append("\" y=\"12\" text-anchor=\"middle\">")
                    .append(seconds(t)).append("</text>");
        }
        html.append("</g>");
    }

    private static void imageBars(StringBuilder html, RunSummary run, ImageSummary image, int y, Scale x,
                                  boolean critical, int clip) {
        Instant start = image.startedAt().orElseThrow();
        double left = x.at(run.offsetMillis(start));
        double right = Math.max(x.at(run.offsetMillis(image.endedAt().orElseThrow())), left + MIN_BAR);
        String status = image.status().map(Format::lower).orElse("running");
        String detail = image.name() + ": " + status + ", " + Format.seconds(image.wall()) + ", "
                + Format.size(image.sizeBytes()) + ", " + image.layerCount() + " layers, " + image.cacheHits()
                + " cached / " + image.cacheMisses() + " built";
        html.append("<g class=\"image").append(critical ? " critical" : "").append("\" data-image=\"")
                .append(escape(image.name())).append("\">")
                .append("<clipPath id=\"clip").append(clip).append("\"><rect x=\"").append(number(left))
                .append("\" y=\"").append(y).append("\" width=\"").append(number(right - left))
                .append("\" height=\"").append(BAR_TOP).append("\"/></clipPath>")
                .append("<rect class=\"span ").append(status).append("\" x=\"").append(number(left)).append("\" y=\"")
                .append(y + 2).append("\" width=\"").append(number(right - left)).append("\" height=\"")
                .append(LANE_HEIGHT - 8).append("\" rx=\"3\" data-detail=\"").append(escape(detail)).append("\"><title>")
                .append(escape(detail)).append("</title></rect>")
                .append("<text class=\"name\" x=\"").append(number(left + 4)).append("\" y=\"").append(y + 15)
                .append("\" clip-path=\"url(#clip").append(clip).append(")\">").append(escape(image.name()))
                .append("</text>");
        for (StepSummary step : image.steps()) {
            bar(html, run, x, y, step.startedAt(), step.endedAt(), step.cache(),
                    image.name() + " step " + step.index() + (step.total() > 0 ? "/" + step.total() : "") + ": "
                            + Format.oneLine(step.instruction()) + " (cache " + Format.lower(step.cache()) + ", "
                            + Format.seconds(step.duration()) + ")");
        }
        for (LayerSummary layer : image.layers()) {
            bar(html, run, x, y, layer.startedAt(), layer.endedAt(), layer.cache(),
                    image.name() + " layer " + layer.name() + " (cache " + Format.lower(layer.cache()) + ", "
                            + Format.seconds(layer.duration()) + ")");
        }
        html.append("</g>");
    }

    private static void bar(StringBuilder html, RunSummary run, Scale x, int y, Instant start, Instant end,
                            CacheResult cache, String detail) {
        double left = x.at(run.offsetMillis(start));
        double width = Math.max(x.at(run.offsetMillis(end)) - left, MIN_BAR);
        html.append("<rect class=\"bar ").append(Format.lower(cache)).append("\" x=\"").append(number(left))
                .append("\" y=\"").append(y + BAR_TOP).append("\" width=\"").append(number(width))
                .append("\" height=\"").append(BAR_HEIGHT).append("\" data-detail=\"").append(escape(detail))
                .append("\"><title>").append(escape(detail)).append("</title></rect>");
    }

    private static void images(StringBuilder html, RunSummary run) {
        Map<String, Integer> lanes = run.lanes();
        Set<String> critical = Set.copyOf(run.criticalPath().images());
        html.append("<section id=\"images\"><h2>Images</h2><table><thead><tr><th>image</th><th>status</th>")
                .append("<th>backend</th><th>lane</th><th>start</th><th>wall</th><th>size</th><th>layers</th>")
                .append("<th>cached</th><th>built</th><th>critical path</th></tr></thead><tbody>");
        for (ImageSummary image : run.images()) {
            String status = image.status().map(Format::lower).orElse("running");
            Integer lane = lanes.get(image.name());
            html.append("<tr><td>").append(escape(image.name())).append("</td><td class=\"status-").append(status)
                    .append("\">").append(status).append("</td><td>")
                    .append(image.backend().map(Format::lower).orElse("")).append("</td><td class=\"num\">")
                    .append(lane == null ? "" : lane + 1).append("</td><td class=\"num\">")
                    .append(image.startedAt().map(at -> Format.seconds(Duration.between(run.startedAt(), at)))
                            .orElse(""))
                    .append("</td><td class=\"num\">").append(Format.seconds(image.wall()))
                    .append("</td><td class=\"num\">").append(Format.size(image.sizeBytes()))
                    .append("</td><td class=\"num\">").append(image.layerCount())
                    .append("</td><td class=\"num\">").append(image.cacheHits())
                    .append("</td><td class=\"num\">").append(image.cacheMisses())
                    .append("</td><td>").append(critical.contains(image.name()) ? "yes" : "")
                    .append("</td></tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    private static void failures(StringBuilder html, RunSummary run) {
        List<ImageSummary> failed = run.images().stream().filter(image -> image.error().isPresent()).toList();
        if (failed.isEmpty()) {
            return;
        }
        html.append("<section id=\"failures\"><h2>Failures</h2>");
        for (ImageSummary image : failed) {
            FailureSummary error = image.error().orElseThrow();
            html.append("<article class=\"failure\" data-image=\"").append(escape(image.name())).append("\"><h3>")
                    .append(escape(image.name())).append(": ").append(escape(error.message())).append("</h3>");
            if (error.step().isPresent() || error.instruction().isPresent()) {
                html.append("<p>at ").append(escape(error.step().map(step -> step + ": ").orElse("")))
                        .append("<code>").append(escape(Format.oneLine(error.instruction().orElse(""))))
                        .append("</code></p>");
            }
            if (!error.outputTail().isEmpty()) {
                html.append("<pre>").append(escape(String.join("\n", error.outputTail()))).append("</pre>");
            }
            error.log().ifPresent(log -> html.append("<p>full log: <code>").append(escape(log.toString()))
                    .append("</code></p>"));
            html.append("</article>");
        }
        html.append("</section>\n");
    }

    /** Round steps of 1, 2 or 5 times a power of ten, about eight to ten of them across the run. */
    static double tickStep(double millis) {
        double raw = millis / 8;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= raw) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /** {@code 0.05 s}, {@code 2 s}: to the millisecond, without trailing zeros. */
    private static String seconds(double millis) {
        return BigDecimal.valueOf(Math.round(millis), 3).stripTrailingZeros().toPlainString() + " s";
    }

    /** A coordinate to a tenth of a pixel; by hand, since String.format costs more than the rest of the page. */
    private static String number(double value) {
        long tenths = Math.round(value * 10);
        String sign = tenths < 0 ? "-" : "";
        tenths = Math.abs(tenths);
        return sign + tenths / 10 + "." + tenths % 10;
    }

    /** Text and attribute values: the five characters HTML gives meaning to. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Run milliseconds to x coordinates in the plot. */
    private record Scale(double millis) {
        double at(double offsetMillis) {
            return LABEL_WIDTH + offsetMillis / millis * PLOT_WIDTH;
        }
    }
}
