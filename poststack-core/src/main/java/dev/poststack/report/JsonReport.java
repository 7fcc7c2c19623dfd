package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildListener;
import dev.poststack.files.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accumulates the run and writes {@code logs/build-report.json}. {@link #summary()} gives the same
 * model to the CLI's {@code --json} output.
 */
public final class JsonReport implements BuildListener {

    /** Where the report goes, relative to the working folder. */
    public static final Path DEFAULT_FILE = Path.of("logs", "build-report.json");

    private final RunRecorder recorder;

    /**
     * @param imageOrder    the manifest's image names, in declaration order
     * @param parentByImage image name to its parent's manifest name
     */
    public JsonReport(List<String> imageOrder, Map<String, Optional<String>> parentByImage) {
        this.recorder = new RunRecorder(imageOrder, parentByImage);
    }

    @Override
    public void on(BuildEvent event) {
        recorder.on(event);
    }

    public RunSummary summary() {
        return recorder.summary();
    }

    public String toJson() {
        return ReportJson.toJson(summary());
    }

    /** Writes the report atomically, so a reader never sees half a file. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }
}
