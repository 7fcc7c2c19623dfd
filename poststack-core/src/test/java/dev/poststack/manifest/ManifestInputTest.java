package dev.poststack.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifest files that are no manifest (binary, too large, a folder), characters named where they are, names whose
 * fix must itself be valid, and paths that leave the project folder, directly or through a symbolic link.
 */
class ManifestInputTest {

    @TempDir
    Path dir;

    private static ManifestException rejected(Path manifest) {
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestLoader.load(manifest));
        assertThat(e).as("%s must be rejected", manifest).isNotNull();
        assertThat(e.getMessage()).doesNotContain("check the indentation").doesNotContain("\tat ");
        return e;
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aBinaryFileIsSaidToBeNoTextNotToBeMissing() throws IOException {
        Path file = dir.resolve("images.yaml");
        try (GZIPOutputStream gzip = new GZIPOutputStream(Files.newOutputStream(file))) {
            gzip.write("images: {base: {rootfs: {suite: trixie}}}\n".repeat(50).getBytes(StandardCharsets.UTF_8));
        }

        ManifestException e = rejected(file);

        assertThat(e.getMessage()).startsWith(file + ":1:1: " + file + " is not a text (YAML) file: byte ")
                .contains("is not part of UTF-8 text").doesNotContain("no manifest at")
                .contains("fix: pass the YAML manifest with --manifest");
    }

    @Test
    void aFileFullOfControlCharactersIsNoTextEither() throws IOException {
        Path file = dir.resolve("images.yaml");
        Files.write(file, new byte[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 'a', 'b'});

        assertThat(rejected(file).getMessage()).contains("is not a text (YAML) file: 14 of its 16 characters are"
                + " control characters");
    }

    @Test
    void aFiveMegabyteFileGetsTheSizeLimitWithItsReason() throws IOException {
        Path file = write("images.yaml", "images:\n" + ("  # " + "x".repeat(95) + "\n").repeat(52_429));
        assertThat(Files.size(file)).isGreaterThan(5_000_000);

        ManifestException e = rejected(file);

        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage()).contains(file + " is 5.0 MiB; a manifest may be at most 1 MiB (poststack reads it"
                + " whole").contains("fix: check that --manifest names the YAML manifest");
    }

    @Test
    void aMissingFileAndAFolderAreToldApart() throws IOException {
        assertThat(rejected(dir.resolve("nothing.yaml")).getMessage()).contains("no manifest at " + dir.resolve("nothing.yaml"));
        assertThat(rejected(dir).getMessage()).contains(dir + " is a folder, not a manifest")
                .contains("--manifest " + dir.resolve("images.yaml"));
    }

    @Test
    void suggestedNamesAreValidOrLeftOut() {
        assertThat(Rules.example("bäse", Rules.NAME_COMPONENT, "a-z0-9._-", 128)).isEqualTo(", e.g. `base`");
        assertThat(Rules.example("Straße", Rules.NAME, "a-z0-9._-", 128)).isEqualTo(", e.g. `strasse`");
        assertThat(Rules.example("-Ünïcödé-", Rules.DNS_LABEL, "a-z0-9-", 63)).isEqualTo(", e.g. `unicode`");
        assertThat(Rules.example("my image", Rules.NAME_COMPONENT, "a-z0-9._-", 128)).isEqualTo(", e.g. `my-image`");
        assertThat(Rules.example("数据库", Rules.DNS_LABEL, "a-z0-9-", 63)).isEmpty();
        assertThat(Rules.example("_", Rules.NAME, "a-z0-9._-", 128)).isEmpty();
    }

    private static final String IMAGES = """
            images:
              base:
                rootfs: {suite: trixie}
              app:
                dockerfile: {from: base, context: %s}
            """;

    @Test
    void aContextOutsideTheProjectIsRefusedUnlessItsFolderIsAllowed() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("elsewhere/ctx"));
        Files.writeString(outside.resolve("Dockerfile"), "FROM scratch\n");
        Path manifest = write("project/images.yaml", IMAGES.formatted("../elsewhere/ctx"));

        assertThat(rejected(manifest).getMessage()).contains("context folder `../elsewhere/ctx`"
                        + " (`images.app.dockerfile.context`) is outside the project folder " + dir.resolve("project"))
                .contains("`defaults: {allow-outside-project: [" + outside.toRealPath() + "]}`");

        write("project/images.yaml", IMAGES.formatted("../elsewhere/ctx")
                + "defaults: {allow-outside-project: [../elsewhere]}\n");
        assertThat(loaded(manifest).image("app")).isPresent();
    }

    @Test
    void aSymbolicLinkInsideTheProjectThatLeadsOutIsRefusedToo() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(outside.resolve("Dockerfile"), "FROM scratch\n");
        Files.createDirectories(dir.resolve("project"));
        Files.createSymbolicLink(dir.resolve("project/ctx"), outside);
        Path manifest = write("project/images.yaml", IMAGES.formatted("ctx"));

        assertThat(rejected(manifest).getMessage()).contains("context folder `ctx` (`images.app.dockerfile.context`)"
                + " is outside the project folder " + dir.resolve("project") + ": it is a symbolic link to "
                + outside.toRealPath());
    }

    @Test
    void aLinkThatStaysInsideTheProjectIsFine() throws IOException {
        Path real = Files.createDirectories(dir.resolve("project/containers/app"));
        Files.writeString(real.resolve("Dockerfile"), "FROM scratch\n");
        Files.createSymbolicLink(dir.resolve("project/ctx"), real);

        assertThat(loaded(write("project/images.yaml", IMAGES.formatted("ctx"))).image("app")).isPresent();
    }

    @Test
    void anAllowedFolderMustExist() throws IOException {
        Files.createDirectories(dir.resolve("project/ctx"));
        Files.writeString(dir.resolve("project/ctx/Dockerfile"), "FROM scratch\n");
        Path manifest = write("project/images.yaml", IMAGES.formatted("ctx")
                + "defaults: {allow-outside-project: [../gone]}\n");

        assertThat(rejected(manifest).getMessage()).contains("allowed folder `../gone`"
                + " (`defaults.allow-outside-project`) does not exist");
    }

    private static Manifest loaded(Path manifest) {
        try {
            return ManifestLoader.load(manifest);
        } catch (ManifestException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
