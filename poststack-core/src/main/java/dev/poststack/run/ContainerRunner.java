package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.poststack.api.BackupSet;
import dev.poststack.api.BackupType;
import dev.poststack.api.CheckResult;
import dev.poststack.api.RestoreOptions;
import dev.poststack.api.RestoreResult;
import dev.poststack.api.UpgradeOptions;
import dev.poststack.api.UpgradeResult;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.LogReport;
import dev.poststack.api.PasswordResetResult;
import dev.poststack.api.PoststackException;
import dev.poststack.api.RunListener;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.api.ServiceStatus;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.secret.PoststackFolder;
import dev.poststack.secret.SecretStore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Starts a manifest's services in dependency order on the project's own network, proves each one with its
 * health and side-effect checks before the next starts, and stops and removes them again. The entry the
 * facade uses; each job is a class of its own ({@link ServiceUp}, {@link ServiceStarter},
 * {@link ServiceChecks}, {@link ProjectStatus}, {@link ProjectDown}, {@link TaskRunner}, {@link Ownership},
 * ...), all sharing one {@link RunContext}.
 * <ul>
 *   <li>A running container created from the same image, configuration and secrets is kept ({@code REUSED});
 *       any other container of the service is replaced. Named volumes are kept unless removed on request.</li>
 *   <li>Everything it creates carries poststack's labels, so leftovers of an interrupted or crashed run are
 *       found (by {@link #up}, which replaces them, and by {@link #down}, which removes them), and the
 *       checkout that made it: another checkout's containers and volumes are not stopped, replaced or deleted
 *       unless {@link #allowTakeOver take-over} was asked for.</li>
 *   <li>When a service fails, or the run is interrupted, the containers this run created are removed again:
 *       what runs afterwards is what ran, healthy, before.</li>
 * </ul>
 */
public final class ContainerRunner implements AutoCloseable {

    private final RunContext context;
    private final ServicePlans plans;
    private final RunningServices runningServices;
    private final ServiceStarter starter;
    private final ServiceChecks checks;
    private final Ownership ownership;
    private final ServiceUp serviceUp;
    private final ProjectStatus projectStatus;
    private final ProjectDown projectDown;
    private final TaskRunner tasks;
    private final ServiceRestart restart;
    private final PasswordReset passwordReset;
    private final ServiceBackup backups;
    private final ServiceRestore restores;
    private final ServiceLogReport logReports;
    private final ServiceUpgrade upgrades;
    private final ProjectIdentity identity;
    private final ServiceChecker checker;
    private final Path logsDir;
    /** Runners of services made beside the manifest's (restore --to, upgrade), closed with this one. */
    private final List<ContainerRunner> besides = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param project names the project's containers, network and volumes (see {@link #projectName})
     */
    public ContainerRunner(Manifest manifest, String project, DockerClient docker, SecretStore secrets,
                           ServiceChecker checker, RunListener listener, Path logsDir, Clock clock) {
        this(manifest, ProjectIdentity.of(manifest, Optional.of(project), Map.of()), docker, secrets, checker,
                listener, logsDir, clock);
    }

    /** @param identity the project's name and this checkout, as {@link #identity} resolved them */
    public ContainerRunner(Manifest manifest, ProjectIdentity identity, DockerClient docker, SecretStore secrets,
                           ServiceChecker checker, RunListener listener, Path logsDir, Clock clock) {
        this.context = new RunContext(manifest, docker, secrets, listener, clock, Resources.of(identity),
                new ContainerLogs(docker, logsDir.resolve("containers")),
                new ImageOwners(PoststackFolder.of(manifest.baseDir())));
        this.plans = new ServicePlans(context);
        this.runningServices = new RunningServices(context);
        NetworkAndVolumes networkAndVolumes = new NetworkAndVolumes(context);
        ContainerRemoval removal = new ContainerRemoval(context);
        this.starter = new ServiceStarter(context, networkAndVolumes, runningServices);
        this.checks = new ServiceChecks(context, checker);
        this.ownership = new Ownership(context);
        this.serviceUp = new ServiceUp(context, plans, runningServices, networkAndVolumes, starter, checks, removal,
                ownership);
        this.projectStatus = new ProjectStatus(context, plans, runningServices);
        this.projectDown = new ProjectDown(context, removal, networkAndVolumes, ownership);
        this.tasks = new TaskRunner(context, networkAndVolumes, removal);
        this.restart = new ServiceRestart(context, runningServices, starter, checks, ownership);
        this.passwordReset = new PasswordReset(context, plans, runningServices, starter, ownership);
        VolumeTask volumeTasks = new VolumeTask(context, starter);
        this.backups = new ServiceBackup(context, plans, runningServices, volumeTasks);
        this.logReports = new ServiceLogReport(context, plans, runningServices, new FileTask(context, removal), logsDir);
        this.identity = identity;
        this.checker = checker;
        this.logsDir = logsDir;
        Function<ServiceSpec, ContainerRunner> withService = copy -> {
            ContainerRunner runner = new ContainerRunner(ServiceRestore.withServiceManifest(manifest, copy), identity,
                    docker, secrets, checker, listener, logsDir, clock).allowTakeOver(false);
            besides.add(runner);
            return runner;
        };
        this.restores = new ServiceRestore(context, plans, runningServices, backups, volumeTasks, networkAndVolumes,
                this, withService);
        this.upgrades = new ServiceUpgrade(context, plans, volumeTasks, this, withService);
    }

    /**
     * The project name: {@code override} when given, else {@code POSTSTACK_PROJECT} from the environment,
     * else {@code defaults.project}, else one that follows the checkout (see {@link ProjectIdentity}).
     */
    public static String projectName(Manifest manifest, Optional<String> override, Map<String, String> environment) {
        return ProjectIdentity.of(manifest, override, environment).name();
    }

    /**
     * The project's identity as {@link ProjectIdentity#of} resolves it, except that a checkout that ran
     * poststack before names took the checkout into account keeps the stack it made then, when that stack's
     * container holds this checkout's secrets (see {@link LegacyProject}); that needs the engine.
     */
    public static ProjectIdentity identity(Manifest manifest, Optional<String> override,
                                           Map<String, String> environment, DockerClient docker,
                                           SecretStore secrets) {
        return LegacyProject.adoptIfOwned(docker, ProjectIdentity.of(manifest, override, environment), manifest,
                secrets);
    }

    /**
     * With {@code true}, {@code up} and {@code down} also stop, replace and delete containers and volumes
     * another checkout made under the same project name (by default they refuse, saying whose they are).
     */
    public ContainerRunner allowTakeOver(boolean takeOver) {
        ownership.allowTakeOver(takeOver);
        return this;
    }

    /**
     * Removes every container, network and volume of the projects {@code abandoned} accepts (test stacks of
     * JVMs that died without cleaning up), found by label.
     *
     * @return the projects removed
     */
    public static Set<String> removeProjects(DockerClient docker, Predicate<String> abandoned) {
        return Leftovers.remove(docker, abandoned);
    }

    /**
     * Runs a service's health and side-effect checks against a container something else started (for
     * example Testcontainers), given its published ports: none for a container that already died, whose checks
     * then report its exit (as for the runner's own containers, {@link RunningServices#of}).
     */
    public List<CheckResult> check(String serviceName, String containerId, Map<Integer, Integer> ports)
            throws InterruptedException {
        RunningService running = new RunningService(serviceName, containerId, ports,
                ports.isEmpty() ? Optional.empty() : runningServices.databaseOf(serviceName, ports),
                context.clock().instant());
        return checks.run(running);
    }

    /**
     * Starts (or keeps) the requested services and their dependencies, each proved by its checks before the
     * next one starts.
     *
     * @throws PoststackException   {@code FAILED} with the failing check's whole story; the containers this
     *                              call created are removed again. Also {@code FAILED}, before anything is
     *                              stopped or started, when a container to replace belongs to another
     *                              checkout, or a data volume was initialised with another password
     * @throws InterruptedException likewise cleaned up
     */
    public List<ServiceOutcome> up(List<String> requested) throws InterruptedException {
        return serviceUp.up(requested);
    }

    /**
     * As {@link #up(List)}, except that a running current container not started since {@code verifiedAt} (when
     * its verify checks last passed) is kept after its health checks alone.
     */
    public List<ServiceOutcome> up(List<String> requested, java.time.Instant verifiedAt) throws InterruptedException {
        return serviceUp.up(requested, Optional.of(verifiedAt));
    }

    /** How to reach a service's database, given its container's published ports. */
    public Optional<DatabaseAccess> databaseOf(String serviceName, Map<Integer, Integer> ports) {
        return runningServices.databaseOf(serviceName, ports);
    }

    /** Copies a service's secrets into its created, not yet started container. */
    public void placeSecrets(String serviceName, String containerId) {
        ServiceSpec service = service(serviceName);
        if (service.secrets().isEmpty() && TlsFiles.of(service).isEmpty()) {
            return; // Nothing to place: no image inspect either.
        }
        starter.placeSecrets(service, containerId, plans.plan(service).image());
    }

    /**
     * Runs a running service's health and side-effect checks again, without starting or replacing
     * anything: what {@code verify-db} does.
     *
     * @throws PoststackException {@code FAILED} when the service has no running container
     */
    public List<CheckResult> verify(String serviceName) throws InterruptedException {
        return checks.run(running(serviceName));
    }

    /**
     * The running service as checks and tests see it: its ports and, for a database, how to connect.
     *
     * @throws PoststackException {@code FAILED} when it has no running container
     */
    public RunningService running(String serviceName) {
        return runningServices.running(serviceName);
    }

    private ServiceSpec service(String name) {
        return service(context.manifest(), name);
    }

    /**
     * The service {@code manifest} declares as {@code name}.
     *
     * @throws PoststackException {@code INVALID_INPUT} naming the services it declares
     */
    public static ServiceSpec service(Manifest manifest, String name) {
        return ServicePlans.service(manifest, name);
    }

    /** What the engine shows of each declared service now. */
    public List<ServiceStatus> status() {
        return projectStatus.status();
    }

    /**
     * Stops and removes every container of the project (dependents first), then its network; with
     * {@code volumes}, its named volumes too. Finds leftovers of crashed runs by their labels.
     *
     * @return the services whose containers were removed
     * @throws PoststackException {@code FAILED}, removing nothing, when some of them belong to another
     *                            checkout and take-over was not allowed
     */
    public List<String> down(boolean volumes) {
        return projectDown.down(volumes);
    }

    /**
     * Restarts the containers of {@code requested} (all services when empty), in dependency order: each is
     * stopped (SIGTERM, its stop timeout, SIGKILL) and started again, the same container with its volumes and
     * secrets, then proved by its checks, as {@code up} does.
     *
     * @throws PoststackException {@code FAILED} for a service without a container or whose checks fail
     *                            (its container is kept, as it was before), or one of another checkout
     */
    public List<ServiceOutcome> restart(List<String> requested) throws InterruptedException {
        return restart.restart(requested);
    }

    /**
     * Sets the passwords of a database service's cluster (its superuser's, and the schema owner's when the schema
     * runs on it) to this checkout's secrets, without the old ones: in its running container, or in a temporary
     * server on its volumes. Its volumes then record the new superuser password, so {@code up} accepts them.
     *
     * @throws PoststackException {@code INVALID_INPUT} for a service without a database or volume, {@code FAILED}
     *                            when its volume or cluster does not exist, belongs to another checkout (without
     *                            take-over), or the server refuses; nothing is changed then
     */
    public PasswordResetResult resetPassword(String serviceName, Consumer<String> progress)
            throws InterruptedException {
        return passwordReset.reset(serviceName, progress);
    }

    /**
     * Runs {@code command} in a service's running container, its output streamed to {@code out} and {@code err}.
     *
     * @return the command's exit code
     * @throws PoststackException {@code FAILED} when the service is not running
     */
    public int exec(String serviceName, List<String> command, OutputStream out, OutputStream err)
            throws InterruptedException {
        return ServiceExec.run(context.docker(), running(serviceName).containerId(), command, out, err);
    }

    /** Stops and removes the containers of {@code services} (dependents first); volumes are kept. */
    public void stop(List<String> services) {
        projectDown.stop(services);
    }

    /**
     * Copies a service's container output to {@code out}; with {@code follow}, until the container stops or
     * the thread is interrupted.
     */
    public void logs(String serviceName, boolean follow, OutputStream out) throws InterruptedException {
        service(serviceName);
        InspectContainerResponse container = runningServices.inspect(context.resources().container(serviceName))
                .orElseThrow(() -> new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName
                        + "` has no container\nfix: start it with `poststack up " + serviceName + "`", null));
        var stream = ContainerLogs.stream(context.docker(), container.getId(), follow, out);
        try {
            stream.awaitCompletion();
        } finally {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Nothing to keep.
            }
        }
    }

    /**
     * Turns a database service's server log (its container's output) into pgBadger's HTML report at {@code html},
     * pgBadger running in a container of the manifest's {@code pgbadger} image without network or volume; with
     * {@code since}, only the lines written from then on.
     *
     * @throws PoststackException {@code INVALID_INPUT} for an unknown service, one without {@code database:}, or a
     *                            manifest without the image; {@code FAILED} when the image is not built, the service
     *                            has no container or no log line pgBadger reads, or pgBadger fails
     */
    public LogReport logReport(String serviceName, Path html, Optional<java.time.Instant> since,
                               Consumer<String> progress) throws InterruptedException {
        return logReports.report(serviceName, html, since, progress);
    }

    /**
     * Checks, without the engine, that {@code log-report} can read {@code serviceName}: a service of the manifest
     * with a {@code database:} block.
     *
     * @throws PoststackException {@code INVALID_INPUT} otherwise, naming the database services
     */
    public static void checkLogReportService(Manifest manifest, String serviceName) {
        ServiceLogReport.databaseService(manifest, serviceName);
    }

    /** The image a reference names, when the engine has it. */
    public Optional<LocalImage> image(String reference) {
        return plans.image(reference);
    }

    /**
     * Runs a one-off container of {@code image} on the project's network (for example Liquibase
     * against the database service) and waits for it to exit. {@code secretFiles} are placed at
     * {@code /run/secrets/<name>} before it starts, readable by the image's user only, so credentials never
     * appear on its command line or in {@code docker inspect}. The container is removed afterwards, also
     * when interrupted; its output is kept in {@code logs/containers/<task>.log}.
     *
     * @param task     a name for logs and labels, e.g. {@code liquibase-update}
     * @param image    the container is created from its id; its user owns the secret files
     * @param onOutput receives each output line as it is written
     */
    public TaskResult runTask(String task, LocalImage image, List<String> command, Map<String, String> secretFiles,
                              Consumer<String> onOutput) throws InterruptedException {
        return tasks.run(task, image, command, secretFiles, onOutput);
    }

    /**
     * Makes a pgBackRest backup of a running database service with {@code database.backup}; pgBackRest's expire
     * then applies the manifest's retention.
     *
     * @return the backup made
     * @throws PoststackException {@code INVALID_INPUT} without {@code database.backup}; {@code FAILED} when the
     *                            service is not running or pgBackRest fails (its output in the message)
     */
    public BackupSet backup(String serviceName, BackupType type, Consumer<String> progress) throws InterruptedException {
        return backups.backup(serviceName, type, progress);
    }

    /** The backups in a service's repository, oldest first (from its running container, or from its volumes). */
    public List<BackupSet> backups(String serviceName) throws InterruptedException {
        return backups.list(serviceName);
    }

    /**
     * Restores a service's backup into its data volume, or beside it ({@link RestoreOptions#to}); see
     * {@link ServiceRestore}.
     *
     * @throws PoststackException {@code INVALID_INPUT} for what the repository cannot give (no backup, an unknown
     *                            set, a target outside the backups and archived WAL), before anything is stopped;
     *                            {@code FAILED} when the restore or the restored server fails, the old data put back
     */
    public RestoreResult restore(String serviceName, RestoreOptions options, Consumer<String> progress)
            throws InterruptedException {
        return restores.restore(serviceName, options, progress);
    }

    /**
     * Moves a database service's data to the major its {@code image:} runs with pg_upgrade; see {@link ServiceUpgrade}.
     *
     * @throws PoststackException {@code INVALID_INPUT} when it is refused (no {@code database.upgrade}, already on
     *                            that major, extensions the new major lacks, ...), before anything is stopped;
     *                            {@code FAILED} when pg_upgrade or the new server fails (the old data put back)
     */
    public UpgradeResult upgrade(String serviceName, UpgradeOptions options, Consumer<String> progress)
            throws InterruptedException {
        return upgrades.upgrade(serviceName, options, progress);
    }

    /** Removes the service {@code restore --to copy} made beside {@code serviceName}: its container and data volume. */
    public void removeRestored(String serviceName, String copy) {
        restores.removeBeside(service(serviceName), copy);
    }

    /**
     * Stops copying container output into {@code logs/containers/} (also of the services a restore or upgrade made
     * beside the manifest's); containers keep running. Before the engine connection closes: a copy still
     * following a container when its connection goes reports the cut stream as an error.
     */
    @Override
    public void close() {
        besides.forEach(ContainerRunner::close);
        besides.clear();
        context.logs().close();
    }
}
