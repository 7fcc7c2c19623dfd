package dev.poststack.cli;

import dev.poststack.Poststack;
import dev.poststack.api.BuildListener;
import dev.poststack.api.BuildOptions;
import dev.poststack.api.BuildResult;
import dev.poststack.api.PoststackException;
import dev.poststack.report.CompositeListener;
import dev.poststack.report.ConsoleRenderer;
import dev.poststack.report.BuildReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code poststack build-images}: builds the manifest's images, reports per image and per step. */
@Command(name = "build-images",
        mixinStandardHelpOptions = true,
        description = {"Builds the images of images.yaml in dependency order, independent images in parallel.",
                "An image whose inputs are unchanged and which is in the engine is not built again (cached).",
                "Writes logs/build-report.json, logs/build-report.html and one log per image, per run under logs/runs/."},
        footer = {"", "Examples:",
                "  poststack build-images                 build every image",
                "  poststack build-images liquibase       build liquibase and its parents",
                "  poststack build-images --no-cache      rebuild everything from scratch",
                "  poststack build-images --source-dir ~/src   take extension sources from ~/src",
                "  poststack build-images --json | jq .   machine-readable report on stdout",
                "  poststack build-images --push          build, then push every image to defaults.registry",
                "  poststack build-images --trace build.trace.json   timeline for Perfetto or chrome://tracing"})
final class BuildImagesCommand implements Callable<Integer> {

    @Parameters(paramLabel = "IMAGE", arity = "0..*",
            description = "Images to build (with the images they are built on). Default: all.")
    List<String> images = new ArrayList<>();

    @Option(names = "--no-cache", description = "Rebuild every image and step, ignoring caches.")
    boolean noCache;

    @Option(names = "--parallel", paramLabel = "N",
            description = "How many images may build at once. Default: the number of cores (${DEFAULT-VALUE}).")
    int parallel = Runtime.getRuntime().availableProcessors();

    @ParentCommand
    Main main;

    @Option(names = "--source-dir", paramLabel = "DIR",
            description = "Folder with extension sources for offline builds: a source named N is taken from DIR/N/, DIR/N.tar.gz, DIR/N.tgz or DIR/N.tar before its url is downloaded.")
    Path sourceDir;

    @Option(names = "--accept-local-source", paramLabel = "NAME",
            description = "Use source NAME's local archive (from --source-dir or path:) although its sha256 differs from the manifest's sha256: (repeatable).")
    List<String> acceptLocalSources = new ArrayList<>();

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Also write the run as a Chrome trace (open it in Perfetto or chrome://tracing).")
    Path trace;

    @Option(names = "--push", description = "Also push every image to the registry (defaults.registry, or --registry), parents first; Jib images daemonless, the others from the engine. Credentials: POSTSTACK_REGISTRY_USER and POSTSTACK_REGISTRY_PASSWORD_FILE, else ~/.docker/config.json.")
    boolean push;

    @Option(names = "--registry", paramLabel = "HOST[:PORT][/PATH]",
            description = "Push to this registry instead of the manifest's defaults.registry.")
    String registry;

    @Override
    public Integer call() throws InterruptedException {
        if (registry != null && !push) {
            throw PoststackException.invalidInput("--registry names where --push sends the images; add --push,"
                    + " or use `poststack push --registry " + registry + "`");
        }
        return run(images, push);
    }

    /** Builds {@code targets}, pushing them too with {@code push}; {@code poststack push} comes here as well. */
    Integer run(List<String> targets, boolean push) throws InterruptedException {
        checked();
        try (Poststack poststack = main.globals.open()) {
            BuildOptions options = BuildOptions.defaults().images(targets).parallelism(parallel).noCache(noCache)
                    .sourceDir(sourceDir).acceptLocalSources(acceptLocalSources)
                    .push(push, Optional.ofNullable(registry));
            return build(poststack, options, main.globals, main.globals.json, Optional.ofNullable(trace))
                    .succeeded() ? 0 : 1;
        }
    }

    /** This command with its options checked. */
    BuildImagesCommand checked() {
        if (parallel < 1) {
            throw PoststackException.invalidInput("--parallel must be at least 1, not " + parallel);
        }
        if (sourceDir != null && !java.nio.file.Files.isDirectory(sourceDir)) {
            throw PoststackException.invalidInput("--source-dir " + sourceDir + " is not a folder");
        }
        return this;
    }

    /**
     * Builds with the console, the JSON report and the per-image logs attached; {@code setup} runs its
     * build phase through here too.
     */
    static BuildResult build(Poststack poststack, BuildOptions options, GlobalOptions globals, boolean json)
            throws InterruptedException {
        return build(poststack, options, globals, json, Optional.empty());
    }

    /** The same, also writing the run as a Chrome trace to {@code trace} when given. */
    static BuildResult build(Poststack poststack, BuildOptions options, GlobalOptions globals, boolean json,
                             Optional<Path> trace)
            throws InterruptedException {
        List<String> order = poststack.buildOrder(options.images());
        Path logs = poststack.projectDir().resolve("logs");
        PrintStream progress = globals.progress();
        boolean interactive = !globals.json && !globals.quiet && globals.color() && System.console() != null
                && System.getenv("CI") == null;
        ConsoleRenderer console = new ConsoleRenderer(progress, interactive, order, poststack.parents());
        BuildResult result;
        try (BuildReports reports = BuildReports.start(logs, order, poststack.parents(), System.getenv())) {
            BuildListener listener = CompositeListener.of(reports.listener(), console);
            try {
                result = poststack.buildImages(options, listener, reports::logOf);
            } finally {
                console.close();
                reports.finish(trace).forEach(problem -> System.err.println("poststack: " + problem));
            }
            if (options.push()) {
                PushLines.print(reports.json().summary(), progress, globals.quiet);
            }
            if (json) {
                JsonOutput.print(JsonOutput.document("build-images", reports.json().toJson()));
            }
        }
        if (globals.quiet) {
            // No console, no summary table: what failed must still be said.
            result.images().stream().filter(i -> !i.acceptable())
                    .forEach(i -> System.err.println("poststack: " + i.name() + " " + i.status().name()
                            .toLowerCase(java.util.Locale.ROOT) + i.reason().map(r -> ": " + r).orElse("")));
        }
        return result;
    }
}
