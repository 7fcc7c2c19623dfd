package dev.poststack.report;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One image's log file. Synchronised, so lines from several threads never interleave within a line;
 * failures to write are logged, not thrown, since a full disk must not fail the build itself.
 */
final class ImageLog {

    private static final Logger LOG = LoggerFactory.getLogger(ImageLog.class);

    private final Path file;
    private Writer writer;
    private boolean opened;

    ImageLog(Path file) {
        this.file = file;
    }

    synchronized void write(String line) {
        try {
            if (writer == null) {
                writer = open();
            }
            writer.write(line);
            writer.write(System.lineSeparator());
            // Flushed per line so a crash or a tail -f sees everything up to the failing step.
            writer.flush();
        } catch (IOException e) {
            LOG.warn("Cannot write to {}: {}", file, e.toString());
        }
    }

    synchronized void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            LOG.warn("Cannot close {}: {}", file, e.toString());
        } finally {
            writer = null;
        }
    }

    private Writer open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // The first open of a run replaces the last run's log; a reopen appends to this run's. Replaced
        // by a new file, not truncated: the old one may be another run's log, linked here.
        if (!opened) {
            Files.deleteIfExists(file);
        }
        StandardOpenOption mode = opened ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        opened = true;
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, mode);
    }
}
