package dev.poststack.manifest;

import dev.poststack.build.BuildGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** {@code defaults.registry} and {@code from:} references to registry images: read, checked with file:line. */
class RegistryManifestTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static Path write(Path dir, String text) throws IOException {
        Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(dir.resolve("ctx/Dockerfile"), "FROM registry.example:5000/team/base:1.2\n");
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/a.txt"), "a");
        Path file = dir.resolve("images.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsTheRegistryAndExternalParentsAsNodesOfTheirOwn(@TempDir Path dir) throws Exception {
        Manifest manifest = ManifestLoader.load(write(dir, String.join("\n",
                "defaults: {registry: 127.0.0.1:5000/team}",
                "images:",
                "  app: {dockerfile: {from: \"registry.example:5000/team/base:1.2\", context: ctx}}",
                "  tool:",
                "    jib:",
                "      from: \"localhost/jre@" + DIGEST + "\"",
                "      layers: [{name: a, files: app, into: /app}]", "")));
        assertThat(manifest.defaults().registry()).hasValue("127.0.0.1:5000/team");
        assertThat(manifest.image("app").orElseThrow().parent()).hasValue("registry.example:5000/team/base:1.2");
        BuildGraph graph = BuildGraph.of(manifest);
        assertThat(graph.order()).containsExactly("registry.example:5000/team/base:1.2", "localhost/jre@" + DIGEST,
                "app", "tool");
        assertThat(graph.parentOf("registry.example:5000/team/base:1.2")).isEmpty();
        assertThat(graph.childrenOf("localhost/jre@" + DIGEST)).containsExactly("tool");
    }

    @Test
    void tellsWhereAnInvalidRegistryOrReferenceIsAndHowToFixIt(@TempDir Path dir) throws Exception {
        Path file = write(dir, String.join("\n",
                "defaults:",
                "  registry: team",
                "images:",
                "  app: {dockerfile: {from: \"registry.example:5000/Team/base:1.2\", context: ctx}}",
                "  other: {dockerfile: {from: \"registry.example:5000/team/base@sha256:abc\", context: ctx}}", ""));
        assertThatThrownBy(() -> ManifestLoader.load(file))
                .asInstanceOf(type(ManifestException.class))
                .satisfies(e -> {
                    assertThat(e.problems()).extracting(p -> p.location().line()).containsExactly(2, 4, 5);
                    assertThat(e.getMessage()).contains(file + ":2:")
                            .contains("`team` does not name a registry host")
                            .contains("registry.example:5000/team")
                            .contains(file + ":4:").contains("is not a valid image reference")
                            .contains("host[:port]/path@sha256:<64 hex digits>");
                });
    }

    @Test
    void namesARegistryOnlyWhenTheFirstPartIsAHost() {
        assertThat(ImageReferences.isExternal("registry.example:5000/team/base:1.2")).isTrue();
        assertThat(ImageReferences.isExternal("localhost/base")).isTrue();
        assertThat(ImageReferences.isExternal("127.0.0.1:5000/base@" + DIGEST)).isTrue();
        assertThat(ImageReferences.isExternal("base-debian")).isFalse();
        assertThat(ImageReferences.isExternal("poststack:jre")).isFalse();
        assertThat(ImageReferences.isExternal("team/base")).isFalse();
        assertThat(ImageReferences.registryProblem("127.0.0.1:5000")).isEmpty();
        assertThat(ImageReferences.registryProblem("registry.example/team/sub")).isEmpty();
        assertThat(ImageReferences.registryProblem("https://registry.example")).isPresent();
        assertThat(ImageReferences.referenceProblem("registry.example/a/b:1@" + DIGEST)).isEqualTo(Optional.empty());
        assertThat(ImageReferences.host("127.0.0.1:5000/team/base:1")).isEqualTo("127.0.0.1:5000");
    }
}
