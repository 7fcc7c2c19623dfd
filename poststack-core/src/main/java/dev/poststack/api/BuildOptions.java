package dev.poststack.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Options of one build run. Start from {@link #defaults()}:
 * <pre>{@code
 * BuildOptions options = BuildOptions.defaults().images(List.of("postgres")).parallelism(4);
 * }</pre>
 *
 * @param images      the images to build (with their ancestors); empty means all
 * @param parallelism how many images may build at once
 * @param noCache     rebuild every image and every step, ignoring fingerprints and caches
 * @param sourceDir   a folder holding extension sources: a source named N is taken from {@code N/},
 *                    {@code N.tar.gz}, {@code N.tgz} or {@code N.tar} in it before its url is tried
 * @param acceptLocalSources names of sources whose local archive (from {@code sourceDir} or {@code path:}) is used
 *                    even though its sha256 differs from the declared {@code sha256:} (a patched copy, say)
 * @param push        also push every image of the run to the registry, parents first
 * @param registry    the registry to push to ({@code host[:port][/path]}) instead of the manifest's
 *                    {@code defaults.registry}
 * @param maven       how Jib layers' Maven artifacts are resolved (a Maven build's own session, say)
 */
public record BuildOptions(List<String> images, int parallelism, boolean noCache, Optional<Path> sourceDir,
                           Set<String> acceptLocalSources, boolean push, Optional<String> registry,
                           MavenResolution maven) {

    public BuildOptions(List<String> images, int parallelism, boolean noCache, Optional<Path> sourceDir,
                        Set<String> acceptLocalSources, boolean push, Optional<String> registry) {
        this(images, parallelism, noCache, sourceDir, acceptLocalSources, push, registry,
                MavenResolution.userSettings());
    }

    public BuildOptions(List<String> images, int parallelism, boolean noCache) {
        this(images, parallelism, noCache, Optional.empty());
    }

    public BuildOptions(List<String> images, int parallelism, boolean noCache, Optional<Path> sourceDir) {
        this(images, parallelism, noCache, sourceDir, Set.of());
    }

    public BuildOptions(List<String> images, int parallelism, boolean noCache, Optional<Path> sourceDir,
                        Set<String> acceptLocalSources) {
        this(images, parallelism, noCache, sourceDir, acceptLocalSources, false, Optional.empty());
    }

    public BuildOptions {
        images = List.copyOf(images);
        acceptLocalSources = Set.copyOf(acceptLocalSources);
        java.util.Objects.requireNonNull(registry, "registry");
        java.util.Objects.requireNonNull(maven, "maven");
        sourceDir = sourceDir.map(p -> p.toAbsolutePath().normalize());
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
    }

    /** All images, one build per core, caches used. */
    public static BuildOptions defaults() {
        return new BuildOptions(List.of(), Runtime.getRuntime().availableProcessors(), false);
    }

    public BuildOptions images(List<String> names) {
        return new BuildOptions(names, parallelism, noCache, sourceDir, acceptLocalSources, push, registry, maven);
    }

    public BuildOptions parallelism(int n) {
        return new BuildOptions(images, n, noCache, sourceDir, acceptLocalSources, push, registry, maven);
    }

    public BuildOptions noCache(boolean value) {
        return new BuildOptions(images, parallelism, value, sourceDir, acceptLocalSources, push, registry, maven);
    }

    public BuildOptions sourceDir(Path dir) {
        return new BuildOptions(images, parallelism, noCache, Optional.ofNullable(dir), acceptLocalSources, push,
                registry, maven);
    }

    /** Accept these sources' local archives whatever their sha256 ({@code --accept-local-source NAME}). */
    public BuildOptions acceptLocalSources(Collection<String> names) {
        return new BuildOptions(images, parallelism, noCache, sourceDir, Set.copyOf(names), push, registry, maven);
    }

    /** Also push the run's images, to {@code registry} when given, else to the manifest's {@code defaults.registry}. */
    public BuildOptions push(boolean value, Optional<String> registry) {
        return new BuildOptions(images, parallelism, noCache, sourceDir, acceptLocalSources, value, registry, maven);
    }

    /** Resolve Maven artifacts with these settings instead of the user's alone. */
    public BuildOptions maven(MavenResolution resolution) {
        return new BuildOptions(images, parallelism, noCache, sourceDir, acceptLocalSources, push, registry,
                resolution);
    }
}
