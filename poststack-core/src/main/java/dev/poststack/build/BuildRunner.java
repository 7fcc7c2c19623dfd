package dev.poststack.build;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import dev.poststack.api.Backend;
import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildListener;
import dev.poststack.api.BuildOptions;
import dev.poststack.api.BuildResult;
import dev.poststack.api.ImageResult;
import dev.poststack.api.ImageStatus;
import dev.poststack.engine.Labels;
import dev.poststack.manifest.BuildSpec;
import dev.poststack.manifest.DockerfileSpec;
import dev.poststack.manifest.ImageSpec;
import dev.poststack.manifest.JibSpec;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.RootfsSpec;
import dev.poststack.thread.Daemons;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Builds a manifest's images in dependency order, independent images in parallel. Each image is first
 * looked up by its input fingerprint; only images whose inputs changed are built. A failed image stops its
 * descendants; independent images still finish. Every image ends with exactly one terminal event.
 */
public final class BuildRunner {

    private final Manifest manifest;
    private final DockerClient docker;
    private final Map<Backend, BuildBackend> backends;
    private final BuildListener listener;
    private final Function<String, Path> logOf;
    private final Clock clock;
    private final ImageCache cache;
    private ExternalImages externals = ExternalImages.NONE;
    private Map<Backend, ImagePusher> pushers = Map.of();
    private Optional<String> pushTo = Optional.empty();
    /** What each finished image is to its children; filled by the build threads. */
    private final Map<String, BuildJob.ParentImage> asParent = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param logOf the per-image log file, named in failure events
     */
    public BuildRunner(Manifest manifest, DockerClient docker, Map<Backend, BuildBackend> backends,
                       BuildListener listener, Function<String, Path> logOf, Clock clock) {
        this.manifest = manifest;
        this.docker = docker;
        this.backends = Map.copyOf(backends);
        this.listener = listener;
        this.logOf = logOf;
        this.clock = clock;
        this.cache = new ImageCache(docker);
    }

    /**
     * Gives the runner a registry: {@code externals} resolves {@code from:} references outside the manifest;
     * with {@code pushTo} ({@code host[:port][/path]}) each image is pushed, parents first, by the pusher of its
     * backend, once it is built or found cached. Returns this runner.
     */
    public BuildRunner withRegistry(ExternalImages externals, Map<Backend, ImagePusher> pushers,
                                    Optional<String> pushTo) {
        this.externals = externals;
        this.pushers = Map.copyOf(pushers);
        this.pushTo = pushTo;
        return this;
    }

    public static Backend backendOf(BuildSpec spec) {
        if (spec instanceof RootfsSpec) {
            return Backend.ROOTFS;
        }
        if (spec instanceof DockerfileSpec) {
            return Backend.DOCKERFILE;
        }
        if (spec instanceof JibSpec) {
            return Backend.JIB;
        }
        throw new IllegalArgumentException("unknown build kind " + spec.kind());
    }

    /**
     * Builds the requested images and their ancestors.
     *
     * @throws InterruptedException when the calling thread is interrupted (Ctrl-C); running builds are
     *                              cancelled and cleaned up before this returns
     */
    public BuildResult run(BuildOptions options) throws InterruptedException {
        Instant start = clock.instant();
        BuildGraph graph = options.images().isEmpty()
                ? BuildGraph.of(manifest)
                : BuildGraph.of(manifest).closureOf(options.images());
        Map<String, ImageResult> results = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), Daemons.factory("build"));
        CompletionService<ImageResult> done = new ExecutorCompletionService<>(pool);
        ExecutorService preparer = Executors.newSingleThreadExecutor(Daemons.factory("prepare"));
        Map<String, Future<?>> prepared = prepareAll(graph, preparer);
        Deque<String> ready = new ArrayDeque<>();
        graph.order().stream().filter(name -> graph.parentOf(name).isEmpty()).forEach(ready::add);
        int running = 0;
        try {
            while (!ready.isEmpty() || running > 0) {
                while (!ready.isEmpty() && running < options.parallelism()) {
                    String name = ready.removeFirst();
                    Optional<BuildJob.ParentImage> parent = graph.parentOf(name).map(asParent::get);
                    done.submit(() -> BuildGraph.isExternal(name)
                            ? resolveExternal(name, needsEngine(graph, name))
                            : buildOne(name, parent, options, prepared.get(name)));
                    running++;
                }
                ImageResult result = take(done);
                running--;
                results.put(result.name(), result);
                if (result.succeeded()) {
                    // Children start in manifest order as soon as their parent is ready.
                    graph.order().stream().filter(graph.childrenOf(result.name())::contains).forEach(ready::add);
                } else {
                    for (String descendant : graph.descendantsOf(result.name())) {
                        String reason = "not built: its parent " + result.name() + " "
                                + (result.status() == ImageStatus.FAILED ? "failed"
                                : result.sourceUnavailable() ? "was skipped (a source is unavailable)"
                                : "was not built");
                        results.put(descendant, skipped(descendant, reason, result.sourceUnavailable()));
                    }
                }
            }
        } catch (InterruptedException e) {
            preparer.shutdownNow();
            pool.shutdownNow();
            // Give backends time to cancel engine-side work and remove what they started.
            pool.awaitTermination(30, TimeUnit.SECONDS);
            for (String name : graph.order()) {
                results.computeIfAbsent(name, n -> skipped(n, "cancelled"));
            }
            throw e;
        } finally {
            preparer.shutdownNow();
            pool.shutdownNow();
            Duration wall = Duration.between(start, clock.instant());
            listener.on(new BuildEvent.RunFinished(wall, options.parallelism(), clock.instant()));
        }
        List<ImageResult> ordered = graph.order().stream().map(results::get).toList();
        return new BuildResult(ordered, Duration.between(start, clock.instant()));
    }

    /**
     * Starts each backend's parent-independent work at once, one image at a time on one extra thread, so
     * that e.g. Maven resolution overlaps the parents' builds instead of following them.
     */
    private Map<String, Future<?>> prepareAll(BuildGraph graph, ExecutorService preparer) {
        Map<String, Future<?>> futures = new LinkedHashMap<>();
        for (String name : graph.order()) {
            if (BuildGraph.isExternal(name)) {
                continue;
            }
            ImageSpec spec = manifest.images().get(name);
            BuildBackend backend = backends.get(backendOf(spec.build()));
            futures.put(name, preparer.submit(() -> {
                backend.prepare(spec);
                return null;
            }));
        }
        return futures;
    }

    private static void awaitPrepared(Future<?> prepared) throws BuildFailure, InterruptedException {
        try {
            prepared.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BuildFailure failure) {
                throw failure;
            }
            throw BuildFailure.of(String.valueOf(e.getCause().getMessage()), e.getCause());
        }
    }

    private static ImageResult take(CompletionService<ImageResult> done) throws InterruptedException {
        Future<ImageResult> future = done.take();
        try {
            return future.get();
        } catch (ExecutionException e) {
            // buildOne turns every failure into a result; reaching here is a bug in poststack.
            throw new IllegalStateException("image build crashed", e.getCause());
        }
    }

    private ImageResult skipped(String name, String reason) {
        return skipped(name, reason, false);
    }

    private ImageResult skipped(String name, String reason, boolean sourceUnavailable) {
        listener.on(new BuildEvent.ImageSkipped(name, reason, clock.instant()));
        return new ImageResult(name, manifest.referenceOf(name), ImageStatus.SKIPPED, Optional.empty(),
                Optional.of(reason), sourceUnavailable);
    }

    /** Dockerfile and rootfs children build in the engine; Jib children read a registry image from there. */
    private boolean needsEngine(BuildGraph graph, String external) {
        return graph.childrenOf(external).stream()
                .anyMatch(child -> !(manifest.images().get(child).build() instanceof JibSpec));
    }

    /** A registry image: its digest now, pulled when a child needs it in the engine. */
    private ImageResult resolveExternal(String reference, boolean intoEngine) {
        Instant start = clock.instant();
        try {
            ExternalImages.Resolved resolved = externals.resolve(reference, intoEngine);
            String id = resolved.imageId().orElse(resolved.digest());
            asParent.put(reference, new BuildJob.ParentImage(reference, resolved.pinned(), id, true,
                    Optional.empty()));
            ImageStatus status = resolved.pulled() ? ImageStatus.PULLED : ImageStatus.CACHED;
            listener.on(new BuildEvent.ImageFinished(reference, status, Backend.REGISTRY, resolved.pinned(), id, 0,
                    0, Duration.between(start, clock.instant()), clock.instant()));
            return new ImageResult(reference, resolved.pinned(), status, Optional.of(id), Optional.empty());
        } catch (BuildFailure e) {
            return failed(reference, reference, e.getMessage(), null, null, List.of(), start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(reference, reference, "cancelled", null, null, List.of(), start);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return failed(reference, reference, message, null, null, List.of(), start);
        }
    }

    private Map<String, String> manifestLabels(ImageSpec spec) {
        Map<String, String> labels = new TreeMap<>(manifest.defaults().labels());
        labels.putAll(spec.labels());
        return labels;
    }

    private String fingerprint(ImageSpec spec, Map<String, String> labels, Optional<String> parentIdentity,
                               Optional<Path> sourceDir) {
        return Fingerprint.of(spec, manifest.baseDir(), labels, parentIdentity, sourceDir,
                backends.get(backendOf(spec.build())).recipe(spec));
    }

    /**
     * The images {@code images} (all when empty) and their ancestors, parents first, as name to image id, when
     * every one of them is current in the engine (an image carries its fingerprint, as a build would find it);
     * empty when any would have to be built, or is a registry image. Nothing is built, prepared or reported:
     * how a reused test stack proves that its images are still the ones its inputs make, in a few engine calls.
     */
    public Optional<Map<String, String>> current(List<String> images) {
        BuildGraph graph = images.isEmpty() ? BuildGraph.of(manifest) : BuildGraph.of(manifest).closureOf(images);
        Map<String, String> ids = new LinkedHashMap<>();
        for (String name : graph.order()) {
            if (BuildGraph.isExternal(name)) {
                return Optional.empty();
            }
            ImageSpec spec = manifest.images().get(name);
            String fingerprint = fingerprint(spec, manifestLabels(spec), graph.parentOf(name).map(ids::get),
                    Optional.empty());
            Optional<InspectImageResponse> cached = cache.find(manifest.referenceOf(name), fingerprint);
            if (cached.isEmpty()) {
                return Optional.empty();
            }
            ids.put(name, cached.get().getId());
        }
        return Optional.of(ids);
    }

    private ImageResult buildOne(String name, Optional<BuildJob.ParentImage> parentImage, BuildOptions options,
                                 Future<?> prepared) {
        ImageSpec spec = manifest.images().get(name);
        String reference = manifest.referenceOf(name);
        Instant start = clock.instant();
        Map<String, String> labels = manifestLabels(spec);
        String fingerprint = fingerprint(spec, labels, parentImage.map(BuildJob.ParentImage::identity),
                options.sourceDir());
        labels.put(Labels.OCI_TITLE, name);
        parentImage.ifPresent(p -> {
            labels.put(Labels.OCI_BASE_NAME, p.reference());
            labels.put(Labels.OCI_BASE_DIGEST, p.external() ? p.reference().substring(p.reference().indexOf('@') + 1)
                    : p.imageId());
        });
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.IMAGE, name);
        labels.put(Labels.FINGERPRINT, fingerprint);

        try {
            if (!options.noCache()) {
                Optional<InspectImageResponse> cached = cache.find(reference, fingerprint);
                if (cached.isPresent()) {
                    ImageResult result = finished(name, reference, ImageStatus.CACHED, backendOf(spec.build()),
                            fingerprint, cached.get(), start);
                    return pushed(result, spec, labels, parentImage, options);
                }
            }
            Backend backend = backendOf(spec.build());
            listener.on(new BuildEvent.ImageStarted(name, backend, fingerprint, clock.instant()));
            awaitPrepared(prepared);
            Path workDir = Files.createTempDirectory("poststack-" + name + "-");
            try {
                BuildJob job = new BuildJob(spec, reference, labels, parentImage, options.noCache(),
                        new ImageEvents(name, listener, clock), logOf.apply(name), workDir, options.sourceDir(),
                        options.acceptLocalSources());
                backends.get(backend).build(job);
            } finally {
                deleteTree(workDir);
            }
            ImageResult result = finished(name, reference, ImageStatus.BUILT, backendOf(spec.build()), fingerprint,
                    docker.inspectImageCmd(reference).exec(), start);
            return pushed(result, spec, labels, parentImage, options);
        } catch (SourceUnavailable e) {
            return skipped(name, e.getMessage(), true);
        } catch (BuildFailure e) {
            return failed(name, reference, e.getMessage(), e.step(), e.instruction(), e.outputTail(), start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(name, reference, "cancelled", null, null, List.of(), start);
        } catch (RuntimeException | IOException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return failed(name, reference, message, null, null, List.of(), start);
        }
    }

    /**
     * Records what the image is to its children and, in a pushing run, pushes it. A failed push fails the image
     * (its children, which would read it from the registry, are skipped) after its own event says why.
     */
    private ImageResult pushed(ImageResult result, ImageSpec spec, Map<String, String> labels,
                               Optional<BuildJob.ParentImage> parent, BuildOptions options)
            throws InterruptedException, IOException {
        String name = result.name();
        String imageId = result.imageId().orElseThrow();
        if (pushTo.isEmpty()) {
            asParent.put(name, new BuildJob.ParentImage(name, result.reference(), imageId));
            return result;
        }
        String local = result.reference();
        ImagePusher.Target target = new ImagePusher.Target(pushTo.get() + "/" + local.substring(0,
                local.lastIndexOf(':')), local.substring(local.lastIndexOf(':') + 1));
        Instant start = clock.instant();
        Path workDir = Files.createTempDirectory("poststack-push-" + name + "-");
        try {
            BuildJob job = new BuildJob(spec, local, labels, parent, options.noCache(),
                    new ImageEvents(name, listener, clock), logOf.apply(name), workDir, options.sourceDir(),
                    options.acceptLocalSources());
            ImagePusher pusher = pushers.get(backendOf(spec.build()));
            if (pusher == null) {
                throw BuildFailure.of("no way to push " + backendOf(spec.build()) + " images is configured", null);
            }
            ImagePusher.Pushed pushed = pusher.push(job, imageId, target);
            listener.on(new BuildEvent.ImagePushed(name, target.reference(), pushed.digest(), pushed.bytesSent(),
                    pushed.bytesSkipped(), pushed.blobsSent(), pushed.blobsSkipped(),
                    Duration.between(start, clock.instant()), clock.instant()));
            asParent.put(name, new BuildJob.ParentImage(name, local, imageId, false,
                    Optional.of(target.byDigest(pushed.digest()))));
            return result;
        } catch (BuildFailure e) {
            listener.on(new BuildEvent.PushFailed(name, target.reference(), e.getMessage(),
                    Duration.between(start, clock.instant()), clock.instant()));
            return new ImageResult(name, local, ImageStatus.FAILED, result.imageId(),
                    Optional.of("push to " + target.reference() + " failed: " + e.getMessage()));
        } finally {
            deleteTree(workDir);
        }
    }

    private ImageResult finished(String name, String reference, ImageStatus status, Backend backend,
                                 String fingerprint, InspectImageResponse image, Instant start) {
        long size = image.getSize() == null ? 0 : image.getSize();
        int layers = image.getRootFS() == null || image.getRootFS().getLayers() == null
                ? 0 : image.getRootFS().getLayers().size();
        listener.on(new BuildEvent.ImageFinished(name, status, backend, fingerprint, image.getId(), size, layers,
                Duration.between(start, clock.instant()), clock.instant()));
        return new ImageResult(name, reference, status, Optional.of(image.getId()), Optional.empty());
    }

    private ImageResult failed(String name, String reference, String message, String step, String instruction,
                               List<String> tail, Instant start) {
        listener.on(new BuildEvent.ImageFailed(name, message, step, instruction, tail, logOf.apply(name),
                Duration.between(start, clock.instant()), clock.instant()));
        return new ImageResult(name, reference, ImageStatus.FAILED, Optional.empty(), Optional.of(message));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary folder holds nothing of value.
        }
    }
}
