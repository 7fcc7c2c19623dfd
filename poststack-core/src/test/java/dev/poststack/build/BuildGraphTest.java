package dev.poststack.build;

import dev.poststack.manifest.Manifest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static dev.poststack.build.TestManifests.dockerfile;
import static dev.poststack.build.TestManifests.rootfs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuildGraphTest {

    private static final Path DIR = Path.of("/project");

    // Declared child-first on purpose: order must follow dependencies, not declaration.
    private final Manifest manifest = TestManifests.of(DIR,
            dockerfile("liquibase", "jre", DIR.resolve("l")),
            dockerfile("postgres", "base", DIR.resolve("p")),
            dockerfile("jre", "base", DIR.resolve("j")),
            rootfs("base"),
            rootfs("other"));

    @Test
    void ordersParentsBeforeChildrenAndKeepsManifestOrderOtherwise() {
        assertThat(BuildGraph.of(manifest).order())
                .containsExactly("base", "other", "postgres", "jre", "liquibase");
    }

    @Test
    void closureOfATargetHoldsItsAncestorsOnly() {
        assertThat(BuildGraph.of(manifest).closureOf(List.of("liquibase")).order())
                .containsExactly("base", "jre", "liquibase");
    }

    @Test
    void descendantsAreEveryImageBuiltOnTopTransitively() {
        assertThat(BuildGraph.of(manifest).descendantsOf("base"))
                .containsExactlyInAnyOrder("postgres", "jre", "liquibase");
        assertThat(BuildGraph.of(manifest).descendantsOf("liquibase")).isEmpty();
    }

    @Test
    void unknownTargetIsNamedWithTheImagesThatExist() {
        assertThatThrownBy(() -> BuildGraph.of(manifest).closureOf(List.of("postgress")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no image named postgress")
                .hasMessageContaining("base, other");
    }
}
