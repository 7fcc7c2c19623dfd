package dev.poststack;

import com.github.dockerjava.api.DockerClient;
import dev.poststack.api.Backend;
import dev.poststack.api.BackupSet;
import dev.poststack.api.BackupType;
import dev.poststack.api.DrillResult;
import dev.poststack.api.RestoreOptions;
import dev.poststack.api.RestoreResult;
import dev.poststack.api.UpgradeOptions;
import dev.poststack.api.UpgradeResult;
import dev.poststack.backup.RestoreDrill;
import dev.poststack.api.BuildListener;
import dev.poststack.api.BuildOptions;
import dev.poststack.api.BuildResult;
import dev.poststack.api.CheckResult;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.ExportResult;
import dev.poststack.api.LogReport;
import dev.poststack.api.PasswordResetResult;
import dev.poststack.api.PoststackException;
import dev.poststack.api.RunListener;
import dev.poststack.api.SchemaOptions;
import dev.poststack.api.SchemaResult;
import dev.poststack.api.SchemaStatus;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.api.ServiceSettings;
import dev.poststack.api.ServiceStatus;
import dev.poststack.check.DriverWarmup;
import dev.poststack.check.CheckRunner;
import dev.poststack.check.CheckTarget;
import dev.poststack.kubernetes.ClusterImages;
import dev.poststack.kubernetes.KubernetesExport;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.run.ContainerRunner;
import dev.poststack.run.ProjectIdentity;
import dev.poststack.run.ServiceChecker;
import dev.poststack.run.ServiceOrder;
import dev.poststack.schema.SchemaRunner;
import dev.poststack.secret.PoststackFolder;
import dev.poststack.secret.SecretStore;
import dev.poststack.build.BuildBackend;
import dev.poststack.build.BuildGraph;
import dev.poststack.build.BuildFailure;
import dev.poststack.build.BuildRunner;
import dev.poststack.build.ImagePusher;
import dev.poststack.build.registry.EnginePush;
import dev.poststack.build.registry.ExternalBases;
import dev.poststack.build.registry.RegistryAccess;
import dev.poststack.build.registry.RegistryCredentials;
import dev.poststack.build.registry.RegistryTrust;
import dev.poststack.manifest.ImageReferences;
import dev.poststack.build.dockerfile.DockerfileBackend;
import dev.poststack.build.jib.JibBackend;
import dev.poststack.build.rootfs.RootfsBackend;
import dev.poststack.engine.EarlyEngine;
import dev.poststack.engine.Engine;
import dev.poststack.engine.EngineUnavailableException;
import dev.poststack.engine.Labels;
import dev.poststack.manifest.DockerfileSpec;
import dev.poststack.manifest.ImageSpec;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.ManifestException;
import dev.poststack.manifest.DeclaredNames;
import dev.poststack.manifest.ManifestLoader;
import dev.poststack.manifest.ManifestTree;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * poststack's entry point: open a manifest, then build its images.
 * <pre>{@code
 * try (Poststack poststack = Poststack.open(Path.of("images.yaml"))) {
 *     BuildResult result = poststack.buildImages(BuildOptions.defaults(), System.out::println,
 *             image -> Path.of("logs", image + ".log"));
 * }
 * }</pre>
 * The engine is connected on first use and kept, for builds and services alike, until {@link #close()}.
 * Failures poststack can explain are {@link PoststackException}s whose message says what to fix.
 */
public final class Poststack implements AutoCloseable {

    private final Manifest manifest;
    private final SecretStore secrets;
    private final Optional<String> project;
    /** The project's name and checkout, resolved once (it may look at the engine for an older stack). */
    private ProjectIdentity identity;
    private boolean takeOver;
    /** The engine of every operation (builds, services, cleanup), connected once and closed by {@link #close()}. */
    private Engine engine;
    private final List<ContainerRunner> runners = new ArrayList<>();
    private ContainerRunner quietRunner;
    /** A client set up in the background while the manifest was read; taken by {@link #engine()}. */
    private CompletableFuture<Engine> preparedEngine;

    private Poststack(Manifest manifest, CompletableFuture<Engine> preparedEngine, Optional<String> project) {
        this.manifest = manifest;
        this.project = project;
        this.preparedEngine = preparedEngine;
        this.secrets = SecretStore.forProject(manifest.baseDir(), manifest.secrets());
    }

    /**
     * This manifest as project {@code projectName}, without reading it again; this instance's engine connection
     * moves to the returned one (this one connects anew if it is used again). For a caller that learns the
     * project's name from the engine, as a kept test stack does from its images' ids.
     */
    public Poststack withProject(String projectName) {
        return movedTo(manifest, Optional.of(projectName));
    }

    /**
     * This manifest with every database service's data held in memory (tmpfs owned by its image's user) instead
     * of on its named volumes, without reading it again; the engine connection moves as with {@link
     * #withProject}. For test stacks: copies and drops of databases cost a fraction there (on a disk file
     * creation and removal dominate them), and the data goes with the container, which a test stack never
     * needs to outlive. A container of such a service that was restarted has lost its data, so it is replaced,
     * never reused.
     */
    public Poststack withDatabasesInMemory() {
        return movedTo(manifest.withDatabasesInMemory(), project);
    }

    /** A new instance of {@code other} as {@code otherProject}, taking this one's engine connection with it. */
    private synchronized Poststack movedTo(Manifest other, Optional<String> otherProject) {
        Poststack moved = new Poststack(other, preparedEngine, otherProject);
        moved.engine = engine;
        preparedEngine = null;
        engine = null;
        return moved;
    }

    /**
     * Reads and validates a manifest.
     *
     * @throws PoststackException of kind {@code INVALID_INPUT} listing every problem with file:line:column
     */
    public static Poststack open(Path manifestFile) {
        return open(manifestFile, Optional.empty());
    }

    /**
     * Reads and validates a manifest; its services run as project {@code projectName} (containers, network
     * and volumes named after it) instead of the manifest's namespace. Test suites use this to keep their
     * stack apart from the user's.
     */
    public static Poststack open(Path manifestFile, String projectName) {
        return open(manifestFile, Optional.of(projectName));
    }

    /**
     * Starts, on daemon threads, what the next {@link #open} needs first and a cold JVM is slow at: the engine
     * connection (taken by that open; contacting the engine, creating nothing) and the database driver. For a
     * caller that knows early it will open a manifest, e.g. a test run while its test framework starts.
     */
    public static void prepare() {
        EarlyEngine.start();
        DriverWarmup.startInBackground();
    }

    private static Poststack open(Path manifestFile, Optional<String> project) {
        // Setting up the engine client and asking it to answer overlaps reading and validating the manifest
        // (or is done already: a test run starts it while the test framework starts).
        CompletableFuture<Engine> engine = EarlyEngine.take();
        try {
            return new Poststack(ManifestLoader.load(manifestFile), engine, project);
        } catch (ManifestException e) {
            engine.thenAccept(Engine::close); // an engine that did not answer is closed already
            throw new PoststackException(PoststackException.Kind.INVALID_INPUT, e.getMessage(), e);
        }
    }

    /**
     * The image and service names {@code manifestFile} declares ({@code "images"}, {@code "services"}), read
     * without validating it, so that shell completion works while the manifest is being edited; empty lists for
     * a file that cannot be read.
     */
    public static Map<String, List<String>> declaredNames(Path manifestFile) {
        return DeclaredNames.read(manifestFile);
    }

    /**
     * The folder of poststack's state for the project whose manifest is in {@code projectDir}
     * ({@code .poststack/state/}), created when missing, never seen by git.
     */
    public static Path stateFolder(Path projectDir) throws IOException {
        Path folder = PoststackFolder.of(projectDir);
        PoststackFolder.ignoreInGit(folder);
        return java.nio.file.Files.createDirectories(folder.resolve("state"));
    }

    /** The manifest's image names in declaration order. */
    public List<String> imageNames() {
        return manifest.imageNames();
    }

    /** Image name to its parent's name, in declaration order. */
    public Map<String, Optional<String>> parents() {
        return BuildGraph.of(manifest).parents();
    }

    /**
     * The images a build of {@code targets} (all when empty) involves, parents first.
     *
     * @throws PoststackException {@code INVALID_INPUT} naming unknown images
     */
    public List<String> buildOrder(List<String> targets) {
        try {
            return targets.isEmpty() ? BuildGraph.of(manifest).order()
                    : BuildGraph.of(manifest).closureOf(targets).order();
        } catch (IllegalArgumentException e) {
            throw PoststackException.invalidInput(e.getMessage());
        }
    }

    /** The folder holding the manifest; {@code logs/} is created inside it. */
    public Path projectDir() {
        return manifest.baseDir();
    }

    /**
     * Builds the requested images (all by default) and their ancestors into the local engine.
     *
     * @param logOf where each image's build log is written; named in failure messages
     * @throws PoststackException   {@code INVALID_INPUT} for unknown image names or Dockerfiles naming
     *                              undeclared parents, {@code ENGINE_UNAVAILABLE} when the engine does not
     *                              answer; nothing has been built in either case
     * @throws InterruptedException when interrupted; running builds are cancelled and cleaned up
     */
    public BuildResult buildImages(BuildOptions options, BuildListener listener, Function<String, Path> logOf)
            throws InterruptedException {
        checkBeforeBuilding(options);
        // Kept open: a setup's or test stack's up after the build uses the same client.
        Engine engine = engine();
        Optional<String> pushTo = pushTarget(options);
        RegistryAccess registry = new RegistryAccess(RegistryCredentials.fromEnvironment(System.getenv()));
        trustRegistries(options, pushTo);
        pushTo.ifPresent(target -> checkPushAccess(registry, target, options));
        JibBackend jib = JibBackend.on(engine, options.maven()).withRegistry(registry);
        Map<Backend, BuildBackend> backends = backends(engine, jib);
        EnginePush enginePush = new EnginePush(engine.client(), registry);
        Map<Backend, ImagePusher> pushers = Map.of(Backend.ROOTFS, enginePush, Backend.DOCKERFILE, enginePush,
                Backend.JIB, jib);
        return new BuildRunner(manifest, engine.client(), backends, listener, logOf, Clock.systemUTC())
                .withRegistry(new ExternalBases(engine.client(), registry), pushers, pushTo)
                .run(options);
    }

    private static Map<Backend, BuildBackend> backends(Engine engine, JibBackend jib) {
        return Map.of(Backend.ROOTFS, new RootfsBackend(engine.client()),
                Backend.DOCKERFILE, new DockerfileBackend(engine.client()),
                Backend.JIB, jib);
    }

    /**
     * The ids of {@code images} (all when empty) and their ancestors, parents first, when every one is current
     * in the engine, i.e. a build would find each cached; empty when any would have to be built. Builds,
     * prepares and prints nothing, so it costs a few engine calls: a kept test stack's check that its images are
     * still what the manifest's inputs make ({@link #buildImages} then builds what is missing).
     */
    public Optional<Map<String, String>> currentImages(List<String> images) {
        Engine engine = engine();
        JibBackend jib = JibBackend.on(engine, BuildOptions.defaults().maven());
        return new BuildRunner(manifest, engine.client(), backends(engine, jib), BuildListener.none(),
                name -> manifest.baseDir(), Clock.systemUTC()).current(images);
    }

    /**
     * The registry a pushing build sends to: {@code --registry}, else {@code defaults.registry}.
     *
     * @throws PoststackException {@code INVALID_INPUT} when pushing with no registry or an invalid one
     */
    private Optional<String> pushTarget(BuildOptions options) {
        if (!options.push()) {
            return Optional.empty();
        }
        Optional<String> registry = options.registry().or(() -> manifest.defaults().registry());
        if (registry.isEmpty()) {
            throw PoststackException.invalidInput("no registry to push to: add `registry: host[:port][/path]` under"
                    + " `defaults:` in " + manifest.baseDir().resolve("images.yaml").getFileName()
                    + ", or pass --registry host[:port][/path]");
        }
        ImageReferences.registryProblem(registry.get()).ifPresent(problem -> {
            throw PoststackException.invalidInput("--registry: " + problem
                    + "; name it as host[:port][/path], e.g. 127.0.0.1:5000 or registry.example/team");
        });
        return registry;
    }

    /** poststack's own registry connections trust the CA files the engine trusts for those registries. */
    private void trustRegistries(BuildOptions options, Optional<String> pushTo) {
        Set<String> hosts = new java.util.LinkedHashSet<>();
        pushTo.map(ImageReferences::host).ifPresent(hosts::add);
        buildOrder(options.images()).stream().filter(BuildGraph::isExternal).map(ImageReferences::host)
                .forEach(hosts::add);
        try {
            RegistryTrust.trustEngineCas(hosts);
        } catch (java.io.IOException e) {
            throw PoststackException.invalidInput(e.getMessage());
        }
    }

    /** Credentials are proven before the first image is built, so a wrong password pushes nothing at all. */
    private void checkPushAccess(RegistryAccess registry, String target, BuildOptions options) {
        String host = ImageReferences.host(target);
        String first = buildOrder(options.images()).stream().filter(n -> !BuildGraph.isExternal(n)).findFirst()
                .map(manifest::referenceOf).orElseThrow();
        String repository = (target.length() > host.length() ? target.substring(host.length() + 1) + "/" : "")
                + first.substring(0, first.lastIndexOf(':'));
        try {
            registry.checkPush(host, repository);
        } catch (BuildFailure e) {
            throw new PoststackException(PoststackException.Kind.REGISTRY_REFUSED, e.getMessage(), null);
        }
    }

    /**
     * The name the services' containers, network and volumes are named after: the one given to
     * {@link #open(Path, String)}, else {@code POSTSTACK_PROJECT}, else the manifest's {@code defaults.project},
     * else one that follows the checkout ({@code <namespace>-<hash of the manifest's folder>}); a checkout that
     * made a stack under the old name (the namespace) before keeps it. See the README's "Project names".
     *
     * @throws PoststackException {@code INVALID_INPUT} when it is not a valid name
     */
    public String projectName() {
        return identity().name();
    }

    private synchronized ProjectIdentity identity() {
        if (identity == null) {
            try {
                ProjectIdentity resolved = ProjectIdentity.of(manifest, project, System.getenv());
                // Only a name that follows the checkout may need the engine, to find a stack of the old name.
                identity = resolved.source() == ProjectIdentity.Source.CHECKOUT
                        ? ContainerRunner.identity(manifest, project, System.getenv(), engine().client(), secrets)
                        : resolved;
            } catch (IllegalArgumentException e) {
                throw PoststackException.invalidInput(e.getMessage());
            }
        }
        return identity;
    }

    /**
     * With {@code true}, {@code up}, {@code setup} and {@code down} also stop, replace and delete the containers
     * and volumes another checkout made under this project name; by default they refuse and say whose they are.
     */
    public synchronized Poststack allowTakeOver(boolean takeOver) {
        this.takeOver = takeOver;
        runners.forEach(r -> r.allowTakeOver(takeOver));
        return this;
    }

    /**
     * Runs a service's health and side-effect checks against a container started by something else (the
     * Testcontainers integration), given its published ports (container port to host port on 127.0.0.1).
     */
    public List<CheckResult> check(String service, String containerId, Map<Integer, Integer> ports)
            throws InterruptedException {
        return runner().check(service, containerId, ports);
    }

    /**
     * What a service's container is made of, for tools that start it themselves; labelled as poststack's
     * container of {@code project}, so removing that project's leftovers finds it.
     */
    public ServiceSettings serviceSettings(String service, String project) {
        ServiceSpec spec = ContainerRunner.service(manifest, service);
        return new ServiceSettings(service, manifest.referenceOf(spec.image()), spec.env(),
                spec.ports().stream().map(p -> p.containerPort()).toList(),
                Map.of(Labels.MANAGED, "true", Labels.PROJECT, project, Labels.SERVICE, service));
    }

    /**
     * Copies a service's secrets into a created, not yet started container at {@code /run/secrets/<name>},
     * readable by the image's user only: what {@code up} does, for containers started by other tools.
     */
    public void placeSecrets(String service, String containerId) {
        runner().placeSecrets(service, containerId);
    }

    /**
     * Removes every container, network and volume of the projects {@code abandoned} accepts, found by label:
     * how a test suite cleans up after a JVM that was killed.
     *
     * @return the projects removed
     */
    public Set<String> removeProjects(java.util.function.Predicate<String> abandoned) {
        return ContainerRunner.removeProjects(engine().client(), abandoned);
    }

    /**
     * The images that running {@code services} (all when empty) and their dependencies need, plus, with
     * {@code schema}, the schema's image when the manifest has one.
     */
    public List<String> imagesFor(List<String> services, boolean schema) {
        List<String> images = new ArrayList<>();
        for (String service : ServiceOrder.of(manifest.services(), services)) {
            String image = manifest.services().get(service).image();
            if (!images.contains(image)) {
                images.add(image);
            }
        }
        if (schema) {
            manifest.schema().map(s -> s.image()).filter(i -> !images.contains(i)).ifPresent(images::add);
        }
        return images;
    }

    /** Whether the manifest has a {@code schema} section. */
    public boolean hasSchema() {
        return manifest.schema().isPresent();
    }

    /** The services with a {@code database} block. */
    public List<String> databaseServices() {
        return manifest.services().values().stream().filter(s -> s.database().isPresent()).map(ServiceSpec::name)
                .toList();
    }

    /**
     * The service {@code verify-db} and the schema use: the only service with a {@code database} block, or
     * the schema's service when there are several.
     *
     * @throws PoststackException {@code INVALID_INPUT} when there is none, or several and no schema
     */
    public String databaseService() {
        if (manifest.schema().isPresent()) {
            return manifest.schema().get().service();
        }
        List<String> databases = databaseServices();
        if (databases.size() == 1) {
            return databases.get(0);
        }
        throw PoststackException.invalidInput(databases.isEmpty()
                ? "no service of " + manifest.file() + " has a `database:` block\nfix: add one to the database"
                + " service, e.g. database: {user: postgres, password: db-password}"
                : "several services have a `database:` block (" + String.join(", ", databases)
                + ")\nfix: name the one to use");
    }

    /**
     * Starts the requested services (all when empty) and their dependencies, in dependency order, each
     * proved by its health and side-effect checks before the next starts; keeps running ones that are
     * current.
     * <pre>{@code
     * try (Poststack poststack = Poststack.open(Path.of("images.yaml"))) {
     *     poststack.up(List.of("db"), event -> System.out.println(event));
     *     DatabaseAccess db = poststack.database("db");
     * }
     * }</pre>
     *
     * @throws PoststackException {@code FAILED} naming the failing check, expected and seen, and the
     *                            container's last log lines; containers this call created are removed again
     */
    public List<ServiceOutcome> up(List<String> services, RunListener listener) throws InterruptedException {
        return runner(listener).up(services);
    }

    /**
     * As {@link #up}, for a stack kept between test runs: a running, current container not (re)started since
     * {@code verifiedAt}, when its verify checks last passed, is kept after its health checks alone. What verify
     * checks prove (files, processes, settings, extensions) comes from the container's start, and its image,
     * configuration and secrets are compared with the manifest as in {@link #up}; anything else is started and
     * checked in full.
     */
    public List<ServiceOutcome> upVerifiedSince(List<String> services, java.time.Instant verifiedAt,
                                                RunListener listener) throws InterruptedException {
        return runner(listener).up(services, verifiedAt);
    }

    /** Runs a running service's health and side-effect checks again; starts nothing. */
    public List<CheckResult> verify(String service, RunListener listener) throws InterruptedException {
        return runner(listener).verify(service);
    }

    /** Stops and removes the project's containers and network; with {@code volumes}, its volumes too. */
    public List<String> down(boolean volumes, RunListener listener) {
        return runner(listener).down(volumes);
    }

    /** Each declared service as the engine sees it now. */
    public List<ServiceStatus> status() {
        return runner().status();
    }

    /**
     * Stops and starts again the containers of {@code services} (all when empty), keeping each container and its
     * volumes, then proves each by its checks, as {@code up} does.
     *
     * @throws PoststackException {@code FAILED} for a service without a container, or whose checks fail
     */
    public List<ServiceOutcome> restart(List<String> services, RunListener listener) throws InterruptedException {
        return runner(listener).restart(services);
    }

    /**
     * Sets the passwords of a database service's cluster to this checkout's secrets, without knowing the old ones:
     * the superuser's, and the schema owner's when the schema runs on it (if that role exists yet). For a data
     * volume made with another password (another checkout's, or an older secret): afterwards {@code up} accepts it.
     * The server is asked over its Unix socket in the service's running container, or in a temporary container on
     * its volumes when none runs (removed afterwards); the passwords go as SCRAM verifiers on psql's standard
     * input, never on a command line, in the environment or in {@code docker inspect}.
     * <pre>{@code
     * PasswordResetResult reset = poststack.allowTakeOver(true).resetPassword("db", System.out::println);
     * }</pre>
     *
     * @throws PoststackException {@code INVALID_INPUT} for a service without a {@code database:} block or named
     *                            volume; {@code FAILED} when its volume holds no cluster, belongs to another
     *                            checkout (see {@link #allowTakeOver}), or the server refuses; nothing is changed
     */
    public PasswordResetResult resetPassword(String service, Consumer<String> progress) throws InterruptedException {
        return runner().resetPassword(service, progress);
    }

    /**
     * The service {@code backup}, {@code backups}, {@code restore} and {@code drill} use when none is named: the
     * only service with {@code database.backup}.
     *
     * @throws PoststackException {@code INVALID_INPUT} when there is none, or several
     */
    public String backupService() {
        return onlyServiceWith(d -> d.backup().isPresent(), "database.backup",
                "add one to the database service, e.g. database: {password: db-password, backup: {retention: {full: 2, diff: 7}}}");
    }

    /**
     * The service {@code upgrade} uses when none is named: the only service with {@code database.upgrade}.
     *
     * @throws PoststackException {@code INVALID_INPUT} when there is none, or several
     */
    public String upgradeService() {
        return onlyServiceWith(d -> d.upgrade().isPresent(), "database.upgrade",
                "add one to the database service, e.g. image: postgres18 and database: {password: db-password,"
                        + " upgrade: {from: postgres, image: postgres-upgrade}} (see docs/MANIFEST.md)");
    }

    private String onlyServiceWith(java.util.function.Predicate<dev.poststack.manifest.DatabaseSpec> has, String block,
                                   String fix) {
        List<String> services = manifest.services().values().stream()
                .filter(s -> s.database().filter(has).isPresent()).map(ServiceSpec::name).toList();
        if (services.size() == 1) {
            return services.get(0);
        }
        throw PoststackException.invalidInput(services.isEmpty()
                ? "no service of " + manifest.file() + " has a `" + block + "` block\nfix: " + fix
                : "several services have `" + block + "` (" + String.join(", ", services)
                + ")\nfix: name the one to use with --service");
    }

    /**
     * Makes a pgBackRest backup of a running database service ({@code database.backup}); pgBackRest's expire then
     * applies the manifest's retention.
     * <pre>{@code
     * BackupSet full = poststack.backup("db", BackupType.FULL, System.out::println);
     * }</pre>
     */
    public BackupSet backup(String service, BackupType type, Consumer<String> progress) throws InterruptedException {
        return runner().backup(service, type, progress);
    }

    /** The backups in a service's repository, oldest first. */
    public List<BackupSet> backups(String service) throws InterruptedException {
        return runner().backups(service);
    }

    /**
     * Restores a service's backup: into its own data volume (it is stopped; the old data is kept aside until the
     * restored server passed its health and verify checks, and put back when it does not), or beside it as a new
     * service ({@link RestoreOptions#to}), up to a point in time or WAL position when given.
     * <pre>{@code
     * RestoreResult r = poststack.restore("db", RestoreOptions.latest().withTargetTime(t).to("db-copy"), System.out::println);
     * }</pre>
     */
    public RestoreResult restore(String service, RestoreOptions options, Consumer<String> progress)
            throws InterruptedException {
        return runner(RunListener.none()).restore(service, options, progress);
    }

    /**
     * Moves a database service's data to the PostgreSQL major its {@code image:} runs, with pg_upgrade in a task
     * container of {@code database.upgrade.image}: refused before anything stops when it cannot work (extensions the
     * new major lacks, columns pg_upgrade refuses, no room), the old cluster kept aside on the volume until the new
     * server passed the service's checks, and put back (the service running on {@code database.upgrade.from} again)
     * when it fails.
     * <pre>{@code
     * UpgradeResult r = poststack.upgrade("db", UpgradeOptions.to(18).withMode(UpgradeMode.LINK), System.out::println);
     * }</pre>
     */
    public UpgradeResult upgrade(String service, UpgradeOptions options, Consumer<String> progress)
            throws InterruptedException {
        return runner(RunListener.none()).upgrade(service, options, progress);
    }

    /** Removes the service a {@code restore --to copy} of {@code service} made: its container and its data volume. */
    public void removeRestored(String service, String copy) {
        runner().removeRestored(service, copy);
    }

    /**
     * A restore drill of a running database service (see {@link RestoreDrill}): the result compares every table of
     * the drilled database at a noted instant with a copy restored to that instant beside the service.
     */
    public DrillResult drill(String service, Consumer<String> progress) throws InterruptedException {
        DatabaseAccess server = database(service);
        DatabaseAccess drilled = RestoreDrill.database(server, manifest.schema().filter(s -> s.service().equals(service))
                .map(s -> s.database()));
        String copy = service + "-drill";
        removeRestored(service, copy); // A copy an interrupted drill left behind, if any.
        return RestoreDrill.run(drilled, new RestoreDrill.Steps() {
            @Override
            public String fullBackup() throws InterruptedException {
                return backup(service, BackupType.FULL, progress).label();
            }

            @Override
            public DatabaseAccess restoreBeside(java.time.Instant target) throws InterruptedException {
                return restore(service, RestoreOptions.latest().withTargetTime(target).to(copy), progress).database();
            }

            @Override
            public void removeCopy() {
                removeRestored(service, copy);
            }
        }, progress);
    }

    /**
     * Runs {@code command} in a running service's container (as {@code docker compose exec} does), its stdout and
     * stderr copied to {@code out} and {@code err} as they come.
     * <pre>{@code
     * int code = poststack.exec("db", List.of("psql", "-U", "postgres", "-c", "select 1"), System.out, System.err);
     * }</pre>
     *
     * @return the command's exit code
     * @throws PoststackException {@code FAILED} when the service is not running
     */
    public int exec(String service, List<String> command, OutputStream out, OutputStream err)
            throws InterruptedException {
        return runner().exec(service, command, out, err);
    }

    /**
     * The manifest as poststack resolved it, defaults filled in and paths resolved, as a tree of maps (in
     * declaration order), lists, strings, numbers and booleans, ready for a JSON or YAML writer. Secrets appear as
     * their declarations, never their values.
     */
    public Map<String, Object> resolvedManifest() {
        return ManifestTree.of(manifest);
    }

    /**
     * Writes what a Kubernetes cluster needs to run this stack into {@code folder}: CloudNativePG {@code Cluster}s
     * (and {@code Pooler}s) for the database services, the schema as a Liquibase {@code Job}, Deployments and
     * Services for the others, and {@code create-secrets.sh}, which makes the Secrets they reference from where
     * poststack keeps the values (none is written into the folder). Images are named by the digest they were
     * pushed as ({@code logs/build-report.json}), else by their local reference. Needs no engine.
     *
     * @throws PoststackException {@code INVALID_INPUT} when the build report cannot be read or a file cannot be written
     */
    public ExportResult exportKubernetes(Path folder) {
        ClusterImages images = ClusterImages.from(manifest, projectDir().resolve(ClusterImages.BUILD_REPORT));
        String name;
        try {
            // The name as the manifest and environment give it: the export needs no engine to look for old stacks.
            name = ProjectIdentity.of(manifest, project, System.getenv()).name();
        } catch (IllegalArgumentException e) {
            throw PoststackException.invalidInput(e.getMessage());
        }
        KubernetesExport export = KubernetesExport.of(manifest, name, images, secrets::file);
        try {
            List<Path> files = export.writeTo(folder);
            return new ExportResult(folder, files, export.objects().stream().map(o -> o.kind() + "/" + o.name())
                    .toList(), export.notes());
        } catch (IOException e) {
            throw PoststackException.invalidInput("cannot write the export into " + folder + ": " + e.getMessage()
                    + "\nfix: name a folder you can write with --out");
        }
    }

    /**
     * Turns a database service's server log into pgBadger's HTML report: at {@code html}, or
     * {@code logs/log-report-<service>.html} when empty. The server logs what {@code database.logging} asks for;
     * pgBadger (the manifest's {@code pgbadger} image) runs in a container without network or volume.
     * <pre>{@code
     * LogReport report = poststack.logReport("db", Optional.empty(), System.out::println);
     * System.out.println(report.statements() + " statements, report in " + report.html());
     * }</pre>
     *
     * @throws PoststackException {@code INVALID_INPUT} for an unknown or non-PostgreSQL service, or a manifest
     *                            without the {@code pgbadger} image; {@code FAILED} when that image is not built, the
     *                            service has no container or no server log line, or pgBadger fails
     */
    public LogReport logReport(String service, Optional<Path> html, Consumer<String> progress)
            throws InterruptedException {
        return logReport(service, html, Optional.empty(), progress);
    }

    /** The same, from the lines the server wrote at or after {@code since} (whole seconds) only. */
    public LogReport logReport(String service, Optional<Path> html, Optional<java.time.Instant> since,
                               Consumer<String> progress) throws InterruptedException {
        ContainerRunner.checkLogReportService(manifest, service);
        Path target = html.orElse(projectDir().resolve("logs").resolve("log-report-" + service + ".html"));
        if (Files.isDirectory(target)) {
            throw PoststackException.invalidInput("the report's file " + target + " is a folder\nfix: name a file,"
                    + " e.g. --output " + target.resolve("log-report-" + service + ".html"));
        }
        return runner().logReport(service, target, since, progress);
    }

    /** Copies a service's container output to {@code out}; with {@code follow}, until it stops. */
    public void logs(String service, boolean follow, OutputStream out) throws InterruptedException {
        runner().logs(service, follow, out);
    }

    /**
     * How to reach a running database service from the host: 127.0.0.1, its published port, database,
     * user and password.
     */
    public DatabaseAccess database(String service) {
        return runner().running(service).database()
                .orElseThrow(() -> noDatabaseBlock(service));
    }

    /**
     * Stops and removes the given services' containers (volumes kept); what a failed {@code setup} uses to
     * leave only what ran before.
     */
    public void stop(List<String> services, RunListener listener) {
        runner(listener).stop(services);
    }

    /**
     * Applies the schema: creates the application role and database when missing ({@code init-schema}),
     * checks the changelogs, then runs Liquibase in its own container against the database service.
     * <pre>{@code
     * SchemaResult result = poststack.applySchema(SchemaOptions.defaults(), System.out::println);
     * result.applied().forEach(System.out::println);
     * }</pre>
     *
     * @param progress receives a line for each thing done
     * @throws PoststackException {@code INVALID_INPUT} listing changelog problems (file:line), {@code FAILED}
     *                            naming the failing changeset and the database's error
     */
    public SchemaResult applySchema(SchemaOptions options, Consumer<String> progress) throws InterruptedException {
        return schemaRunner(progress).apply(options);
    }

    /**
     * Applies pending changesets to an existing application database ({@code update-schema}).
     *
     * @throws PoststackException {@code FAILED} when the database does not exist yet (run init-schema)
     */
    public SchemaResult updateSchema(SchemaOptions options, Consumer<String> progress) throws InterruptedException {
        return schemaRunner(progress).update(options);
    }

    /** Applied and pending changesets and the Liquibase lock. */
    public SchemaStatus schemaStatus() {
        return schemaRunner(line -> { }).status();
    }

    /**
     * How the application connects: the schema's database and owner role on the database service, when the
     * manifest has a schema.
     */
    public Optional<DatabaseAccess> applicationDatabase() {
        return manifest.schema().flatMap(schema -> applicationDatabase(database(schema.service())));
    }

    /**
     * How the application connects, given how the schema's database service is reached ({@code server}, as
     * {@link #database(String)} gives it): the schema's database and owner role there, when the manifest
     * has a schema.
     */
    public Optional<DatabaseAccess> applicationDatabase(DatabaseAccess server) {
        return manifest.schema().map(schema -> new DatabaseAccess(schema.service(), server.host(), server.port(),
                schema.database(), schema.owner(), secrets.value(schema.ownerPassword()),
                secrets.file(schema.ownerPassword()), server.tls()));
    }

    private SchemaRunner schemaRunner(Consumer<String> progress) {
        return new SchemaRunner(manifest, runner(), secrets, progress, Clock.systemUTC());
    }

    /** The check package knows nothing of the runner: this is where the two meet. */
    private static ServiceChecker checker(DockerClient docker) {
        CheckRunner checks = new CheckRunner(docker);
        return (service, health, verify, onEach) -> checks.check(new CheckTarget(service.service(),
                service.containerId(), service.ports(), service.database()), health, verify, onEach);
    }

    /**
     * How to reach the database of a service's container, given its published ports (container port to host
     * port on 127.0.0.1) as {@code up}'s outcome or the tool that started it gives them.
     */
    public DatabaseAccess database(String service, Map<Integer, Integer> ports) {
        return runner().databaseOf(service, ports).orElseThrow(() -> noDatabaseBlock(service));
    }

    private PoststackException noDatabaseBlock(String service) {
        return PoststackException.invalidInput("service `" + service + "` has no `database:` block in "
                + manifest.file());
    }

    /** The runner of calls that report no events (status, database, checks of other tools' containers...). */
    private synchronized ContainerRunner runner() {
        if (quietRunner == null) {
            quietRunner = runner(RunListener.none());
        }
        return quietRunner;
    }

    /** A runner reporting to {@code listener}; kept until {@link #close()}, which stops its log copies. */
    private synchronized ContainerRunner runner(RunListener listener) {
        DockerClient docker = engine().client();
        ContainerRunner runner = new ContainerRunner(manifest, identity(), docker, secrets, checker(docker),
                listener, projectDir().resolve("logs"), Clock.systemUTC()).allowTakeOver(takeOver);
        runners.add(runner);
        return runner;
    }

    /** Stops copying container output to {@code logs/containers/} and closes the engine connection. */
    @Override
    public synchronized void close() {
        runners.forEach(ContainerRunner::close);
        runners.clear();
        quietRunner = null;
        if (engine != null) {
            engine.close();
            engine = null;
        }
        if (preparedEngine != null) {
            preparedEngine.thenAccept(Engine::close);
            preparedEngine = null;
        }
    }

    private void checkBeforeBuilding(BuildOptions options) {
        List<String> problems = new ArrayList<>();
        Set<String> names = manifest.images().keySet();
        for (String name : buildOrder(options.images())) {
            ImageSpec spec = manifest.images().get(name);
            if (spec != null && spec.build() instanceof DockerfileSpec dockerfile) {
                try {
                    problems.addAll(DockerfileBackend.check(dockerfile, names));
                } catch (IOException e) {
                    problems.add(dockerfile.dockerfile() + ": cannot read it: " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw PoststackException.invalidInput(String.join("\n", problems));
        }
    }

    /**
     * The engine, connected on first use: the client prepared in the background when there is one, checked
     * to answer. Every later use shares it until {@link #close()}.
     */
    private synchronized Engine engine() {
        if (engine == null) {
            CompletableFuture<Engine> prepared = preparedEngine;
            preparedEngine = null;
            try {
                engine = prepared != null ? prepared.join() : Engine.connect();
            } catch (EngineUnavailableException e) {
                throw new PoststackException(PoststackException.Kind.ENGINE_UNAVAILABLE, e.getMessage(), e);
            } catch (CompletionException e) {
                if (e.getCause() instanceof EngineUnavailableException unavailable) {
                    throw new PoststackException(PoststackException.Kind.ENGINE_UNAVAILABLE, unavailable.getMessage(),
                            unavailable);
                }
                throw e;
            }
        }
        return engine;
    }
}
