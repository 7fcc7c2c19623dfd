package dev.poststack.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files that readers, other processes included, see whole or not at all. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes {@code text} (UTF-8) to {@code file}, creating its folder: into a temporary file next to it, then
     * moved over it in one step. A failed write leaves the previous file, and no temporary one, behind.
     */
    public static void writeString(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            replace(temp, target);
        } finally {
            // Gone once moved; after a failed write or move it would be left behind.
            Files.deleteIfExists(temp);
        }
    }

    /** Moves {@code source} over {@code target} in one step where the file system can. */
    public static void replace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
