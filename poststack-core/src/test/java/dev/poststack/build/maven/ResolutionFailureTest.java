package dev.poststack.build.maven;

import dev.poststack.build.BuildFailure;
import dev.poststack.manifest.MavenCoordinate;
import dev.poststack.manifest.MavenLayerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResolutionFailureTest {

    private static final List<MavenLayerSpec> GROUPS = List.of(
            new MavenLayerSpec("libs", List.of(MavenCoordinate.parse("org.slf4j:slf4j-api:2.0.17")), "/app/lib"),
            new MavenLayerSpec("driver", List.of(MavenCoordinate.parse("org.nope:missing:9.9")), "/app/lib"));

    @Test
    void namesTheCoordinateTheResolverComplainsAboutAndKeepsTheCauses() {
        Exception failure = new Exception("Failed to collect dependencies",
                new IllegalStateException("Could not find artifact org.nope:missing:jar:9.9 in central"));

        BuildFailure result = ResolutionFailure.of(GROUPS, failure);

        assertThat(result.getMessage()).contains("org.nope:missing:jar:9.9 (layer 'driver')")
                .endsWith("Could not find artifact org.nope:missing:jar:9.9 in central");
        assertThat(result.outputTail()).hasSize(2);
        assertThat(result.step()).isEqualTo("resolve");
        assertThat(result.getCause()).isSameAs(failure);
    }

    @Test
    void fallsBackToTheLayersGiven() {
        assertThat(ResolutionFailure.blame(GROUPS.subList(1, 2), "something odd")).isEqualTo("layer 'driver' [org.nope:missing:jar:9.9]");
    }
}
