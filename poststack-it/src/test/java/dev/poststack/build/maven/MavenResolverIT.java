package dev.poststack.build.maven;

import dev.poststack.build.BuildFailure;
import dev.poststack.manifest.MavenCoordinate;
import dev.poststack.manifest.MavenLayerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs the host's mvn for real; slf4j-api 2.0.17 is in the local repository. */
class MavenResolverIT {

    private static final MavenLayerSpec SLF4J = new MavenLayerSpec("libs",
            List.of(MavenCoordinate.parse("org.slf4j:slf4j-api:2.0.17")), "/app/lib");

    @Test
    void resolvesOnTheHostAndCachesTheResult(@TempDir Path cache) throws Exception {
        MavenResolver resolver = MavenResolver.fromEnvironment(cache);
        MavenLayerSpec again = new MavenLayerSpec("again", SLF4J.artifacts(), "/app/more");

        List<List<ResolvedArtifact>> groups = resolver.resolve(List.of(SLF4J, again));

        assertThat(groups).hasSize(2);
        assertThat(groups.get(0)).singleElement().satisfies(jar -> {
            assertThat(jar.coordinate()).isEqualTo("org.slf4j:slf4j-api:jar:2.0.17");
            assertThat(jar.fileName()).isEqualTo("slf4j-api-2.0.17.jar");
            assertThat(jar.size()).isEqualTo(Files.size(jar.file())).isPositive();
        });
        assertThat(groups.get(1)).as("an earlier group already brings it").isEmpty();
        try (var entries = Files.list(cache)) {
            assertThat(entries).singleElement().satisfies(f -> assertThat(f.toString()).endsWith(".json"));
        }

        // A second resolver whose mvn does not exist: it can only answer from the cache.
        MavenResolver noMaven = new MavenResolver(
                MavenCommand.fromEnvironment(Map.of("POSTSTACK_MVN", "/nonexistent/mvn")), cache);
        assertThat(noMaven.resolve(List.of(SLF4J, again))).as("warm resolution runs no mvn").isEqualTo(groups);
    }

    @Test
    void failureNamesTheArtifact(@TempDir Path cache) {
        MavenLayerSpec missing = new MavenLayerSpec("nope",
                List.of(MavenCoordinate.parse("dev.poststack.missing:does-not-exist:0.0.1")), "/app/lib");

        // Offline: the missing artifact is looked up in the local repository only, never on the network.
        MavenResolver offline = new MavenResolver(
                MavenCommand.fromEnvironment(Map.of("POSTSTACK_MAVEN_OFFLINE", "1")), cache);
        assertThatThrownBy(() -> offline.resolve(List.of(SLF4J, missing)))
                .isInstanceOf(BuildFailure.class)
                .hasMessageContaining("dev.poststack.missing:does-not-exist:jar:0.0.1 (layer 'nope')")
                .satisfies(e -> assertThat(((BuildFailure) e).outputTail()).isNotEmpty());
    }
}
