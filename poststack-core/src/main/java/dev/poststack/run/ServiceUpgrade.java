package dev.poststack.run;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.PoststackException;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.api.UpgradeMode;
import dev.poststack.api.UpgradeOptions;
import dev.poststack.api.UpgradeResult;
import dev.poststack.manifest.DatabaseSpec;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.manifest.UpgradeSpec;
import dev.poststack.upgrade.ClusterInventory;
import dev.poststack.upgrade.ExtensionUpdates;
import dev.poststack.upgrade.UpgradePlan;
import dev.poststack.upgrade.VolumeFacts;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code upgrade --to N}: a database service's data moved to the major its {@code image:} runs, with pg_upgrade in a
 * task container of {@code database.upgrade.image} (both majors' binaries) on the service's volume. Everything that
 * can be checked is checked while the old server still runs ({@link UpgradePlan}); then the service stops, the new
 * cluster is made beside the old one on the same volume and swapped in, and the old one is kept aside (the restore's
 * stage, {@code .poststack-restore/old}) until the new server passed the service's health and verify checks. When the
 * upgrade fails the old data is in place and the service runs on the old image again; when the new server fails its
 * checks, the old data is put back too, except after {@code --link}, where the old cluster must not start once the new
 * one has run, so both are left for a person to decide.
 */
final class ServiceUpgrade {

    /** Exit code of {@code poststack-upgrade run} when {@code pg_upgrade --check} refused (nothing changed). */
    private static final int CHECK_REFUSED = 3;

    private final RunContext context;
    private final ServicePlans plans;
    private final VolumeTask tasks;
    private final ContainerRunner runner;
    private final Function<ServiceSpec, ContainerRunner> withService;

    ServiceUpgrade(RunContext context, ServicePlans plans, VolumeTask tasks, ContainerRunner runner,
                   Function<ServiceSpec, ContainerRunner> withService) {
        this.context = context;
        this.plans = plans;
        this.tasks = tasks;
        this.runner = runner;
        this.withService = withService;
    }

    UpgradeResult upgrade(String serviceName, UpgradeOptions options, Consumer<String> progress)
            throws InterruptedException {
        ServiceSpec service = ServicePlans.service(context.manifest(), serviceName);
        UpgradeSpec spec = upgradeOf(service);
        ContainerPlan plan = plans.plan(service);
        ServiceSpec old = withImage(service, spec.fromImage());
        ContainerPlan taskPlan = plans.plan(withImage(service, spec.taskImage()));
        try (ContainerRunner oldRunner = withService.apply(old)) {
            return upgrade(service, spec, plan, old, taskPlan, oldRunner, options, progress);
        }
    }

    private UpgradeResult upgrade(ServiceSpec service, UpgradeSpec spec, ContainerPlan plan, ServiceSpec old,
                                  ContainerPlan taskPlan, ContainerRunner oldRunner, UpgradeOptions options,
                                  Consumer<String> progress) throws InterruptedException {
        String serviceName = service.name();
        UpgradePlan.Image image = new UpgradePlan.Image(service.image(), major(plan));
        UpgradePlan.Image fromImage = new UpgradePlan.Image(spec.fromImage(), major(plans.plan(old)));

        progress.accept(serviceName + ": inspecting its data volume (poststack-upgrade inspect)");
        TaskResult inspected = tasks.run("upgrade-inspect", taskPlan, List.of("poststack-upgrade", "inspect"),
                line -> { });
        if (inspected.exitCode() != 0) {
            throw failed(service, "inspecting its volume failed (exit " + inspected.exitCode() + "):\n" + tail(inspected));
        }
        VolumeFacts facts = VolumeFacts.parse(inspected.stdout());
        List<ClusterInventory.Installed> extensions = new ArrayList<>();
        List<ClusterInventory.OidColumn> oidColumns = new ArrayList<>();
        boolean wasRunning = isRunning(serviceName);
        if (facts.version().filter(v -> v < options.toMajor()).isPresent()) {
            if (!wasRunning) {
                progress.accept(serviceName + ": starting it on " + spec.fromImage() + " to list its extensions");
                oldRunner.up(List.of(serviceName));
            }
            inventory(oldRunner.running(serviceName).database().orElseThrow(), extensions, oidColumns);
        }
        UpgradePlan upgrade = UpgradePlan.check(new UpgradePlan.Inputs(serviceName, image, fromImage, facts,
                extensions, oidColumns), options);

        progress.accept(serviceName + ": stopping PostgreSQL " + upgrade.fromMajor() + " for the upgrade");
        Instant stopped = context.clock().instant();
        runner.stop(List.of(serviceName));
        tasks.requireUnused(service, java.util.Set.of(), "so it is not upgraded", "poststack upgrade");
        progress.accept(serviceName + ": pg_upgrade --" + upgrade.mode().text() + " to PostgreSQL " + upgrade.toMajor()
                + "; the old cluster is kept aside on its volume");
        TaskResult ran = tasks.run("upgrade", taskPlan, List.of("poststack-upgrade", "run", upgrade.mode().text()),
                progress);
        Duration upgradeTook = Duration.between(stopped, context.clock().instant());
        if (ran.exitCode() != 0) {
            oldRunner.up(List.of(serviceName));
            String what = ran.exitCode() == CHECK_REFUSED ? "pg_upgrade --check refused the upgrade"
                    : "pg_upgrade failed (exit " + ran.exitCode() + ")";
            throw failed(service, what + ":\n" + tail(ran) + "\nthe old data is in place and runs on PostgreSQL "
                    + upgrade.fromMajor() + " again\nfix: see pg_upgrade's message above (log: " + ran.log() + ")");
        }
        return startNew(service, upgrade, taskPlan, oldRunner, stopped, upgradeTook, progress);
    }

    private UpgradeResult startNew(ServiceSpec service, UpgradePlan upgrade, ContainerPlan taskPlan,
                                   ContainerRunner oldRunner, Instant stopped, Duration upgradeTook,
                                   Consumer<String> progress) throws InterruptedException {
        String name = service.name();
        ServiceOutcome outcome;
        DatabaseAccess access;
        try {
            outcome = runner.up(List.of(name)).stream().filter(o -> o.service().equals(name)).findFirst().orElseThrow();
            access = runner.running(name).database().orElseThrow();
        } catch (RuntimeException | InterruptedException e) {
            ContainerRemoval.uninterruptibly(() -> runner.stop(List.of(name)));
            if (upgrade.mode() == UpgradeMode.LINK) {
                throw failed(service, "the upgraded server did not pass its checks: " + e.getMessage() + "\nafter"
                        + " --link the old cluster shares its files with the new one, which has run, so it is not"
                        + " started again: the new data is in the volume's root, the old in .poststack-restore/old"
                        + "\nfix: find the cause in `poststack logs " + name + "` and run `poststack up " + name
                        + "`; or go back to a backup (`poststack restore`)");
            }
            TaskResult back = tasks.run("upgrade-put-back", taskPlan, List.of("poststack-upgrade", "put-back"),
                    progress);
            if (back.exitCode() != 0) {
                throw failed(service, "the upgraded server failed: " + e.getMessage() + "\nand putting the old data"
                        + " back failed too:\n" + tail(back) + "\nfix: the old data is in .poststack-restore/old on"
                        + " the service's volume; move it back by hand");
            }
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            oldRunner.up(List.of(name));
            throw failed(service, "the upgraded server did not pass its checks, so the old data was put back and runs"
                    + " on PostgreSQL " + upgrade.fromMajor() + " again:\n" + e.getMessage());
        }
        Duration downtime = Duration.between(stopped, context.clock().instant());
        tasks.run("upgrade-discard", taskPlan, List.of("poststack-upgrade", "discard"), line -> { });
        progress.accept(name + ": PostgreSQL " + upgrade.toMajor() + " passed its checks; the old cluster was removed");
        List<String> updated = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        updateExtensions(service, access, updated, kept);
        updated.forEach(u -> progress.accept(name + ": ALTER EXTENSION UPDATE " + u));
        kept.forEach(k -> progress.accept(name + ": extension kept at its version: " + k));
        Duration statistics = rebuildStatistics(service, progress);
        return new UpgradeResult(name, upgrade.fromMajor(), upgrade.toMajor(), upgrade.mode(), upgradeTook, downtime,
                outcome.checks().size(), updated, kept, statistics, access);
    }

    /**
     * pg_upgrade of PostgreSQL 18 carries the optimizer's statistics; what it cannot carry (extended statistics) is
     * gathered by vacuumdb's {@code --missing-stats-only}, in stages so the first rough statistics come at once.
     */
    private Duration rebuildStatistics(ServiceSpec service, Consumer<String> progress) throws InterruptedException {
        Instant began = context.clock().instant();
        String user = service.env().getOrDefault("POSTGRES_USER", "postgres");
        ServiceBackup.LineOutput out = new ServiceBackup.LineOutput(line -> { });
        progress.accept(service.name() + ": vacuumdb --all --analyze-in-stages --missing-stats-only");
        int code = ServiceExec.run(context.docker(), runner.running(service.name()).containerId(), Optional.of("postgres"),
                List.of("vacuumdb", "--all", "--analyze-in-stages", "--missing-stats-only", "--username=" + user),
                Optional.empty(), out, out, Optional.empty());
        if (code != 0) {
            throw failed(service, "upgraded to the new major and its checks passed, but rebuilding the statistics"
                    + " failed (exit " + code + "):\n" + out.tail() + "\nfix: run `poststack exec " + service.name()
                    + " -- vacuumdb --all --analyze-in-stages --missing-stats-only` once the cause is fixed");
        }
        return Duration.between(began, context.clock().instant());
    }

    private void inventory(DatabaseAccess access, List<ClusterInventory.Installed> extensions,
                           List<ClusterInventory.OidColumn> oidColumns) {
        try (Connection c = connect(access)) {
            for (String database : ClusterInventory.databases(c)) {
                try (Connection db = connect(access.withDatabase(database))) {
                    extensions.addAll(ClusterInventory.extensions(db, database));
                    oidColumns.addAll(ClusterInventory.oidColumns(db, database));
                }
            }
        } catch (SQLException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, "service `" + access.service() + "`: cannot"
                    + " list its databases' extensions before the upgrade: " + e.getMessage(), e);
        }
    }

    private void updateExtensions(ServiceSpec service, DatabaseAccess access, List<String> updated, List<String> kept) {
        try (Connection c = connect(access)) {
            for (String database : ClusterInventory.databases(c)) {
                try (Connection db = connect(access.withDatabase(database))) {
                    ExtensionUpdates.Outcome outcome = ExtensionUpdates.run(db, database);
                    updated.addAll(outcome.updated());
                    kept.addAll(outcome.kept());
                }
            }
        } catch (SQLException e) {
            kept.add("(not looked at: " + e.getMessage() + ")");
        }
    }

    private static Connection connect(DatabaseAccess access) throws SQLException {
        return DriverManager.getConnection(access.jdbcUrl(), access.user(), access.password());
    }

    /** The major an image runs: its {@code PG_MAJOR}, which poststack's PostgreSQL images set. */
    private Optional<Integer> major(ContainerPlan plan) {
        String[] env = context.docker().inspectImageCmd(plan.image().id()).exec().getConfig().getEnv();
        if (env == null) {
            return Optional.empty();
        }
        for (String e : env) {
            if (e.startsWith("PG_MAJOR=")) {
                try {
                    return Optional.of(Integer.parseInt(e.substring("PG_MAJOR=".length()).strip()));
                } catch (NumberFormatException notANumber) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private boolean isRunning(String serviceName) {
        try {
            InspectContainerResponse c = context.docker().inspectContainerCmd(context.resources().container(serviceName))
                    .exec();
            return Boolean.TRUE.equals(c.getState().getRunning());
        } catch (com.github.dockerjava.api.exception.NotFoundException none) {
            return false;
        }
    }

    /** The service as it runs on another image (the old major's, or the upgrade task's). */
    static ServiceSpec withImage(ServiceSpec s, String image) {
        return new ServiceSpec(s.name(), image, s.env(), s.secrets(), s.volumes(), s.ports(), s.aliases(), s.dependsOn(),
                s.stopTimeout(), s.database(), s.health(), s.verify(), s.location());
    }

    private static UpgradeSpec upgradeOf(ServiceSpec service) {
        DatabaseSpec database = service.database().orElseThrow(() -> PoststackException.invalidInput("service `"
                + service.name() + "` is not a database service (no `database:`), so there is nothing to upgrade"));
        return database.upgrade().orElseThrow(() -> PoststackException.invalidInput("service `" + service.name()
                + "` has no `database.upgrade`\nfix: declare the new major's image as the service's `image:`, and the"
                + " old one with the upgrade image, e.g.\n    images:\n      postgres: {catalog: postgres}\n"
                + "      postgres18: {catalog: postgres18}\n      postgres-upgrade: {catalog: postgres-upgrade}\n"
                + "    services:\n      " + service.name() + ":\n        image: postgres18\n        database:\n"
                + "          upgrade: {from: postgres, image: postgres-upgrade}\nthen `poststack build-images` and"
                + " `poststack upgrade --to 18`"));
    }

    private static String tail(TaskResult result) {
        return String.join("\n", result.tail(25));
    }

    private static PoststackException failed(ServiceSpec service, String what) {
        return new PoststackException(PoststackException.Kind.FAILED, "service `" + service.name() + "`: " + what,
                null);
    }
}
