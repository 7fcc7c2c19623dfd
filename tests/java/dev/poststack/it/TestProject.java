package dev.poststack.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A copy of the repository's manifest, containers/ and liquibase/ in a temporary folder, with its own
 * image namespace so tests never touch the user's images.
 */
public final class TestProject {

    private final Path dir;

    private TestProject(Path dir) {
        this.dir = dir;
    }

    /** Copies the shipped project into {@code dir}, tagging images {@code namespace/...}. */
    public static TestProject copyOfRepo(Path dir, String namespace) throws IOException {
        Path repo = Cli.repo();
        copyTree(repo.resolve("containers"), dir.resolve("containers"));
        copyTree(repo.resolve("liquibase"), dir.resolve("liquibase"));
        String manifest = Files.readString(repo.resolve("images.yaml"), StandardCharsets.UTF_8)
                .replace("namespace: poststack\n", "namespace: " + namespace + "\n");
        if (!manifest.contains("namespace: " + namespace + "\n")) {
            throw new IllegalStateException("images.yaml no longer declares `namespace: poststack`");
        }
        Files.writeString(dir.resolve("images.yaml"), manifest, StandardCharsets.UTF_8);
        return new TestProject(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String relative) {
        return dir.resolve(relative);
    }

    public void write(String relative, String content) {
        try {
            Path path = dir.resolve(relative);
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void append(String relative, String content) {
        try {
            Files.writeString(dir.resolve(relative), content, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Cli cli() {
        return Cli.in(dir);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
