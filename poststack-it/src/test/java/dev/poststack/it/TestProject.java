package dev.poststack.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the repository's manifest and liquibase/ in a temporary folder (the image definitions come from
 * the catalog in poststack's resources), with its own image namespace so tests never touch the user's images.
 */
public final class TestProject {

    private final Path dir;

    private TestProject(Path dir) {
        this.dir = dir;
    }

    /** Copies the shipped project into {@code dir}, tagging images {@code namespace/...}. */
    public static TestProject copyOfRepo(Path dir, String namespace) throws IOException {
        Path repo = Cli.repo();
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

    /** The copy's {@code images.yaml}. */
    public Path manifest() {
        return dir.resolve("images.yaml");
    }

    /** Replaces {@code find} in {@code images.yaml}, which must contain it. */
    public TestProject editManifest(String find, String replacement) {
        writeManifest(manifest(), edited(find, replacement));
        return this;
    }

    /**
     * A second manifest next to {@code images.yaml} (same folder, so the same contexts and secrets): a copy of it
     * with {@code find}, which it must contain, replaced.
     */
    public Path manifestVariant(String fileName, String find, String replacement) {
        Path variant = dir.resolve(fileName);
        writeManifest(variant, edited(find, replacement));
        return variant;
    }

    /** Adds image entries (indented as in {@code images:}) at the end of the manifest's {@code images:} section. */
    public TestProject addImages(String entries) {
        List<String> lines = new ArrayList<>(readManifest().lines().toList());
        int images = lines.indexOf("images:");
        if (images < 0) {
            throw new IllegalStateException("images.yaml has no `images:` section");
        }
        int end = images + 1;
        while (end < lines.size() && (lines.get(end).isEmpty() || lines.get(end).startsWith(" ")
                || lines.get(end).startsWith("#"))) {
            end++;
        }
        // Before the comments and blank lines that introduce the next section.
        while (end > images + 1 && (lines.get(end - 1).isBlank() || lines.get(end - 1).startsWith("#"))) {
            end--;
        }
        lines.add(end, entries.stripTrailing());
        writeManifest(manifest(), String.join("\n", lines) + "\n");
        return this;
    }

    private String edited(String find, String replacement) {
        String text = readManifest();
        if (!text.contains(find)) {
            throw new IllegalStateException("images.yaml no longer contains `" + find.strip() + "`");
        }
        return text.replace(find, replacement);
    }

    private String readManifest() {
        try {
            return Files.readString(manifest(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeManifest(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gives a generated secret a known value, kept where poststack keeps the ones it generates (owner-only),
     * so poststack uses it instead of generating one.
     */
    public TestProject secret(String name, String value) {
        try {
            Path secrets = Files.createDirectories(dir.resolve(".poststack/secrets"));
            Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
            Path file = secrets.resolve(name);
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
