package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildEvent.ImageFailed;
import dev.poststack.api.BuildEvent.ImageFinished;
import dev.poststack.api.BuildEvent.ImageSkipped;
import dev.poststack.api.BuildEvent.RunFinished;
import dev.poststack.api.BuildListener;

import java.io.Closeable;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Writes {@code build-<image>.log} per image: a timestamped line for every event of the image,
 * the builder's raw output included. Each file is opened on the image's first event and closed on
 * its last; a line that arrives later reopens it for appending rather than being lost.
 */
public final class ImageLogs implements BuildListener, Closeable {

    /** Where the logs go by default, relative to the working folder. */
    public static final Path DEFAULT_FOLDER = Path.of("logs");

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path folder;
    // Entries stay for the whole run, so two threads can never hold two writers for one file.
    private final ConcurrentMap<String, ImageLog> logs = new ConcurrentHashMap<>();

    public ImageLogs(Path folder) {
        this.folder = folder;
    }

    public ImageLogs() {
        this(DEFAULT_FOLDER);
    }

    /** The log file of {@code image}, whether or not it exists yet. */
    public Path logOf(String image) {
        return folder.resolve("build-" + image + ".log");
    }

    @Override
    public void on(BuildEvent event) {
        if (event instanceof RunFinished) {
            close();
            return;
        }
        ImageLog log = logs.computeIfAbsent(event.image(), image -> new ImageLog(logOf(image)));
        log.write(TIME.format(event.at()) + " " + LogText.of(event));
        if (event instanceof ImageFinished || event instanceof ImageFailed || event instanceof ImageSkipped) {
            log.close();
        }
    }

    /** Closes every open log; safe to call more than once. */
    @Override
    public void close() {
        logs.values().forEach(ImageLog::close);
    }
}
