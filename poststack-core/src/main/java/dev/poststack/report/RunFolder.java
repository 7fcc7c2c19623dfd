package dev.poststack.report;

import dev.poststack.api.PoststackException;
import dev.poststack.files.AtomicFiles;
import dev.poststack.files.GitIgnored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run's folder of logs, {@code logs/runs/<UTC time>-<kind>/}, so a run never overwrites the last one's
 * logs. {@code logs/latest} points at the newest run from its start (so {@code tail -f logs/latest/build-x.log}
 * follows a build); {@link #finish()} removes the oldest runs beyond the retention limit
 * ({@value #DEFAULT_KEEP} by default, {@code POSTSTACK_KEEP_RUNS} to change it).
 */
public final class RunFolder {

    public static final String KEEP_VARIABLE = "POSTSTACK_KEEP_RUNS";
    public static final int DEFAULT_KEEP = 10;

    private static final Logger LOG = LoggerFactory.getLogger(RunFolder.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    /** Only folders named like ours are ever pruned: a user's own folder under runs/ stays. */
    private static final Pattern RUN_ID = Pattern.compile("\\d{8}-\\d{6}-\\d{3}-[a-z]+(-\\d+)?");

    private final Path logs;
    private final Path folder;
    private final int keep;

    private RunFolder(Path logs, Path folder, int keep) {
        this.logs = logs;
        this.folder = folder;
        this.keep = keep;
    }

    /**
     * Creates the run's folder under {@code logs} (and {@code logs/} itself, git-ignored, when missing).
     *
     * @param kind what ran, e.g. {@code build}; part of the folder's name
     */
    public static RunFolder create(Path logs, String kind, Instant now, int keep) throws IOException {
        GitIgnored.folder(logs, "poststack's build logs and reports");
        Path runs = Files.createDirectories(logs.resolve("runs"));
        String base = ID_TIME.format(now) + "-" + kind;
        for (int attempt = 1; ; attempt++) {
            Path folder = runs.resolve(attempt == 1 ? base : base + "-" + attempt);
            try {
                RunFolder run = new RunFolder(logs, Files.createDirectory(folder), Math.max(keep, 1));
                run.pointLatestHere();
                return run;
            } catch (FileAlreadyExistsException e) {
                // Another run started in the same millisecond; take the next name.
            }
        }
    }

    /**
     * A build's run folder under {@code logs}, keeping as many runs as {@code env} says
     * ({@code POSTSTACK_KEEP_RUNS}); a folder that cannot be created fails the command with the fix.
     */
    public static RunFolder forBuild(Path logs, Map<String, String> env) {
        int keep = keepFrom(env);
        try {
            return create(logs, "build", Instant.now(), keep);
        } catch (IOException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, "cannot create the run's log folder under "
                    + logs + ": " + e.getMessage() + "; check that it is writable", e);
        }
    }

    /** The retention limit from {@code POSTSTACK_KEEP_RUNS}, or {@value #DEFAULT_KEEP} when unset. */
    public static int keepFrom(Map<String, String> env) {
        String value = env.getOrDefault(KEEP_VARIABLE, "").strip();
        if (value.isEmpty()) {
            return DEFAULT_KEEP;
        }
        try {
            int keep = Integer.parseInt(value);
            if (keep >= 1) {
                return keep;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the fix.
        }
        throw PoststackException.invalidInput(KEEP_VARIABLE + "=" + value + " is not a number of runs to keep;"
                + " set it to 1 or more, or unset it to keep " + DEFAULT_KEEP);
    }

    /** The {@code logs/} folder the run belongs to. */
    public Path logs() {
        return logs;
    }

    public Path folder() {
        return folder;
    }

    /** The run's name, e.g. {@code 20261201-212400-123-build}. */
    public String id() {
        return folder.getFileName().toString();
    }

    /** Removes the oldest runs beyond the limit; never this one. */
    public void finish() {
        prune();
    }

    private void pointLatestHere() {
        try {
            Path temp = logs.resolve("latest.tmp-" + ProcessHandle.current().pid());
            Files.deleteIfExists(temp);
            Files.createSymbolicLink(temp, logs.relativize(folder));
            AtomicFiles.replace(temp, logs.resolve("latest"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot point {} at {}: {}", logs.resolve("latest"), folder, e.toString());
        }
    }

    private void prune() {
        List<Path> runs;
        try (Stream<Path> list = Files.list(folder.getParent())) {
            runs = list.filter(path -> RUN_ID.matcher(path.getFileName().toString()).matches())
                    .filter(Files::isDirectory)
                    .sorted(Comparator.comparing((Path path) -> path.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", folder.getParent(), e.toString());
            return;
        }
        for (Path old : runs.subList(0, Math.max(runs.size() - keep, 0))) {
            if (!old.equals(folder)) {
                deleteTree(old);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Cannot remove the old run {}: {}", root, e.toString());
        }
    }
}
