package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildEvent.ImageFailed;
import dev.poststack.api.BuildEvent.ImageFinished;
import dev.poststack.api.BuildEvent.ImageSkipped;
import dev.poststack.api.BuildEvent.RunFinished;
import dev.poststack.api.BuildListener;
import dev.poststack.api.ImageStatus;
import dev.poststack.files.GitIgnored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code build-<image>.log} per image: a timestamped line for every event of the image,
 * the builder's raw output included. Each file is opened on the image's first event and closed on
 * its last; a line that arrives later reopens it for appending rather than being lost.
 *
 * <p>Given a {@link RunFolder}, the logs go into the run's folder and each one that records a build (built
 * or failed) is also linked as {@code logs/build-<image>.log}; a cached or skipped image's log says so and
 * leaves that link, the image's last full build log, alone.
 */
public final class ImageLogs implements BuildListener, Closeable {

    /** Where the logs go by default, relative to the working folder. */
    public static final Path DEFAULT_FOLDER = Path.of("logs");

    private static final Logger LOG = LoggerFactory.getLogger(ImageLogs.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern HEADER = Pattern.compile("^\\S+ run (\\S+): build log of ");

    private final Path folder;
    private final Optional<RunFolder> run;
    // Entries stay for the whole run, so two threads can never hold two writers for one file.
    private final ConcurrentMap<String, ImageLog> logs = new ConcurrentHashMap<>();

    public ImageLogs(Path folder) {
        this.folder = folder;
        this.run = Optional.empty();
    }

    public ImageLogs() {
        this(DEFAULT_FOLDER);
    }

    /** Logs into {@code run}'s folder, keeping each image's last full build log at {@code logs/}. */
    public ImageLogs(RunFolder run) {
        this.folder = run.folder();
        this.run = Optional.of(run);
    }

    /** The log file of {@code image}, whether or not it exists yet. */
    public Path logOf(String image) {
        return folder.resolve(fileName(image));
    }

    @Override
    public void on(BuildEvent event) {
        if (event instanceof RunFinished) {
            close();
            return;
        }
        ImageLog log = logs.computeIfAbsent(event.image(), image -> open(image, event));
        log.write(TIME.format(event.at()) + " " + LogText.of(event));
        if (event instanceof ImageFinished finished && finished.status() == ImageStatus.CACHED) {
            run.ifPresent(r -> log.write(TIME.format(event.at()) + " " + lastBuilt(r, event.image())));
        }
        if (event instanceof ImageFinished || event instanceof ImageFailed || event instanceof ImageSkipped) {
            log.close();
            if (recordsABuild(event)) {
                run.ifPresent(r -> publish(r, event.image()));
            }
        }
    }

    /** Closes every open log; safe to call more than once. */
    @Override
    public void close() {
        logs.values().forEach(ImageLog::close);
    }

    private ImageLog open(String image, BuildEvent first) {
        ImageLog log = new ImageLog(logOf(image));
        // The first line names the run, so a later cached run can say which run last built the image.
        run.ifPresent(r -> log.write(TIME.format(first.at()) + " run " + r.id() + ": build log of " + image));
        return log;
    }

    private static boolean recordsABuild(BuildEvent event) {
        return event instanceof ImageFailed
                || event instanceof ImageFinished finished && finished.status() != ImageStatus.CACHED;
    }

    private static String fileName(String image) {
        // A registry image's node is named by its reference: host:port/path:tag holds / and :.
        return "build-" + image.replaceAll("[^A-Za-z0-9._-]", "_") + ".log";
    }

    private void publish(RunFolder run, String image) {
        try {
            GitIgnored.linkOrCopy(logOf(image), run.logs().resolve(fileName(image)));
        } catch (IOException e) {
            LOG.warn("Cannot link {} as the last build log of {}: {}", logOf(image), image, e.toString());
        }
    }

    /** {@code image cached, last built in run X; full log: FILE}, from the header of the last full build log. */
    private static String lastBuilt(RunFolder run, String image) {
        Path published = run.logs().resolve(fileName(image));
        Optional<String> builtIn = Optional.empty();
        try (BufferedReader reader = Files.newBufferedReader(published, StandardCharsets.UTF_8)) {
            Matcher header = HEADER.matcher(Optional.ofNullable(reader.readLine()).orElse(""));
            builtIn = header.find() ? Optional.of(header.group(1)) : Optional.empty();
        } catch (IOException e) {
            return "image cached; no full build log of it is kept under " + run.logs();
        }
        Optional<Path> inRun = builtIn.map(id -> run.folder().resolveSibling(id).resolve(fileName(image)))
                .filter(Files::exists);
        return "image cached, last built in run " + builtIn.orElse("(unknown)") + "; full log: "
                + inRun.orElse(published);
    }
}
