package dev.poststack.testing;

import dev.poststack.Poststack;
import dev.poststack.api.BuildOptions;
import dev.poststack.api.BuildResult;
import dev.poststack.api.ImageResult;
import dev.poststack.api.PoststackException;
import dev.poststack.report.CompositeListener;
import dev.poststack.report.ConsoleRenderer;
import dev.poststack.report.ImageLogs;
import dev.poststack.report.QuietUntilBuilding;
import dev.poststack.report.RunFolder;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the images a test stack or container needs; unchanged images are cached, so this costs a fraction of a
 * second. When something has to build, its progress goes to {@code System.err}, one line per event as the CLI
 * prints into a pipe (the library has no logging backend; a test run or Maven build shows stderr), so minutes of
 * building never look like a hang. Used by poststack's JUnit extension and Testcontainers container.
 */
public final class StackBuilder {

    private StackBuilder() {
    }

    /**
     * Builds the images of {@code services} (and the schema's image when {@code schema}) that are missing or out
     * of date.
     *
     * @throws PoststackException {@code FAILED} naming the images that did not build, their logs and the
     *                            {@code poststack build-images} command that builds them
     */
    public static BuildResult buildMissing(Poststack poststack, List<String> services, boolean schema)
            throws InterruptedException {
        List<String> images = poststack.imagesFor(services, schema);
        Path logs = poststack.projectDir().resolve("logs");
        BuildResult result;
        // Its own run folder, like the CLI's builds: a cached image never overwrites its last full build log.
        RunFolder run = RunFolder.forBuild(logs, System.getenv());
        try (ImageLogs imageLogs = new ImageLogs(run);
             ConsoleRenderer console = new ConsoleRenderer(System.err, false, poststack.imageNames(),
                     poststack.parents())) {
            result = poststack.buildImages(BuildOptions.defaults().images(images),
                    CompositeListener.of(imageLogs, new QuietUntilBuilding(console)), imageLogs::logOf);
        } finally {
            run.finish();
        }
        List<ImageResult> failed = result.images().stream().filter(i -> !i.acceptable()).toList();
        if (!failed.isEmpty()) {
            throw new PoststackException(PoststackException.Kind.FAILED, "the test stack's images did not build: "
                    + failed.stream().map(i -> i.name() + " " + i.status() + i.reason().map(r -> " (" + r + ")").orElse(""))
                    .collect(Collectors.joining(", ")) + "; see " + logs
                    + "\nfix: run `poststack build-images " + String.join(" ", images) + "` in " + poststack.projectDir()
                    + " to see the build", null);
        }
        return result;
    }
}
