package dev.poststack.report;

import dev.poststack.api.BuildListener;
import dev.poststack.files.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a build leaves under {@code logs/}: the run's folder with one log per image,
 * {@code build-report.json} and {@code build-report.html}, copies of both reports at {@code logs/} where
 * tools and people look for them, {@code logs/latest}, and on request a Chrome trace.
 */
public final class BuildReports implements AutoCloseable {

    private final RunFolder run;
    private final ImageLogs imageLogs;
    private final JsonReport json;
    private final boolean html;

    private BuildReports(RunFolder run, JsonReport json, boolean html) {
        this.run = run;
        this.imageLogs = new ImageLogs(run);
        this.json = json;
        this.html = html;
    }

    /**
     * Starts a run's reports under {@code logs}, keeping the number of runs {@code env} asks for
     * ({@code POSTSTACK_KEEP_RUNS}) and writing the HTML report unless {@code POSTSTACK_HTML_REPORT=0}.
     *
     * @param imageOrder    the manifest's image names, in declaration order
     * @param parentByImage image name to its parent's manifest name, for the critical path
     */
    public static BuildReports start(Path logs, List<String> imageOrder, Map<String, Optional<String>> parentByImage,
                                     Map<String, String> env) {
        RunFolder run = RunFolder.forBuild(logs, env);
        return new BuildReports(run, new JsonReport(imageOrder, parentByImage), HtmlReport.enabled(env));
    }

    /** Receives the build's events for the logs and the reports. */
    public BuildListener listener() {
        return CompositeListener.of(imageLogs, json);
    }

    /** Where {@code image}'s log of this run is. */
    public Path logOf(String image) {
        return imageLogs.logOf(image);
    }

    public RunFolder run() {
        return run;
    }

    public JsonReport json() {
        return json;
    }

    /**
     * Writes the reports (and the trace, when {@code trace} is given), then prunes old runs. Returns the problems, one line each; a report that cannot be written does not
     * change the build's outcome.
     */
    public List<String> finish(Optional<Path> trace) {
        imageLogs.close();
        RunSummary summary = json.summary();
        List<String> problems = new ArrayList<>();
        write(problems, "build-report.json", ReportJson.toJson(summary));
        if (html) {
            write(problems, "build-report.html", HtmlReport.render(summary));
        }
        trace.ifPresent(file -> {
            try {
                AtomicFiles.writeString(file, TraceExport.toJson(summary));
            } catch (IOException e) {
                problems.add("could not write " + file + ": " + e.getMessage());
            }
        });
        run.finish();
        return problems;
    }

    @Override
    public void close() {
        imageLogs.close();
    }

    /** Into the run's folder, then the same text at {@code logs/}; each written whole or not at all. */
    private void write(List<String> problems, String name, String text) {
        for (Path file : List.of(run.folder().resolve(name), run.logs().resolve(name))) {
            try {
                AtomicFiles.writeString(file, text);
            } catch (IOException e) {
                problems.add("could not write " + file + ": " + e.getMessage());
            }
        }
    }
}
