package dev.poststack.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.poststack.text.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLoaderTest {

    private static Manifest full;
    private static Path folder;

    @BeforeAll
    static void loadFullExample() throws ManifestException {
        folder = TestManifests.folder().toAbsolutePath().normalize();
        full = ManifestLoader.load(TestManifests.named("full.yaml"));
    }

    @Test
    void keepsImagesInDeclarationOrder() {
        assertThat(full.imageNames()).containsExactly("base-debian", "postgres", "jre", "liquibase");
        assertThat(full.baseDir()).isEqualTo(folder);
        assertThat(full.file()).isEqualTo(folder.resolve("full.yaml"));
    }

    @Test
    void readsDefaultsAndAppliesTheDefaultTag() {
        assertThat(full.defaults().namespace()).isEqualTo("acme/tools");
        assertThat(full.defaults().tag()).isEqualTo("2.0");
        assertThat(full.defaults().labels()).containsExactly(
                Map.entry("org.opencontainers.image.vendor", "acme"), Map.entry("team", "db"));
        assertThat(full.image("jre").orElseThrow().tag()).isEqualTo("2.0");
        assertThat(full.referenceOf("postgres")).isEqualTo("acme/tools/postgres:17.2");
        assertThat(full.image("postgres").orElseThrow().labels()).containsExactly(Map.entry("role", "database"));
    }

    @Test
    void appliesRootfsDefaultsAndKeepsEnvOrder() {
        ImageSpec base = full.image("base-debian").orElseThrow();
        assertThat(base.build()).isEqualTo(new RootfsSpec("trixie", "minbase", List.of("ca-certificates", "libc6"),
                Optional.of("http://deb.debian.org/debian"), Map.of("LANG", "C.UTF-8", "TZ", "UTC")));
        assertThat(((RootfsSpec) base.build()).env().keySet()).containsExactly("LANG", "TZ");
        assertThat(base.parent()).isEmpty();
        assertThat(base.location().line()).isEqualTo(9);
    }

    @Test
    void resolvesDockerfilePathsAgainstTheManifestFolder() {
        assertThat(full.image("postgres").orElseThrow().build()).isEqualTo(new DockerfileSpec(Optional.of("base-debian"),
                folder.resolve("ctx"), folder.resolve("ctx/Dockerfile"), Map.of("PG_MAJOR", "17", "WITH_DEBUG", "false")));
        assertThat(full.image("jre").orElseThrow().build())
                .asInstanceOf(type(DockerfileSpec.class))
                .extracting(DockerfileSpec::dockerfile).isEqualTo(folder.resolve("ctx/docker/Alt.Dockerfile"));
    }

    @Test
    void readsJibLayersInOrderWithParsedCoordinates() {
        JibSpec jib = (JibSpec) full.image("liquibase").orElseThrow().build();
        assertThat(jib.from()).isEqualTo("jre");
        assertThat(jib.layers()).extracting(LayerSpec::name).containsExactly("liquibase", "natives", "changelogs",
                "single");
        assertThat(jib.layers().get(0)).isEqualTo(new MavenLayerSpec("liquibase", List.of(
                MavenCoordinate.parse("org.liquibase:liquibase-core:5.0.1"),
                MavenCoordinate.parse("info.picocli:picocli:4.7.7")), "/opt/liquibase/lib"));
        MavenCoordinate natives = ((MavenLayerSpec) jib.layers().get(1)).artifacts().get(0);
        assertThat(natives.classifier()).contains("linux-x86_64");
        assertThat(natives.version()).isEqualTo("4.1.118.Final");
    }

    @Test
    void normalizesFilesLayerModesAndResolvesTheirSource() {
        JibSpec jib = (JibSpec) full.image("liquibase").orElseThrow().build();
        assertThat(jib.layers().get(2)).isEqualTo(new FilesLayerSpec("changelogs", folder.resolve("changelogs"),
                "/liquibase/changelog", "640", "750", "1000:1000"));
        assertThat(jib.layers().get(3)).isEqualTo(new FilesLayerSpec("single",
                folder.resolve("changelogs/db.changelog.xml"), "/liquibase/db.changelog.xml", "644", "755", "0:0"));
    }

    @Test
    void turnsASingleStringEntrypointIntoAList() {
        JibSpec jib = (JibSpec) full.image("liquibase").orElseThrow().build();
        assertThat(jib.entrypoint()).containsExactly("java");
        assertThat(jib.cmd()).containsExactly("--help");
        assertThat(jib.env().keySet()).containsExactly("JAVA_OPTS", "LIQUIBASE_HOME");
        assertThat(jib.user()).contains("1000");
        assertThat(jib.workdir()).contains("/liquibase");
        assertThat(jib.ports()).containsExactly("8080", "5432/tcp", "53/udp");
        assertThat(jib.labels()).containsExactly(Map.entry("kind", "tool"));
    }

    @Test
    void appliesAllDefaultsToAMinimalManifest(@TempDir Path dir) throws Exception {
        Path file = write(dir, "images:\n  base:\n    rootfs:\n      suite: trixie\n");
        Manifest manifest = ManifestLoader.load(file);
        assertThat(manifest.defaults()).isEqualTo(Defaults.standard());
        assertThat(manifest.referenceOf("base")).isEqualTo("poststack/base:latest");
        assertThat(manifest.image("base").orElseThrow().build())
                .isEqualTo(new RootfsSpec("trixie", "minbase", List.of(), Optional.empty(), Map.of()));
    }

    @Test
    void reportsAMissingManifestFileAtItsFirstLine(@TempDir Path dir) {
        Path missing = dir.resolve("images.yaml");
        assertThatThrownBy(() -> ManifestLoader.load(missing))
                .isInstanceOf(ManifestException.class)
                .hasMessage(missing + ":1:1: no manifest at " + missing + System.lineSeparator()
                        + "  fix: pass --manifest <file>, or run poststack from the project folder that holds images.yaml");
    }

    @Test
    void reportsAnEmptyManifest(@TempDir Path dir) throws IOException {
        Path file = write(dir, "# nothing yet\n");
        assertThatThrownBy(() -> ManifestLoader.load(file))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining(file + ":1:1: the manifest must be a map with an `images:` key, not empty");
    }

    @Test
    void rendersEveryProblemWithItsFixSortedByLine(@TempDir Path dir) throws IOException {
        Path file = write(dir, String.join("\n", "images:", "  b:", "    jib:", "      from: nowhere",
                "      layers: []", "  a:", "    rootfs: {}", ""));
        assertThatThrownBy(() -> ManifestLoader.load(file))
                .asInstanceOf(type(ManifestException.class))
                .satisfies(e -> {
                    assertThat(e.problems()).extracting(p -> p.location().line()).containsExactly(4, 5, 7);
                    assertThat(e.getMessage().lines().toList()).hasSize(6).allSatisfy(line -> assertThat(line)
                            .matches(l -> l.startsWith(file + ":") || l.startsWith("  fix: ")));
                });
    }

    @Test
    void suggestsTheClosestKeyOnlyWithinTwoEdits() {
        assertThat(Suggestions.closest("contxt", List.of("from", "context", "file"))).contains("context");
        assertThat(Suggestions.closest("Context", List.of("from", "context"))).contains("context");
        assertThat(Suggestions.closest("dependencies", List.of("from", "context"))).isEmpty();
    }

    private static Path write(Path dir, String yaml) throws IOException {
        return Files.writeString(dir.resolve("images.yaml"), yaml);
    }
}
