package dev.poststack.build;

import dev.poststack.manifest.ImageSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    @TempDir
    Path dir;

    private String fingerprint(Path project, Optional<String> parentId) {
        ImageSpec spec = TestManifests.dockerfile("app", "base", project.resolve("ctx"));
        return Fingerprint.of(spec, project, Map.of(), parentId);
    }

    private Path project(String name, String dockerfile) throws IOException {
        Path project = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(project.resolve("ctx/scripts"));
        Files.writeString(project.resolve("ctx/Dockerfile"), dockerfile);
        Files.writeString(project.resolve("ctx/scripts/run.sh"), "echo hi\n");
        return project;
    }

    @Test
    void isStableForEqualInputsWhereverTheProjectLives() throws IOException {
        Path a = project("a", "FROM base\n");
        Path b = project("b", "FROM base\n");
        assertThat(fingerprint(a, Optional.of("sha256:1"))).isEqualTo(fingerprint(b, Optional.of("sha256:1")))
                .startsWith("sha256:").hasSize(71);
    }

    @Test
    void aCatalogImageKeepsItsFingerprintWhenAnotherCatalogImageChanges() throws IOException {
        // The catalog's folder is named by the hash of all its files: a new release with another image changed
        // copies it to a new folder, where this image's own files are the same.
        Path project = Files.createDirectories(dir.resolve("p"));
        String[] releases = {"0123456789abcdef", "fedcba9876543210"};
        String[] prints = new String[2];
        for (int i = 0; i < 2; i++) {
            Path ctx = Files.createDirectories(project.resolve(".poststack/catalog/" + releases[i] + "/postgres"));
            Files.writeString(ctx.resolve("Dockerfile"), "FROM base\n");
            prints[i] = Fingerprint.of(TestManifests.dockerfile("postgres", "base", ctx), project, Map.of(),
                    Optional.of("sha256:1"));
        }
        assertThat(prints[1]).isEqualTo(prints[0]);

        Path other = Files.createDirectories(project.resolve(".poststack/catalog/" + releases[0] + "/postgres-gis"));
        Files.writeString(other.resolve("Dockerfile"), "FROM base\n");
        assertThat(Fingerprint.of(TestManifests.dockerfile("postgres", "base", other), project, Map.of(),
                Optional.of("sha256:1"))).as("another image's folder").isNotEqualTo(prints[0]);
    }

    @Test
    void changesWhenAnyContextFileChanges() throws IOException {
        Path a = project("a", "FROM base\n");
        String before = fingerprint(a, Optional.of("sha256:1"));
        Files.writeString(a.resolve("ctx/scripts/run.sh"), "echo bye\n");
        assertThat(fingerprint(a, Optional.of("sha256:1"))).isNotEqualTo(before);
    }

    @Test
    void changesWhenAFileIsAdded() throws IOException {
        Path a = project("a", "FROM base\n");
        String before = fingerprint(a, Optional.of("sha256:1"));
        Files.writeString(a.resolve("ctx/extra.conf"), "");
        assertThat(fingerprint(a, Optional.of("sha256:1"))).isNotEqualTo(before);
    }

    @Test
    void changesWhenTheParentImageChanges() throws IOException {
        Path a = project("a", "FROM base\n");
        assertThat(fingerprint(a, Optional.of("sha256:1"))).isNotEqualTo(fingerprint(a, Optional.of("sha256:2")));
    }

    @Test
    void changesWhenLabelsChange() throws IOException {
        Path a = project("a", "FROM base\n");
        ImageSpec spec = TestManifests.dockerfile("app", "base", a.resolve("ctx"));
        assertThat(Fingerprint.of(spec, a, Map.of("k", "v"), Optional.empty()))
                .isNotEqualTo(Fingerprint.of(spec, a, Map.of(), Optional.empty()));
    }

    @Test
    void changesWhenTheBackendsRecipeChanges() throws IOException {
        Path a = project("a", "FROM base\n");
        ImageSpec spec = TestManifests.dockerfile("app", "base", a.resolve("ctx"));
        assertThat(Fingerprint.of(spec, a, Map.of(), Optional.empty(), Optional.empty(),
                "mmdebstrap --variant=minbase"))
                .isNotEqualTo(Fingerprint.of(spec, a, Map.of(), Optional.empty(),
                        Optional.empty(), "mmdebstrap --variant=minbase --include=less"));
    }
}
