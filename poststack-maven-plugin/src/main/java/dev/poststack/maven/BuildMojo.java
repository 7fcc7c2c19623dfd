package dev.poststack.maven;

import dev.poststack.Poststack;
import dev.poststack.api.BuildListener;
import dev.poststack.api.BuildOptions;
import dev.poststack.api.BuildResult;
import dev.poststack.report.CompositeListener;
import dev.poststack.report.ConsoleRenderer;
import dev.poststack.report.ImageLogs;
import dev.poststack.report.JsonReport;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code poststack:build}, the command line's {@code build-images}: builds the manifest's images (or the listed
 * ones and the images they are built on) into the local engine; cached ones cost a fraction of a second.
 * Progress goes to the Maven log, one line per event; {@code logs/build-report.json} and the per-image logs
 * are written as by the command line.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class BuildMojo extends AbstractPoststackMojo {

    /** Images to build (with their parents), comma-separated; default: all. */
    @Parameter(property = "poststack.images")
    List<String> images;

    /** Rebuild every image and step, ignoring caches. */
    @Parameter(property = "poststack.noCache", defaultValue = "false")
    boolean noCache;

    /** How many images may build at once; default: the number of cores. */
    @Parameter(property = "poststack.parallel")
    Integer parallel;

    /** Folder with extension sources for offline builds (the command line's {@code --source-dir}). */
    @Parameter(property = "poststack.sourceDir")
    File sourceDir;

    /**
     * Sources whose local archive is used although its sha256 differs from the manifest's, comma-separated
     * (the command line's {@code --accept-local-source}).
     */
    @Parameter(property = "poststack.acceptLocalSources")
    List<String> acceptLocalSources;

    /** Skips this goal only. */
    @Parameter(property = "poststack.build.skip", defaultValue = "false")
    boolean skipBuild;

    @Override
    String goal() {
        return "build";
    }

    @Override
    boolean skipGoal() {
        return skipBuild;
    }

    @Override
    void run(Poststack poststack) throws MojoFailureException, InterruptedException {
        BuildOptions options = buildOptions().images(names(images)).noCache(noCache)
                .sourceDir(sourceDir == null ? null : sourceDir.toPath())
                .acceptLocalSources(names(acceptLocalSources));
        if (parallel != null) {
            options = options.parallelism(parallel);
        }
        if (!build(poststack, options, logStream()).succeeded()) {
            throw new MojoFailureException("poststack: the build failed (see the summary above)");
        }
    }

    /** Builds with the progress (plain lines), the JSON report and the per-image logs of the command line. */
    static BuildResult build(Poststack poststack, BuildOptions options, PrintStream progress)
            throws InterruptedException {
        List<String> order = poststack.buildOrder(options.images());
        Path logs = poststack.projectDir().resolve("logs");
        ConsoleRenderer console = new ConsoleRenderer(progress, false, order, poststack.parents());
        JsonReport report = new JsonReport(order, poststack.parents());
        try (ImageLogs imageLogs = new ImageLogs(logs)) {
            BuildListener listener = CompositeListener.of(imageLogs, report, console);
            try {
                return poststack.buildImages(options, listener, imageLogs::logOf);
            } finally {
                console.close();
                progress.close();
                try {
                    report.write(logs.resolve("build-report.json"));
                } catch (IOException e) {
                    progress.println("poststack: could not write the build report: " + e.getMessage());
                }
            }
        }
    }
}
