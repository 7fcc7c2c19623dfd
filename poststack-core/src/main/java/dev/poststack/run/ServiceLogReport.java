package dev.poststack.run;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.LogReport;
import dev.poststack.api.PoststackException;
import dev.poststack.files.GitIgnored;
import dev.poststack.logreport.PgBadger;
import dev.poststack.logreport.PgBadgerJson;
import dev.poststack.manifest.LoggingSpec;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.ServiceSpec;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code log-report}: a database service's server log (its container's output, as the engine keeps it) read into a
 * file and handed to pgBadger in a container of the {@code pgbadger} image with no network and no volume; its HTML
 * report is kept, its JSON report gives the counts. The log line prefix is the running server's own
 * ({@code SHOW log_line_prefix}), else what the manifest and the image set.
 */
final class ServiceLogReport {

    private final RunContext context;
    private final ServicePlans plans;
    private final RunningServices runningServices;
    private final FileTask tasks;
    private final Path logsDir;

    /** @param logsDir the project's {@code logs/}: made git-ignored when the report is written into it */
    ServiceLogReport(RunContext context, ServicePlans plans, RunningServices runningServices, FileTask tasks,
                     Path logsDir) {
        this.context = context;
        this.plans = plans;
        this.runningServices = runningServices;
        this.tasks = tasks;
        this.logsDir = logsDir.toAbsolutePath().normalize();
    }

    /** @param since only the lines written from then on; all of the container's when empty */
    LogReport report(String serviceName, Path html, Optional<Instant> since, Consumer<String> progress)
            throws InterruptedException {
        Instant began = context.clock().instant();
        Manifest manifest = context.manifest();
        ServiceSpec service = databaseService(manifest, serviceName);
        LocalImage image = reportImage();
        InspectContainerResponse container = runningServices.inspect(context.resources().container(serviceName))
                .orElseThrow(() -> new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName
                        + "` has no container, so there is no server log to report on\nfix: start it with `poststack up "
                        + serviceName + "`", null));
        boolean running = Boolean.TRUE.equals(container.getState().getRunning());
        String prefix = running ? serverPrefix(serviceName) : service.env().getOrDefault(
                LoggingSpec.variable("log_line_prefix"), LoggingSpec.IMAGE_LINE_PREFIX);
        PgBadger.prefixProblem(prefix).ifPresent(problem -> {
            throw new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName + "`: " + problem
                    + "\nfix: leave log_line_prefix to the image (" + LoggingSpec.IMAGE_LINE_PREFIX + "), or set one"
                    + " with %m and %p in " + LoggingSpec.variable("log_line_prefix"), null);
        });
        Path work = workFolder(html);
        try {
            Path log = work.resolve(PgBadger.LOG);
            long lines = collect(container.getId(), since, log);
            if (lines == 0) {
                throw new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName + "`: its"
                        + " container has written no log lines" + since.map(s -> " since " + s).orElse(" yet")
                        + "\nfix: " + (since.isPresent() ? "ask for an earlier --since, or none" : "start it (`poststack"
                        + " up " + serviceName + "`) and use it, then ask again"), null);
            }
            progress.accept(serviceName + ": pgBadger reads " + lines + " log lines (log_line_prefix '" + prefix + "')");
            TaskResult result = tasks.run("pgbadger-" + serviceName, image, PgBadger.arguments(prefix),
                    PgBadger.FOLDER, Map.of(PgBadger.LOG, log), List.of(PgBadger.HTML, PgBadger.JSON), work);
            Path json = work.resolve(PgBadger.JSON);
            if (result.exitCode() != 0 || !Files.exists(json) || !Files.exists(work.resolve(PgBadger.HTML))) {
                throw new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName + "`: pgBadger"
                        + (result.exitCode() != 0 ? " failed (exit " + result.exitCode() + ")" : " wrote no report")
                        + ":\n" + String.join("\n", result.tail(20)) + "\n(its output: " + result.log() + ")", null);
            }
            PgBadgerJson counts;
            try {
                counts = PgBadgerJson.parse(Files.readString(json));
            } catch (IllegalArgumentException e) {
                throw new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName + "`: "
                        + e.getMessage() + "\n(pgBadger's output: " + result.log() + ")", e);
            }
            if (counts.parsedLines() == 0) {
                throw new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName + "`: none of"
                        + " the " + lines + " lines of its log is a server log line pgBadger reads with log_line_prefix '"
                        + prefix + "'\nfix: the server logs to stderr unless logging_collector is on; see `poststack"
                        + " logs " + serviceName + "`", null);
            }
            Files.move(work.resolve(PgBadger.HTML), html, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return counts.report(serviceName, html, prefix, lines, Duration.between(began, context.clock().instant()));
        } catch (IOException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, "log-report of service `" + serviceName
                    + "`: cannot write " + html + ": " + e.getMessage() + "\nfix: name a file in a folder you can"
                    + " write with --output", e);
        } finally {
            delete(work);
        }
    }

    /**
     * The service, when it is a PostgreSQL one (a {@code database:} block) and the manifest has the report's image.
     *
     * @throws PoststackException {@code INVALID_INPUT} for an unknown service, another kind, or no image
     */
    static ServiceSpec databaseService(Manifest manifest, String serviceName) {
        ServiceSpec service = ServicePlans.service(manifest, serviceName);
        if (service.database().isEmpty()) {
            List<String> databases = manifest.services().values().stream().filter(s -> s.database().isPresent())
                    .map(ServiceSpec::name).toList();
            throw PoststackException.invalidInput("service `" + serviceName + "` is not a PostgreSQL service (it has"
                    + " no `database:` block in " + manifest.file() + "), and log-report reads a PostgreSQL server's"
                    + " log\nfix: " + (databases.isEmpty() ? "give the database service a `database:` block"
                    : "name a database service: " + String.join(", ", databases)));
        }
        String name = LoggingSpec.REPORT_IMAGE;
        if (manifest.image(name).isEmpty()) {
            throw PoststackException.invalidInput("the manifest " + manifest.file() + " has no image `" + name
                    + "`, which log-report runs\nfix: give service `" + service.name() + "` a `database.logging`"
                    + " section (poststack then adds the catalog's " + name + " image), or declare it under images:"
                    + " `" + name + ": {catalog: " + name + "}`; then `poststack build-images " + name + "`");
        }
        return service;
    }

    /** The manifest's {@code pgbadger} image as the engine has it. */
    private LocalImage reportImage() {
        Manifest manifest = context.manifest();
        String name = LoggingSpec.REPORT_IMAGE;
        return plans.image(manifest.referenceOf(name)).orElseThrow(() -> new PoststackException(
                PoststackException.Kind.FAILED, "the image " + manifest.referenceOf(name) + " that log-report runs is"
                + " not in the engine\nfix: build it with `poststack build-images " + name + "`", null));
    }

    /** The running server's {@code log_line_prefix}. */
    private String serverPrefix(String serviceName) {
        DatabaseAccess db = runningServices.running(serviceName).database().orElseThrow(() -> new PoststackException(
                PoststackException.Kind.FAILED, "service `" + serviceName + "` publishes no database port", null));
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show log_line_prefix")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName + "`: cannot ask"
                    + " the server for its log_line_prefix: " + e.getMessage() + "\nfix: `poststack verify-db` shows"
                    + " what is wrong with it", e);
        }
    }

    /** The container's output (all, or since then) into {@code file}; its number of lines. */
    private long collect(String containerId, Optional<Instant> since, Path file) throws IOException, InterruptedException {
        try (LineCounter out = new LineCounter(Files.newOutputStream(file))) {
            var stream = ContainerLogs.stream(context.docker(), containerId, false, since, out);
            try {
                stream.awaitCompletion();
            } finally {
                stream.close();
            }
            return out.lines();
        }
    }

    /** A temporary folder beside the report, so the report is moved into place in one step. */
    private Path workFolder(Path html) {
        try {
            Path folder = html.toAbsolutePath().normalize().getParent();
            if (folder.equals(logsDir)) {
                GitIgnored.folder(folder, "poststack's logs and reports");
            }
            Files.createDirectories(folder);
            return Files.createTempDirectory(folder, ".log-report-");
        } catch (IOException e) {
            throw PoststackException.invalidInput("cannot write the report into " + html.toAbsolutePath().getParent()
                    + ": " + e.getMessage() + "\nfix: name a file in a folder you can write with --output");
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary folder left behind holds a copy of the log only.
        }
    }

    /** Counts the lines written through it (a last line without a newline counts too). */
    private static final class LineCounter extends FilterOutputStream {
        private long lines;
        private int last = '\n';

        LineCounter(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                count(b[i]);
            }
        }

        private void count(int b) {
            if (b == '\n') {
                lines++;
            }
            last = b;
        }

        long lines() {
            return lines + (last == '\n' ? 0 : 1);
        }
    }
}
