package dev.poststack.run;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.poststack.api.BackupSet;
import dev.poststack.api.CheckResult;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.PoststackException;
import dev.poststack.api.RestoreOptions;
import dev.poststack.api.RestoreResult;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.backup.RestorePlan;
import dev.poststack.manifest.BackupSpec;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.PortSpec;
import dev.poststack.manifest.ServiceSpec;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code restore}: a service's pgBackRest backup (and WAL, up to a target) into its own data volume, or beside it
 * into a new service ({@code --to}). Everything that can be checked is checked before the service is stopped.
 * In place, the old data is moved aside on its own volume (renames, {@code poststack-backup restore}) and only
 * removed once the restored server has replayed its WAL, been promoted and passed the service's health and verify
 * checks; when any of that fails the restored data goes and the old data is put back and started again.
 */
final class ServiceRestore {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Duration PROMOTION_TIMEOUT = Duration.ofMinutes(30);

    private final RunContext context;
    private final ServicePlans plans;
    private final RunningServices runningServices;
    private final ServiceBackup backups;
    private final VolumeTask tasks;
    private final NetworkAndVolumes networkAndVolumes;
    private final ContainerRunner runner;
    private final Function<ServiceSpec, ContainerRunner> withService;

    ServiceRestore(RunContext context, ServicePlans plans, RunningServices runningServices, ServiceBackup backups,
                   VolumeTask tasks, NetworkAndVolumes networkAndVolumes, ContainerRunner runner,
                   Function<ServiceSpec, ContainerRunner> withService) {
        this.context = context;
        this.plans = plans;
        this.runningServices = runningServices;
        this.backups = backups;
        this.tasks = tasks;
        this.networkAndVolumes = networkAndVolumes;
        this.runner = runner;
        this.withService = withService;
    }

    RestoreResult restore(String serviceName, RestoreOptions options, Consumer<String> progress)
            throws InterruptedException {
        ServiceSpec service = ServicePlans.service(context.manifest(), serviceName);
        BackupSpec backup = ServiceBackup.backupOf(service, context.manifest().file());
        options.targetLsn().ifPresent(RestorePlan::checkLsn);
        options.to().ifPresent(to -> checkNewName(service, to));
        ContainerPlan plan = plans.plan(service);
        Optional<InspectContainerResponse> running = runningServices.inspect(context.resources().container(serviceName))
                .filter(c -> Boolean.TRUE.equals(c.getState().getRunning()));
        if (running.isPresent()) {
            progress.accept(serviceName + ": archiving its current WAL (pgbackrest check)");
            backups.archiveNow(serviceName, running.get().getId(), service.env().getOrDefault("POSTGRES_USER", "postgres"));
        }
        List<BackupSet> sets = backups.list(serviceName);
        Optional<Instant> newestWal = backups.newestWal(service);
        BackupSet from = RestorePlan.check(serviceName, sets, newestWal, options);
        List<String> pgbackrest = RestorePlan.restoreOptions(options, from);
        if (options.to().isPresent()) {
            return beside(service, backup, options.to().get(), from, pgbackrest, progress);
        }
        return inPlace(service, plan, running.isPresent(), from, pgbackrest, progress);
    }

    private RestoreResult inPlace(ServiceSpec service, ContainerPlan plan, boolean wasRunning, BackupSet from,
                                  List<String> pgbackrest, Consumer<String> progress) throws InterruptedException {
        String name = service.name();
        if (wasRunning) {
            progress.accept(name + ": stopping it for the restore");
            runner.stop(List.of(name));
        }
        checkNotInUse(service);
        Instant began = context.clock().instant();
        List<String> command = new ArrayList<>(List.of("poststack-backup", "restore"));
        command.addAll(pgbackrest);
        progress.accept(name + ": restoring backup " + from.label() + " (" + String.join(" ", pgbackrest)
                + "); the old data is kept aside on its volume");
        TaskResult restored = tasks.run("restore", plan, command, progress);
        Duration restoreTook = Duration.between(began, context.clock().instant());
        if (restored.exitCode() != 0) {
            String story = "pgbackrest restore failed (exit " + restored.exitCode() + "):\n" + tail(restored);
            if (wasRunning) {
                runner.up(List.of(name));
            }
            throw failed(service, story + "\nthe old data is in place again" + (wasRunning ? " and running" : "")
                    + "\nfix: see pgBackRest's error above (log: " + restored.log() + ")");
        }
        Instant started = context.clock().instant();
        try {
            RestoreResult result = startAndCheck(runner, name, from, restoreTook, started, service.name());
            tasks.run("restore-discard", plan, List.of("poststack-backup", "discard"), line -> { });
            progress.accept(name + ": the restored server passed its checks; the old data was removed");
            return result;
        } catch (RuntimeException | InterruptedException e) {
            ContainerRemoval.uninterruptibly(() -> runner.stop(List.of(name)));
            TaskResult back = tasks.run("restore-put-back", plan, List.of("poststack-backup", "put-back"), progress);
            if (back.exitCode() != 0) {
                throw failed(service, "the restored server failed: " + e.getMessage() + "\nand putting the old data"
                        + " back failed too:\n" + tail(back) + "\nfix: the old data is in "
                        + "$PGDATA/.poststack-restore/old on the service's volume; move it back by hand");
            }
            if (e instanceof InterruptedException) {
                throw e;
            }
            if (wasRunning) {
                runner.up(List.of(name));
            }
            throw failed(service, "the restored server did not pass its checks, so the old data was put back"
                    + (wasRunning ? " and started again" : "") + ":\n" + e.getMessage());
        }
    }

    private RestoreResult beside(ServiceSpec service, BackupSpec backup, String to, BackupSet from,
                                 List<String> pgbackrest, Consumer<String> progress) throws InterruptedException {
        ServiceSpec copy = besideSpec(service, backup, to);
        ContainerRunner other = withService.apply(copy);
        ContainerPlan plan = new ServicePlans(new RunContext(withServiceManifest(context.manifest(), copy),
                context.docker(), context.secrets(), context.listener(), context.clock(), context.resources(),
                context.logs(), context.owners())).plan(copy);
        Instant began = context.clock().instant();
        try {
            networkAndVolumes.ensureNetwork();
            for (String volume : copy.volumes().keySet()) {
                networkAndVolumes.ensureVolume(context.resources().volume(volume), plan.volumeLabels());
            }
            List<String> command = new ArrayList<>(List.of("poststack-backup", "restore-empty"));
            command.addAll(pgbackrest);
            progress.accept(to + ": restoring backup " + from.label() + " of " + service.name() + " ("
                    + String.join(" ", pgbackrest) + ") into a new service beside it");
            TaskResult restored = tasks.run("restore", plan, command, progress);
            if (restored.exitCode() != 0) {
                throw failed(service, "pgbackrest restore into `" + to + "` failed (exit " + restored.exitCode()
                        + "):\n" + tail(restored) + "\nfix: see pgBackRest's error above (log: " + restored.log() + ")");
            }
            Duration restoreTook = Duration.between(began, context.clock().instant());
            return startAndCheck(other, to, from, restoreTook, context.clock().instant(), service.name());
        } catch (InterruptedException | RuntimeException e) {
            ContainerRemoval.uninterruptibly(() -> removeBeside(service, to));
            throw e;
        }
    }

    /** Removes a service {@code restore --to} made beside {@code service}: its container and its data volumes. */
    void removeBeside(ServiceSpec service, String to) {
        BackupSpec backup = ServiceBackup.backupOf(service, context.manifest().file());
        ServiceSpec copy = besideSpec(service, backup, to);
        withService.apply(copy).stop(List.of(to));
        for (String volume : copy.volumes().keySet()) {
            if (!backup.volumes().contains(volume)) {
                try {
                    context.docker().removeVolumeCmd(context.resources().volume(volume)).exec();
                } catch (NotFoundException gone) {
                    // Never made, or removed already.
                }
            }
        }
    }

    /** Starts the restored server, waits until it replayed its WAL and was promoted, then runs its checks again. */
    private RestoreResult startAndCheck(ContainerRunner on, String name, BackupSet from, Duration restoreTook,
                                        Instant started, String source) throws InterruptedException {
        ServiceOutcome outcome = on.up(List.of(name)).stream().filter(o -> o.service().equals(name)).findFirst()
                .orElseThrow();
        RunningService running = on.running(name);
        DatabaseAccess access = running.database().orElseThrow();
        awaitPromoted(on, name, access);
        List<CheckResult> checks = on.verify(name);
        Optional<CheckResult> failed = checks.stream().filter(c -> !c.passed()).findFirst();
        if (failed.isPresent()) {
            throw new PoststackException(PoststackException.Kind.FAILED, failed.get().failureMessage(), null);
        }
        return new RestoreResult(name, source, from.label(), restoreTook,
                Duration.between(started, context.clock().instant()), Math.max(outcome.checks().size(), checks.size()),
                access);
    }

    /** Until the server left recovery (promoted at its target, or at the end of the archived WAL). */
    private void awaitPromoted(ContainerRunner on, String name, DatabaseAccess access) throws InterruptedException {
        Instant deadline = context.clock().instant().plus(PROMOTION_TIMEOUT);
        String last = "";
        while (context.clock().instant().isBefore(deadline)) {
            try (Connection c = DriverManager.getConnection(access.jdbcUrl(), access.user(), access.password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
                last = "still in recovery";
            } catch (SQLException e) {
                last = e.getMessage();
                InspectContainerResponse container = context.docker().inspectContainerCmd(
                        context.resources().container(name)).exec();
                if (!Boolean.TRUE.equals(container.getState().getRunning())) {
                    throw new PoststackException(PoststackException.Kind.FAILED, "service `" + name + "`: the"
                            + " restored server stopped during recovery (exit " + container.getState().getExitCodeLong()
                            + "; `recovery ended before configured recovery target was reached` in its log means the"
                            + " archived WAL does not reach the target); log: "
                            + context.logs().fileOf(name), null);
                }
            }
            Thread.sleep(200);
        }
        throw new PoststackException(PoststackException.Kind.FAILED, "service `" + name + "`: the restored server"
                + " did not finish recovery within " + PROMOTION_TIMEOUT.toMinutes() + " minutes (" + last + ")", null);
    }

    /**
     * The new service of {@code --to}: the service's image, environment (archiving off: a copy never writes into the
     * service's repository), secrets and checks; data volumes of its own ({@code <to>-<volume>}), the service's
     * repositories read through its configuration; random host ports; no aliases.
     */
    static ServiceSpec besideSpec(ServiceSpec service, BackupSpec backup, String to) {
        Map<String, String> env = new LinkedHashMap<>(service.env());
        env.put("POSTGRES_BACKUP_ARCHIVE", "off");
        Map<String, String> volumes = new LinkedHashMap<>();
        service.volumes().forEach((volume, path) -> volumes.put(backup.volumes().contains(volume) ? volume
                : to + "-" + volume, path));
        List<PortSpec> ports = service.ports().stream().map(p -> PortSpec.random(p.containerPort())).toList();
        return new ServiceSpec(to, service.image(), env, service.secrets(), volumes, ports, List.of(), List.of(),
                service.stopTimeout(), service.database(), service.health(), service.verify(), service.location());
    }

    static Manifest withServiceManifest(Manifest manifest, ServiceSpec extra) {
        Map<String, ServiceSpec> services = new LinkedHashMap<>(manifest.services());
        services.put(extra.name(), extra);
        return new Manifest(manifest.file(), manifest.baseDir(), manifest.defaults(), manifest.images(),
                manifest.secrets(), services, manifest.schema());
    }

    private void checkNewName(ServiceSpec service, String to) {
        if (!DNS_LABEL.matcher(to).matches()) {
            throw PoststackException.invalidInput("--to `" + to + "` is not a service name\nfix: use at most 63"
                    + " lowercase letters, digits and `-`, e.g. " + service.name() + "-restored");
        }
        if (context.manifest().services().containsKey(to)) {
            throw PoststackException.invalidInput("--to `" + to + "` is a service of " + context.manifest().file()
                    + "; a restore beside makes a new one\nfix: name a service that does not exist, e.g. "
                    + service.name() + "-restored (or restore `" + to + "` itself, without --to)");
        }
        String container = context.resources().container(to);
        if (runningServices.inspect(container).isPresent()) {
            throw PoststackException.invalidInput("--to `" + to + "`: container " + container + " exists already\nfix:"
                    + " choose another name, or remove it first with `poststack drop-restored " + to + "`");
        }
    }

    /** Another container running on the data volumes (copies restored beside only read the repository). */
    private void checkNotInUse(ServiceSpec service) {
        BackupSpec backup = ServiceBackup.backupOf(service, context.manifest().file());
        tasks.requireUnused(service, java.util.Set.copyOf(backup.volumes()), "so nothing is restored into it",
                "poststack restore");
    }

    private static String tail(TaskResult result) {
        List<String> lines = result.output();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static PoststackException failed(ServiceSpec service, String what) {
        return new PoststackException(PoststackException.Kind.FAILED, "service `" + service.name() + "`: " + what,
                null);
    }
}
