package dev.poststack.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A copy of one of the repository's examples, its image namespace replaced, without what a run left in it. */
final class ExampleCopy {

    private ExampleCopy() {
    }

    /** Copies {@code examples/<name>} into {@code dir}, namespace {@code from} becoming {@code to}; the manifest. */
    static Path of(String name, Path dir, String from, String to) throws IOException {
        Path example = Cli.repo().resolve("examples").resolve(name);
        try (Stream<Path> files = Files.walk(example)) {
            for (Path file : files.filter(p -> !p.toString().contains("/.poststack") && !p.toString().contains("/logs"))
                    .toList()) {
                Path copy = dir.resolve(example.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        Path manifest = dir.resolve("images.yaml");
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        assertThat(text).contains("namespace: " + from + "\n");
        Files.writeString(manifest, text.replace("namespace: " + from + "\n", "namespace: " + to + "\n"),
                StandardCharsets.UTF_8);
        return manifest;
    }
}
