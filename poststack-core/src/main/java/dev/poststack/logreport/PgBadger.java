package dev.poststack.logreport;

import java.util.List;
import java.util.Optional;

/**
 * How poststack runs pgBadger (the catalog's {@code pgbadger} image): on one log file in its working folder, the
 * stderr format with the server's {@code log_line_prefix}, quietly (no progress bar), both reports in one pass.
 */
public final class PgBadger {

    /** The image's working folder, owned by its user: the log goes in, the reports come out. */
    public static final String FOLDER = "/report";
    public static final String LOG = "postgres.log";
    public static final String HTML = "report.html";
    public static final String JSON = "report.json";

    private PgBadger() {
    }

    /**
     * Why pgBadger cannot parse lines of this prefix, if it cannot: it needs the time ({@code %t}, {@code %m} or
     * {@code %n}) and the process ({@code %p}, or the session {@code %c}).
     */
    public static Optional<String> prefixProblem(String linePrefix) {
        boolean time = linePrefix.contains("%t") || linePrefix.contains("%m") || linePrefix.contains("%n");
        boolean process = linePrefix.contains("%p") || linePrefix.contains("%c");
        if (time && process) {
            return Optional.empty();
        }
        return Optional.of("the server's log_line_prefix `" + linePrefix + "` has no " + (time ? "" : "time (%m or %t)")
                + (time || process ? "" : " and no ") + (process ? "" : "process id (%p)") + ", which pgBadger needs");
    }

    /** pgBadger's arguments (the image's entrypoint is pgbadger). */
    public static List<String> arguments(String linePrefix) {
        return List.of("--quiet", "--format", "stderr", "--prefix", linePrefix, "--outdir", FOLDER,
                "--outfile", HTML, "--outfile", JSON, FOLDER + "/" + LOG);
    }
}
