package dev.poststack.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceSpecTest {

    private static final String SHA = "2383287bea45dfce54cde9ffc98f3e27bb7cde4deb3f096f9c7a12d1819f5113";

    @Test
    void readsUrlAndPathSources(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(dir.resolve("ctx/Dockerfile"), "FROM scratch\n");
        Files.createDirectories(dir.resolve("src/folder-ext"));
        Files.write(dir.resolve("src/ext-1.0.tar.gz"), new byte[] {1});
        Files.writeString(dir.resolve("images.yaml"), """
                images:
                  app:
                    dockerfile:
                      context: ctx
                      sources:
                        - name: citus
                          url: https://example.org/citus.tar.gz
                          sha256: %s
                        - {name: ext, path: src/ext-1.0.tar.gz}
                        - {name: folder.ext_1, path: src/folder-ext}
                  plain:
                    dockerfile: {context: ctx}
                """.formatted(SHA));

        Manifest manifest = ManifestLoader.load(dir.resolve("images.yaml"));

        DockerfileSpec app = (DockerfileSpec) manifest.image("app").orElseThrow().build();
        Path base = dir.toAbsolutePath().normalize();
        assertThat(app.sources()).containsExactly(
                new SourceSpec("citus", Optional.of(URI.create("https://example.org/citus.tar.gz")),
                        Optional.of(SHA), Optional.empty()),
                new SourceSpec("ext", Optional.empty(), Optional.empty(), Optional.of(base.resolve("src/ext-1.0.tar.gz"))),
                new SourceSpec("folder.ext_1", Optional.empty(), Optional.empty(),
                        Optional.of(base.resolve("src/folder-ext"))));
        assertThat(((DockerfileSpec) manifest.image("plain").orElseThrow().build()).sources()).isEmpty();
    }

    @Test
    void sourceDirComesBeforeThePathAndTriesFolderThenArchives(@TempDir Path dir) throws Exception {
        SourceSpec spec = new SourceSpec("ext", Optional.empty(), Optional.empty(), Optional.of(dir.resolve("p")));
        assertThat(spec.local(Optional.of(dir))).contains(dir.resolve("p"));
        Files.write(dir.resolve("ext.tar"), new byte[] {1});
        assertThat(spec.local(Optional.of(dir))).contains(dir.resolve("ext.tar"));
        Files.write(dir.resolve("ext.tar.gz"), new byte[] {1});
        assertThat(spec.local(Optional.of(dir))).contains(dir.resolve("ext.tar.gz"));
        Files.createDirectories(dir.resolve("ext"));
        assertThat(spec.local(Optional.of(dir))).contains(dir.resolve("ext"));
        assertThat(spec.local(Optional.empty())).contains(dir.resolve("p"));
        assertThat(spec.sourceDirCandidates()).isEqualTo(List.of("ext", "ext.tar.gz", "ext.tgz", "ext.tar"));
    }
}
