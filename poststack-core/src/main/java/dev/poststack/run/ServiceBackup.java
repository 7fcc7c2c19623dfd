package dev.poststack.run;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.poststack.api.BackupSet;
import dev.poststack.api.BackupType;
import dev.poststack.api.PoststackException;
import dev.poststack.backup.BackupInfoJson;
import dev.poststack.manifest.BackupSpec;
import dev.poststack.manifest.DatabaseSpec;
import dev.poststack.manifest.ServiceSpec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code backup} and {@code backups}: pgBackRest in the database service's container (its configuration written
 * there by the image from {@code database.backup}); the list, when the service is stopped, from a task container on
 * its volumes. pgBackRest's expire (the manifest's retention) runs after every backup.
 */
final class ServiceBackup {

    private final RunContext context;
    private final ServicePlans plans;
    private final RunningServices runningServices;
    private final VolumeTask tasks;

    ServiceBackup(RunContext context, ServicePlans plans, RunningServices runningServices, VolumeTask tasks) {
        this.context = context;
        this.plans = plans;
        this.runningServices = runningServices;
        this.tasks = tasks;
    }

    /** The service's {@code database.backup}. @throws PoststackException {@code INVALID_INPUT} without one */
    static BackupSpec backupOf(ServiceSpec service, java.nio.file.Path manifest) {
        return service.database().flatMap(DatabaseSpec::backup).orElseThrow(() -> PoststackException.invalidInput(
                "service `" + service.name() + "` has no `database.backup` in " + manifest + "\nfix: add one, e.g.\n"
                        + "    database:\n      password: db-password\n      backup: {retention: {full: 2, diff: 7}}\n"
                        + "then `poststack up` (the server archives WAL from then on) and `poststack backup`"));
    }

    BackupSet backup(String serviceName, BackupType type, Consumer<String> progress) throws InterruptedException {
        ServiceSpec service = ServicePlans.service(context.manifest(), serviceName);
        backupOf(service, context.manifest().file());
        RunningService running = runningServices.running(serviceName);
        Instant began = context.clock().instant();
        LineOutput out = new LineOutput(progress);
        int code = ServiceExec.run(context.docker(), running.containerId(), Optional.of("postgres"),
                List.of("pgbackrest", "--stanza=" + serviceName, "--type=" + type.text(), "backup"),
                Optional.empty(), out, out, Optional.empty());
        if (code != 0) {
            throw new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName + "`: pgbackrest"
                    + " backup failed (exit " + code + "):\n" + out.tail() + "\nfix: see pgBackRest's error above;"
                    + " `poststack logs " + serviceName + "` shows whether the server archives its WAL", null);
        }
        List<BackupSet> sets = list(serviceName);
        return sets.stream().filter(s -> !s.started().isBefore(began.minusSeconds(1))).reduce((a, b) -> b)
                .or(() -> sets.isEmpty() ? Optional.empty() : Optional.of(sets.get(sets.size() - 1)))
                .orElseThrow(() -> new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName
                        + "`: pgbackrest reported a backup but lists none", null));
    }

    /** The service's backups, oldest first. */
    List<BackupSet> list(String serviceName) throws InterruptedException {
        ServiceSpec service = ServicePlans.service(context.manifest(), serviceName);
        backupOf(service, context.manifest().file());
        return BackupInfoJson.parse(run(service, List.of("pgbackrest", "--stanza=" + serviceName, "--output=json",
                "--log-level-console=warn", "info"), List.of("poststack-backup", "info")), serviceName);
    }

    /** When the newest WAL segment reached repo1; empty when none did. */
    Optional<Instant> newestWal(ServiceSpec service) throws InterruptedException {
        String text = run(service, List.of("poststack-backup", "newest-wal"), List.of("poststack-backup", "newest-wal"))
                .strip();
        long seconds = text.isEmpty() ? 0 : Long.parseLong(text.lines().reduce((a, b) -> b).orElse("0").strip());
        return seconds == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(seconds + 1));
    }

    /**
     * Forces the current WAL segment into the repository ({@code pgbackrest check}), so a restore reaches now. A
     * transaction commits first: recovery to a time stops at the first commit after it, and without one in the
     * archived WAL PostgreSQL refuses to end (recovery ended before the target was reached).
     */
    void archiveNow(String serviceName, String containerId, String superuser) throws InterruptedException {
        LineOutput out = new LineOutput(line -> { });
        ServiceExec.run(context.docker(), containerId, Optional.of("postgres"), List.of("psql", "-X", "-q", "-A", "-t",
                "--host=/var/run/postgresql", "--username=" + superuser, "--dbname=template1", "-c",
                "select txid_current()"), Optional.empty(), out, out, Optional.of(java.time.Duration.ofMinutes(1)));
        int code = ServiceExec.run(context.docker(), containerId, Optional.of("postgres"),
                List.of("pgbackrest", "--stanza=" + serviceName, "check"), Optional.empty(), out, out,
                Optional.of(java.time.Duration.ofMinutes(5)));
        if (code != 0) {
            throw new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName + "`: its WAL"
                    + " does not reach the repository (pgbackrest check, exit " + code + "):\n" + out.tail()
                    + "\nfix: see pgBackRest's error above; nothing was stopped or restored", null);
        }
    }

    /** stdout of {@code inContainer} in the running container, else of {@code inTask} in a task on the volumes. */
    private String run(ServiceSpec service, List<String> inContainer, List<String> inTask) throws InterruptedException {
        Optional<InspectContainerResponse> container = runningServices.inspect(context.resources().container(service.name()))
                .filter(c -> Boolean.TRUE.equals(c.getState().getRunning()));
        if (container.isPresent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            LineOutput err = new LineOutput(line -> { });
            int code = ServiceExec.run(context.docker(), container.get().getId(), Optional.of("postgres"), inContainer,
                    Optional.empty(), out, err, Optional.of(java.time.Duration.ofMinutes(2)));
            if (code != 0) {
                throw failed(service, String.join(" ", inContainer), code, err.tail());
            }
            return out.toString(StandardCharsets.UTF_8);
        }
        TaskResult result = tasks.run("backup-info", plans.plan(service), inTask, line -> { });
        if (result.exitCode() != 0) {
            throw failed(service, String.join(" ", inTask), result.exitCode(), String.join("\n", result.output()));
        }
        return result.stdout();
    }

    private static PoststackException failed(ServiceSpec service, String command, int code, String output) {
        return new PoststackException(PoststackException.Kind.FAILED, "service `" + service.name() + "`: `" + command
                + "` failed (exit " + code + "):\n" + output.strip() + "\nfix: see pgBackRest's error above", null);
    }

    /** Output passed on line by line, its last lines kept for a failure's message. */
    static final class LineOutput extends OutputStream {
        private final Consumer<String> onLine;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final java.util.ArrayDeque<String> last = new java.util.ArrayDeque<>();

        LineOutput(Consumer<String> onLine) {
            this.onLine = onLine;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                onLine.accept(text);
                last.addLast(text);
                if (last.size() > 20) {
                    last.removeFirst();
                }
            } else {
                line.write(b);
            }
        }

        synchronized String tail() {
            return String.join("\n", last);
        }
    }
}
