package dev.poststack;

import dev.poststack.api.Backend;
import dev.poststack.api.BuildListener;
import dev.poststack.api.BuildOptions;
import dev.poststack.api.BuildResult;
import dev.poststack.api.PoststackException;
import dev.poststack.build.BuildBackend;
import dev.poststack.build.BuildGraph;
import dev.poststack.build.BuildRunner;
import dev.poststack.build.dockerfile.DockerfileBackend;
import dev.poststack.build.jib.JibBackend;
import dev.poststack.build.rootfs.RootfsBackend;
import dev.poststack.engine.Engine;
import dev.poststack.engine.EngineUnavailableException;
import dev.poststack.manifest.DockerfileSpec;
import dev.poststack.manifest.ImageSpec;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.ManifestException;
import dev.poststack.manifest.ManifestLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * poststack's entry point: open a manifest, then build its images.
 * <pre>{@code
 * Poststack poststack = Poststack.open(Path.of("images.yaml"));
 * BuildResult result = poststack.buildImages(BuildOptions.defaults(), event -> System.out.println(event));
 * }</pre>
 * Failures poststack can explain are {@link PoststackException}s whose message says what to fix.
 */
public final class Poststack {

    private final Manifest manifest;
    /** A client set up in the background while the manifest was read; taken by the first engine use. */
    private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Engine>> preparedEngine;

    private Poststack(Manifest manifest, CompletableFuture<Engine> preparedEngine) {
        this.manifest = manifest;
        this.preparedEngine = new java.util.concurrent.atomic.AtomicReference<>(preparedEngine);
    }

    /**
     * Reads and validates a manifest.
     *
     * @throws PoststackException of kind {@code INVALID_INPUT} listing every problem with file:line:column
     */
    public static Poststack open(Path manifestFile) {
        // Setting up the engine client (not contacting it) overlaps reading and validating the manifest.
        CompletableFuture<Engine> engine = CompletableFuture.supplyAsync(Engine::create, Poststack::daemonThread);
        try {
            return new Poststack(ManifestLoader.load(manifestFile), engine);
        } catch (ManifestException e) {
            engine.thenAccept(Engine::close);
            throw new PoststackException(PoststackException.Kind.INVALID_INPUT, e.getMessage(), e);
        }
    }

    private static void daemonThread(Runnable task) {
        Thread thread = new Thread(task, "engine-setup");
        thread.setDaemon(true);
        thread.start();
    }

    /** The manifest's image names in declaration order. */
    public List<String> imageNames() {
        return manifest.imageNames();
    }

    /** Image name to its parent's name, in declaration order. */
    public Map<String, Optional<String>> parents() {
        return BuildGraph.of(manifest).parents();
    }

    /**
     * The images a build of {@code targets} (all when empty) involves, parents first.
     *
     * @throws PoststackException {@code INVALID_INPUT} naming unknown images
     */
    public List<String> buildOrder(List<String> targets) {
        try {
            return targets.isEmpty() ? BuildGraph.of(manifest).order()
                    : BuildGraph.of(manifest).closureOf(targets).order();
        } catch (IllegalArgumentException e) {
            throw PoststackException.invalidInput(e.getMessage());
        }
    }

    /** The folder holding the manifest; {@code logs/} is created inside it. */
    public Path projectDir() {
        return manifest.baseDir();
    }

    /**
     * Builds the requested images (all by default) and their ancestors into the local engine.
     *
     * @param logOf where each image's build log is written; named in failure messages
     * @throws PoststackException   {@code INVALID_INPUT} for unknown image names or Dockerfiles naming
     *                              undeclared parents, {@code ENGINE_UNAVAILABLE} when the engine does not
     *                              answer; nothing has been built in either case
     * @throws InterruptedException when interrupted; running builds are cancelled and cleaned up
     */
    public BuildResult buildImages(BuildOptions options, BuildListener listener, Function<String, Path> logOf)
            throws InterruptedException {
        checkBeforeBuilding(options);
        try (Engine engine = connect()) {
            Map<Backend, BuildBackend> backends = Map.of(
                    Backend.ROOTFS, new RootfsBackend(engine.client()),
                    Backend.DOCKERFILE, new DockerfileBackend(engine.client()),
                    Backend.JIB, JibBackend.on(engine));
            return new BuildRunner(manifest, engine.client(), backends, listener, logOf, Clock.systemUTC())
                    .run(options);
        }
    }

    private void checkBeforeBuilding(BuildOptions options) {
        List<String> problems = new ArrayList<>();
        Set<String> names = manifest.images().keySet();
        for (String name : buildOrder(options.images())) {
            ImageSpec spec = manifest.images().get(name);
            if (spec.build() instanceof DockerfileSpec dockerfile) {
                try {
                    problems.addAll(DockerfileBackend.check(dockerfile, names));
                } catch (IOException e) {
                    problems.add(dockerfile.dockerfile() + ": cannot read it: " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw PoststackException.invalidInput(String.join("\n", problems));
        }
    }

    private Engine connect() {
        CompletableFuture<Engine> prepared = preparedEngine.getAndSet(null);
        try {
            return prepared != null ? prepared.join().checkAnswers() : Engine.connect();
        } catch (EngineUnavailableException e) {
            throw new PoststackException(PoststackException.Kind.ENGINE_UNAVAILABLE, e.getMessage(), e);
        }
    }
}
