package dev.poststack.build.jib;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerClient;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import dev.poststack.build.BuildBackend;
import dev.poststack.build.BuildFailure;
import dev.poststack.build.BuildJob;
import dev.poststack.build.CacheDirectories;
import dev.poststack.api.MavenResolution;
import dev.poststack.build.ImagePusher;
import dev.poststack.build.registry.RegistryAccess;
import dev.poststack.manifest.ImageReferences;
import dev.poststack.build.maven.MavenResolver;
import dev.poststack.build.maven.ResolvedArtifact;
import dev.poststack.engine.Engine;
import dev.poststack.manifest.FilesLayerSpec;
import dev.poststack.manifest.JibSpec;
import dev.poststack.manifest.LayerSpec;
import dev.poststack.manifest.MavenLayerSpec;
import dev.poststack.thread.Daemons;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds a {@link JibSpec} image with jib-core: the parent image from the engine as base, one layer per manifest
 * layer, the result loaded into the engine. Maven layers are resolved on the host first.
 */
public final class JibBackend implements BuildBackend, ImagePusher {

    private final DockerClient docker;
    private final MavenResolver resolver;
    private final Path cacheDir;
    private RegistryAccess registry;

    /**
     * @param docker   the engine, as Jib sees it
     * @param resolver resolves the Maven layers
     * @param cacheDir Jib's cache; base-image layers go to {@code base}, application layers to {@code layers}
     */
    public JibBackend(DockerClient docker, MavenResolver resolver, Path cacheDir) {
        this.docker = docker;
        this.resolver = resolver;
        this.cacheDir = cacheDir;
    }

    /**
     * A backend on {@code engine}, resolving with Maven's resolver (the user's settings under what {@code maven}
     * sets), caching below the poststack cache.
     */
    public static JibBackend on(Engine engine, MavenResolution maven) {
        return new JibBackend(new EngineDockerClient(engine.client()),
                MavenResolver.fromEnvironment(CacheDirectories.root().resolve("maven"), maven),
                CacheDirectories.root().resolve("jib"));
    }

    /**
     * Gives the backend registry access: parents from a registry are read from there (not from the engine), and
     * {@link #push} sends images daemonless. Returns this backend.
     */
    public JibBackend withRegistry(RegistryAccess access) {
        this.registry = access;
        return this;
    }

    /** Resolves the Maven layers ahead of the build; the resolver's cache makes the later lookup instant. */
    @Override
    public void prepare(dev.poststack.manifest.ImageSpec image) throws BuildFailure, InterruptedException {
        if (image.build() instanceof JibSpec spec) {
            List<MavenLayerSpec> groups = spec.layers().stream()
                    .filter(MavenLayerSpec.class::isInstance).map(MavenLayerSpec.class::cast).toList();
            if (!groups.isEmpty()) {
                resolver.resolve(groups);
            }
        }
    }

    @Override
    public String build(BuildJob job) throws BuildFailure, InterruptedException {
        if (!(job.spec().build() instanceof JibSpec spec)) {
            throw BuildFailure.of(job.spec().name() + " is not a Jib image", null);
        }
        BuildJob.ParentImage parent = job.parent().orElseThrow(() -> BuildFailure.of(
                "Jib image " + job.spec().name() + " needs its parent image '" + spec.from() + "' built first", null));
        List<FileEntriesLayer> layers = plan(spec, job);
        ImageReference base = reference(parent.reference());
        DockerClient docker = this.docker;
        JibContainerBuilder builder;
        if (parent.external()) {
            // A registry image: Jib reads it from its registry, the engine is not asked for it.
            builder = Jib.from(registryImage(parent.reference()));
        } else {
            int parentLayers = checkParentIsCurrent(base, parent);
            docker = this.docker instanceof EngineDockerClient engine
                    ? engine.withKnownBaseLayers(parentLayers) : this.docker;
            builder = Jib.from(docker, DockerDaemonImage.named(base));
        }
        LayerProgress progress = configure(builder, layers, spec, job);
        String imageId = containerize(builder, docker, job, progress);
        progress.report();
        return imageId;
    }

    /**
     * Pushes the image daemonless: the same layers on the parent as the registry has it (pushed just before, or
     * the registry image it is built on), straight to the registry. Jib skips the blobs the registry has and
     * mounts or skips the parent's; the engine is not involved.
     */
    @Override
    public Pushed push(BuildJob job, String imageId, Target target) throws BuildFailure, InterruptedException {
        if (registry == null) {
            throw BuildFailure.of("no registry access configured for Jib pushes", null);
        }
        JibSpec spec = (JibSpec) job.spec().build();
        BuildJob.ParentImage parent = job.parent().orElseThrow(() -> BuildFailure.of(
                "Jib image " + job.spec().name() + " has no parent", null));
        String base = parent.inRegistry().orElseThrow(() -> BuildFailure.of("the parent " + parent.name()
                + " of " + job.spec().name() + " is not in the registry", null));
        JibContainerBuilder builder = Jib.from(registryImage(base));
        LayerProgress progress = configure(builder, plan(spec, job), spec, job);
        Set<String> skipped = ConcurrentHashMap.newKeySet();
        ExecutorService executor = Executors.newCachedThreadPool(Daemons.factory("jib-push-" + job.spec().name()));
        JibContainer container;
        try {
            Containerizer containerizer = Containerizer.to(registryImage(target.reference()))
                    .setToolName("poststack")
                    .setExecutorService(executor)
                    .setBaseImageLayersCache(cacheDir.resolve("base"))
                    .setApplicationLayersCache(applicationLayersCache(job))
                    .addEventHandler(LogEvent.class, event -> {
                        Matcher m = SKIPPED_BLOB.matcher(event.getMessage());
                        if (m.find()) {
                            skipped.add(m.group(1));
                        }
                        progress.onLog(event);
                    });
            container = builder.containerize(containerizer);
        } catch (ExecutionException | RegistryException | IOException | CacheDirectoryCreationException
                 | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("Jib push of " + target.reference() + " cancelled");
            }
            throw pushFailure(e, target);
        } finally {
            executor.shutdownNow();
        }
        String digest = container.getDigest().toString();
        String host = ImageReferences.host(target.repository());
        if (ImageReferences.host(base).equals(host)) {
            // The parent's layers were in this registry already: Jib mounted them from its repository.
            String parentRef = base;
            String parentRepository = parentRef.substring(host.length() + 1, parentRef.indexOf('@'));
            registry.blobsOf(host, parentRepository, parentRef.substring(parentRef.indexOf('@') + 1)).stream()
                    .skip(1).forEach(blob -> skipped.add(blob.digest()));
        }
        long sent = 0;
        long kept = 0;
        int sentCount = 0;
        int keptCount = 0;
        for (RegistryAccess.Blob blob : registry.blobsOf(host, target.repository().substring(host.length() + 1),
                digest)) {
            if (skipped.contains(blob.digest())) {
                kept += blob.size();
                keptCount++;
            } else {
                sent += blob.size();
                sentCount++;
            }
        }
        return new Pushed(digest, sent, kept, sentCount, keptCount);
    }

    /** The layers and the manifest's settings on {@code builder}; the progress that reports its layers. */
    private static LayerProgress configure(JibContainerBuilder builder, List<FileEntriesLayer> layers, JibSpec spec,
                                           BuildJob job) throws BuildFailure {
        builder.setFileEntriesLayers(layers);
        try {
            ContainerSettings.apply(builder, spec, job.labels());
        } catch (IllegalArgumentException e) {
            throw BuildFailure.of("Invalid Jib settings for " + job.spec().name() + ": " + e.getMessage(), e);
        }
        return new LayerProgress(layers.stream().map(FileEntriesLayer::getName).toList(), job.events());
    }

    private static final Pattern SKIPPED_BLOB = Pattern.compile(
            "BLOB already exists on target registry.*?(sha256:[0-9a-f]{64})");

    private static BuildFailure pushFailure(Exception e, Target target) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String host = ImageReferences.host(target.repository());
        while (cause.getCause() != null && !(cause instanceof RegistryException)) {
            if (cause instanceof com.google.cloud.tools.jib.api.RegistryUnauthorizedException) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof com.google.cloud.tools.jib.api.RegistryUnauthorizedException
                || String.valueOf(cause.getMessage()).contains("Unauthorized")) {
            return BuildFailure.of("the registry " + host + " refused the credentials for "
                    + target.repository() + " (unauthorized)", null);
        }
        return BuildFailure.of("Jib's push to " + host + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                + "; the registry's tag was not moved, and pushing again sends only what is missing", null);
    }

    private RegistryImage registryImage(String reference) throws BuildFailure {
        if (registry == null) {
            throw BuildFailure.of("'" + reference + "' is in a registry, and no registry access is configured", null);
        }
        return RegistryImage.named(reference(reference))
                .addCredentialRetriever(registry.credentials().retrieverFor(ImageReferences.host(reference)));
    }

    /** One Jib layer per manifest layer, in order; all Maven layers are resolved in one go. */
    private List<FileEntriesLayer> plan(JibSpec spec, BuildJob job) throws BuildFailure, InterruptedException {
        List<MavenLayerSpec> mavenLayers = spec.layers().stream()
                .filter(MavenLayerSpec.class::isInstance).map(MavenLayerSpec.class::cast).toList();
        long start = System.nanoTime();
        Iterator<List<ResolvedArtifact>> resolved = resolver.resolve(mavenLayers).iterator();
        if (!mavenLayers.isEmpty()) {
            job.events().output(String.format("Resolved the Maven layers in %d ms",
                    (System.nanoTime() - start) / 1_000_000));
        }
        List<FileEntriesLayer> layers = new ArrayList<>();
        for (LayerSpec layer : spec.layers()) {
            if (layer instanceof MavenLayerSpec maven) {
                layers.add(LayerPlanner.mavenLayer(maven, resolved.next()));
            } else if (layer instanceof FilesLayerSpec files) {
                try {
                    layers.add(LayerPlanner.filesLayer(files));
                } catch (IOException e) {
                    throw BuildFailure.of("Cannot read the files of layer '" + files.name() + "' ("
                            + files.source() + "): " + e.getMessage(), e);
                }
            }
        }
        return layers;
    }

    private String containerize(JibContainerBuilder builder, DockerClient docker, BuildJob job,
                                LayerProgress progress)
            throws BuildFailure, InterruptedException {
        ExecutorService executor = Executors.newCachedThreadPool(Daemons.factory("jib-" + job.spec().name()));
        try {
            Containerizer containerizer = Containerizer.to(docker, DockerDaemonImage.named(reference(job.reference())))
                    .setToolName("poststack")
                    .setExecutorService(executor)
                    .setBaseImageLayersCache(cacheDir.resolve("base"))
                    .setApplicationLayersCache(applicationLayersCache(job))
                    .setAlwaysCacheBaseImage(true)
                    .addEventHandler(LogEvent.class, progress::onLog)
                    .addEventHandler(TimerEvent.class, progress::onTimer);
            JibContainer container = builder.containerize(containerizer);
            return container.getImageId().toString();
        } catch (ExecutionException | RegistryException | IOException | CacheDirectoryCreationException
                 | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("Jib build of " + job.reference() + " cancelled");
            }
            throw JibFailures.of(e, progress, job.reference());
        } finally {
            // Our executor, not Jib's: on cancellation this stops the layer builders still running.
            executor.shutdownNow();
        }
    }

    /**
     * Jib reads the base by tag; the tag must still name the parent built in this run. Checking the id here is
     * what makes the build exact, which is why Jib's "does not use a specific image digest" warning is dropped.
     */
    private int checkParentIsCurrent(ImageReference base, BuildJob.ParentImage parent)
            throws BuildFailure, InterruptedException {
        String actual;
        int layers;
        try {
            com.google.cloud.tools.jib.api.ImageDetails details = docker.inspect(base);
            actual = details.getImageId().toString();
            layers = details.getDiffIds().size();
        } catch (IOException | DigestException e) {
            throw BuildFailure.of("Parent image " + parent.reference() + " is not in the engine: " + e.getMessage(), e);
        }
        if (parent.imageId() != null && !parent.imageId().isBlank() && !actual.equals(parent.imageId())) {
            throw BuildFailure.of("Parent image " + parent.reference() + " is now " + actual + ", not the "
                    + parent.imageId() + " built in this run", null);
        }
        return layers;
    }

    /** The shared cache, or with {@code noCache} a fresh one in the job's scratch folder so every layer is built. */
    private Path applicationLayersCache(BuildJob job) throws IOException {
        if (!job.noCache()) {
            return cacheDir.resolve("layers");
        }
        Files.createDirectories(job.workDir());
        return Files.createTempDirectory(job.workDir(), "jib-layers");
    }

    private static ImageReference reference(String reference) throws BuildFailure {
        try {
            return ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw BuildFailure.of("'" + reference + "' is not a valid image reference", e);
        }
    }
}
