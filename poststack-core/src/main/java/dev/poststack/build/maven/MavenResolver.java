package dev.poststack.build.maven;

import dev.poststack.api.MavenResolution;
import dev.poststack.build.BuildFailure;
import dev.poststack.build.CacheDirectories;
import dev.poststack.manifest.MavenCoordinate;
import dev.poststack.manifest.MavenLayerSpec;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Resolves groups of Maven artifacts, with their runtime dependencies, to files on the host, in-process with
 * Maven's resolver (no {@code mvn} needed) and the user's settings.xml (local repository, mirrors, proxies,
 * servers, offline, active profiles' repositories; see {@link MavenSettings}). Each group is resolved as Maven
 * resolves one project's dependencies; an artifact an earlier group already brings is dropped from later
 * groups. Results are cached, so warm builds resolve nothing.
 */
public final class MavenResolver {

    private final Supplier<MavenSettings> settings;
    private final ResolutionCache cache;

    /** @param settings read when something has to be resolved, so a warm build never reads settings.xml */
    MavenResolver(Supplier<MavenSettings> settings, Path cacheDir) {
        this.settings = settings;
        this.cache = new ResolutionCache(cacheDir);
    }

    /** A resolver using the user's Maven settings and {@code <poststack cache>/maven}. */
    public static MavenResolver fromEnvironment() {
        return fromEnvironment(CacheDirectories.root().resolve("maven"));
    }

    /** A resolver using the user's Maven settings and the given cache folder. */
    public static MavenResolver fromEnvironment(Path cacheDir) {
        return fromEnvironment(cacheDir, MavenResolution.userSettings());
    }

    /** A resolver using the user's Maven settings under what {@code maven} sets, and the given cache folder. */
    public static MavenResolver fromEnvironment(Path cacheDir, MavenResolution maven) {
        return new MavenResolver(() -> MavenSettings.fromEnvironment(System.getenv(), maven), cacheDir);
    }

    /**
     * Resolves every group.
     *
     * @return per group, in the groups' order, the files to place in its layer (sorted by file name)
     * @throws BuildFailure         when an artifact cannot be resolved; it names the artifact to blame and
     *                              carries the resolver's messages
     * @throws InterruptedException when interrupted
     */
    public List<List<ResolvedArtifact>> resolve(List<MavenLayerSpec> groups) throws BuildFailure, InterruptedException {
        List<List<MavenCoordinate>> coordinates = groups.stream().map(MavenLayerSpec::artifacts).toList();
        if (groups.isEmpty()) {
            return List.of();
        }
        var cached = cache.get(coordinates);
        if (cached.isPresent()) {
            return cached.get();
        }
        List<List<ResolvedArtifact>> resolved = withoutEarlierArtifacts(resolveAll(groups));
        try {
            cache.put(coordinates, resolved);
        } catch (IOException e) {
            // The result is right; only the next build will be slower.
        }
        return resolved;
    }

    private List<List<ResolvedArtifact>> resolveAll(List<MavenLayerSpec> groups)
            throws BuildFailure, InterruptedException {
        MavenSettings settings;
        try {
            settings = this.settings.get();
        } catch (IllegalArgumentException e) {
            throw BuildFailure.of(e.getMessage() + "; fix settings.xml", e);
        }
        RepositorySystem system = new RepositorySystemSupplier().get();
        try (RepositorySystemSession.CloseableSession session = settings.configure(
                new SessionBuilderSupplier(system).get()).build()) {
            List<RemoteRepository> repositories = system.newResolutionRepositories(session, settings.repositories());
            List<List<ResolvedArtifact>> perGroup = new ArrayList<>();
            for (MavenLayerSpec group : groups) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("Maven resolution cancelled");
                }
                List<Dependency> dependencies = group.artifacts().stream()
                        .map(c -> new Dependency(artifact(c), JavaScopes.RUNTIME)).toList();
                DependencyRequest request = new DependencyRequest(new CollectRequest(dependencies, List.of(),
                        repositories), DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
                try {
                    perGroup.add(sized(system.resolveDependencies(session, request).getArtifactResults()));
                } catch (DependencyResolutionException e) {
                    throw ResolutionFailure.of(List.of(group), e);
                } catch (IOException e) {
                    throw BuildFailure.of("cannot read the files Maven resolved for layer '" + group.name() + "': "
                            + e.getMessage(), e);
                }
            }
            return perGroup;
        } finally {
            system.shutdown();
        }
    }

    private static Artifact artifact(MavenCoordinate c) {
        return new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier().orElse(""), c.extension(),
                c.version());
    }

    private static List<ResolvedArtifact> sized(List<ArtifactResult> results) throws IOException {
        List<ResolvedArtifact> result = new ArrayList<>();
        for (ArtifactResult r : results) {
            Artifact a = r.getArtifact();
            String coordinate = a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getExtension()
                    + (a.getClassifier().isEmpty() ? "" : ":" + a.getClassifier()) + ":" + a.getVersion();
            Path file = a.getPath();
            result.add(new ResolvedArtifact(coordinate, file, Files.size(file)));
        }
        result.sort(Comparator.comparing(ResolvedArtifact::fileName));
        return result;
    }

    /** Each group without the libraries (same group, artifact, type and classifier) an earlier group has. */
    static List<List<ResolvedArtifact>> withoutEarlierArtifacts(List<List<ResolvedArtifact>> groups) {
        Set<String> seen = new HashSet<>();
        List<List<ResolvedArtifact>> result = new ArrayList<>();
        for (List<ResolvedArtifact> group : groups) {
            List<ResolvedArtifact> kept = new ArrayList<>();
            for (ResolvedArtifact artifact : group) {
                if (seen.add(artifact.key())) {
                    kept.add(artifact);
                }
            }
            result.add(List.copyOf(kept));
        }
        return List.copyOf(result);
    }
}
