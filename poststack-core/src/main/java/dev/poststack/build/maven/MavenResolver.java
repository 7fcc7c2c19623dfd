package dev.poststack.build.maven;

import dev.poststack.build.BuildFailure;
import dev.poststack.build.CacheDirectories;
import dev.poststack.manifest.MavenCoordinate;
import dev.poststack.manifest.MavenLayerSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves groups of Maven artifacts, with their runtime dependencies, to files on the host by running the
 * host's {@code mvn} once for all groups. An artifact an earlier group already brings is dropped from later
 * groups. Results are cached, so warm builds run no mvn at all.
 */
public final class MavenResolver {

    /**
     * Pinned so that the goal runs the same everywhere; Maven's built-in default (2.8 on Maven 3.8) lacks
     * {@code outputAbsoluteArtifactFilename} and often is not in the local repository.
     */
    static final String LIST_GOAL = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list";

    private final MavenCommand mvn;
    private final ResolutionCache cache;

    MavenResolver(MavenCommand mvn, Path cacheDir) {
        this.mvn = mvn;
        this.cache = new ResolutionCache(cacheDir);
    }

    /** A resolver using the environment's mvn options and {@code <poststack cache>/maven}. */
    public static MavenResolver fromEnvironment() {
        return fromEnvironment(CacheDirectories.root().resolve("maven"));
    }

    /** A resolver using the environment's mvn options and the given cache folder. */
    public static MavenResolver fromEnvironment(Path cacheDir) {
        return new MavenResolver(MavenCommand.fromEnvironment(System.getenv()), cacheDir);
    }

    /**
     * Resolves every group.
     *
     * @return per group, in the groups' order, the files to place in its layer (sorted by file name)
     * @throws BuildFailure         when mvn fails; it names the artifact to blame and carries mvn's error lines
     * @throws InterruptedException when interrupted; mvn is stopped
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
        List<List<ResolvedArtifact>> resolved = runMaven(groups, coordinates);
        try {
            cache.put(coordinates, resolved);
        } catch (IOException e) {
            // The result is right; only the next build will be slower.
        }
        return resolved;
    }

    private List<List<ResolvedArtifact>> runMaven(List<MavenLayerSpec> groups, List<List<MavenCoordinate>> coordinates)
            throws BuildFailure, InterruptedException {
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory("poststack-mvn");
            AggregatorProject project = AggregatorProject.write(workDir, coordinates);
            MavenCommand.Run run = mvn.run(workDir, List.of("-f", project.pom().toString(), LIST_GOAL,
                    "-DincludeScope=runtime", "-DoutputAbsoluteArtifactFilename=true",
                    "-DoutputFile=" + AggregatorProject.LIST_FILE, "-DappendOutput=false"));
            if (run.exitCode() != 0) {
                throw ResolutionFailure.of(groups, run);
            }
            List<List<ResolvedArtifact>> perGroup = new ArrayList<>();
            for (int i = 0; i < project.modules(); i++) {
                perGroup.add(sized(DependencyList.parse(Files.readAllLines(project.listFile(i)))));
            }
            return DependencyList.withoutEarlierArtifacts(perGroup);
        } catch (IOException e) {
            throw BuildFailure.of("Could not run mvn to resolve " + coordinates + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(workDir);
        }
    }

    private static List<ResolvedArtifact> sized(List<ResolvedArtifact> artifacts) throws IOException {
        List<ResolvedArtifact> result = new ArrayList<>();
        for (ResolvedArtifact artifact : artifacts) {
            result.add(artifact.withSize(Files.size(artifact.file())));
        }
        result.sort(Comparator.comparing(ResolvedArtifact::fileName));
        return result;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp folder is harmless.
        }
    }
}
