package dev.poststack.run;

import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.ManifestLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectIdentityTest {

    private static final String IMAGES = "images:\n  base:\n    rootfs:\n      suite: trixie\n";

    private static Manifest manifest(Path dir, String defaults) throws Exception {
        Files.createDirectories(dir);
        return ManifestLoader.load(Files.writeString(dir.resolve("images.yaml"), defaults + IMAGES));
    }

    @Test
    void twoCheckoutsOfOneManifestGetNamesOfTheirOwnStableForEach(@TempDir Path dir) throws Exception {
        Manifest a = manifest(dir.resolve("a/poststack"), "defaults: {namespace: acme/db}\n");
        Manifest b = manifest(dir.resolve("b/poststack"), "defaults: {namespace: acme/db}\n");

        ProjectIdentity ofA = ProjectIdentity.of(a, Optional.empty(), Map.of());
        ProjectIdentity ofB = ProjectIdentity.of(b, Optional.empty(), Map.of());

        assertThat(ofA.name()).matches("acme-db-[0-9a-f]{8}").isNotEqualTo(ofB.name());
        assertThat(ProjectIdentity.of(a, Optional.empty(), Map.of()).name()).isEqualTo(ofA.name());
        assertThat(ofA.source()).isEqualTo(ProjectIdentity.Source.CHECKOUT);
        assertThat(ofA.checkout()).isEqualTo(dir.resolve("a/poststack").toRealPath().toString());
        assertThat(ofA.legacyName()).isEqualTo("acme-db");
    }

    @Test
    void anExplicitNameWinsThenTheEnvironmentThenTheManifestThenAnAdoptedOne(@TempDir Path dir) throws Exception {
        Manifest fixed = manifest(dir.resolve("fixed"), "defaults: {project: team-db}\n");
        Manifest plain = manifest(dir.resolve("plain"), "");
        Map<String, String> env = Map.of(ProjectIdentity.VARIABLE, "from-env");

        assertThat(ProjectIdentity.of(fixed, Optional.of("given"), env).name()).isEqualTo("given");
        assertThat(ProjectIdentity.of(fixed, Optional.empty(), env).name()).isEqualTo("from-env");
        assertThat(ProjectIdentity.of(fixed, Optional.empty(), Map.of()).name()).isEqualTo("team-db");
        Files.createDirectories(dir.resolve("plain/.poststack/state"));
        Files.writeString(dir.resolve("plain/.poststack/state/project"), "poststack\n");
        ProjectIdentity adopted = ProjectIdentity.of(plain, Optional.empty(), Map.of());
        assertThat(adopted.name()).isEqualTo("poststack");
        assertThat(adopted.source()).isEqualTo(ProjectIdentity.Source.ADOPTED);
    }

    @Test
    void anInvalidNameSaysWhereItCameFrom(@TempDir Path dir) throws Exception {
        Manifest plain = manifest(dir, "");
        assertThatThrownBy(() -> ProjectIdentity.of(plain, Optional.empty(), Map.of(ProjectIdentity.VARIABLE, "No Way")))
                .hasMessageContaining("POSTSTACK_PROJECT=No Way is not a valid project name");
    }

    @Test
    void aLongNamespaceIsShortenedSoTheNameStaysAValidEngineName() {
        String name = ProjectIdentity.derived("a".repeat(70), "/some/checkout");
        assertThat(name).hasSize(63).matches("a{54}-[0-9a-f]{8}");
    }
}
