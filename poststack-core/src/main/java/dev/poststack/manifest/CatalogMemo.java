package dev.poststack.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Remembers, per jar, which {@code .poststack/catalog/<hash>/} folder its catalog was copied to, so that a run
 * from an unchanged jar finds the folder without reading and hashing the catalog's entries again (which means
 * walking the whole index of a 30 MB runnable jar). A jar is known by its path, size and modification time, all of
 * which a rebuild or an upgrade changes; anything unreadable or unexpected in the file only means a fresh read.
 */
final class CatalogMemo {

    static final String FILE = "shipped-from";
    /** Enough for the few jars (CLI, Maven plugin, test class paths) one project runs poststack from. */
    private static final int KEPT = 8;

    private final Path file;

    CatalogMemo(Path catalogs) {
        this.file = catalogs.resolve(FILE);
    }

    /** The folder name remembered for {@code jar}, if it is unchanged since. */
    Optional<String> folderFor(Path jar) {
        Optional<String> identity = identity(jar);
        if (identity.isEmpty() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.lastIndexOf('\t');
                if (tab > 0 && line.substring(0, tab).equals(identity.get())) {
                    String folder = line.substring(tab + 1);
                    return folder.matches("[0-9a-f]{16}") ? Optional.of(folder) : Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable: read the jar instead.
        }
        return Optional.empty();
    }

    /** Records that {@code jar}'s catalog is in {@code folder}; best effort, a failure costs the next run a read. */
    void remember(Path jar, String folder) {
        Optional<String> identity = identity(jar);
        if (identity.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(identity.get() + "\t" + folder);
        try {
            if (Files.isRegularFile(file)) {
                String jarPrefix = jar.toAbsolutePath() + "\t";
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.startsWith(jarPrefix) && lines.size() < KEPT) {
                        lines.add(line);
                    }
                }
            }
            Path temp = Files.createTempFile(file.getParent(), ".shipped-from-", ".tmp");
            try {
                Files.write(temp, lines, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: the catalog itself is in place.
        }
    }

    /** {@code path \t size \t mtime-ns}, or empty when the jar cannot be read. */
    private static Optional<String> identity(Path jar) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
            return Optional.of(jar.toAbsolutePath() + "\t" + attributes.size() + "\t"
                    + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
