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
    void namesTheCoordinateMavenComplainsAbout() {
        MavenCommand.Run run = new MavenCommand.Run(1, List.of(
                "[ERROR] Failed to execute goal on project group-02: Could not resolve dependencies for project"
                        + " dev.poststack.resolve:group-02:pom:1: Could not find artifact org.nope:missing:jar:9.9",
                "[ERROR] ",
                "[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch."));

        BuildFailure failure = ResolutionFailure.of(GROUPS, run);

        assertThat(failure.getMessage()).contains("org.nope:missing:jar:9.9 (layer 'driver')")
                .contains("Could not find artifact");
        assertThat(failure.outputTail()).hasSize(3);
        assertThat(failure.step()).isEqualTo("resolve");
    }

    @Test
    void fallsBackToTheFailingModule() {
        String blamed = ResolutionFailure.blame(GROUPS, "[error] on project group-02: something odd");

        assertThat(blamed).contains("layer 'driver'");
    }
}
