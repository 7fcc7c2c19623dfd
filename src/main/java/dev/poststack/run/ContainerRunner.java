package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.poststack.api.CheckResult;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.PoststackException;
import dev.poststack.api.RunEvent;
import dev.poststack.api.RunListener;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.api.ServiceOutcome.Action;
import dev.poststack.api.ServiceStatus;
import dev.poststack.engine.Labels;
import dev.poststack.manifest.DatabaseSpec;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.secret.PoststackFolder;
import dev.poststack.secret.SecretStore;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a manifest's services in dependency order on the project's own network, proves each one with its
 * health and side-effect checks before the next starts, and stops and removes them again.
 * <ul>
 *   <li>A running container created from the same image and configuration is kept ({@code REUSED}); any
 *       other container of the service is replaced. Named volumes are kept unless removed on request.</li>
 *   <li>Everything it creates carries poststack's labels, so leftovers of an interrupted or crashed run are
 *       found (by {@link #up}, which replaces them, and by {@link #down}, which removes them).</li>
 *   <li>When a service fails, or the run is interrupted, the containers this run created are removed again:
 *       what runs afterwards is what ran, healthy, before.</li>
 * </ul>
 */
public final class ContainerRunner implements AutoCloseable {

    private final Manifest manifest;
    private final DockerClient docker;
    private final SecretStore secrets;
    private final ServiceChecker checker;
    private final RunListener listener;
    private final Clock clock;
    private final Resources resources;
    private final ContainerLogs logs;
    private final ImageOwners owners;

    /**
     * @param project names the project's containers, network and volumes (see {@link #projectName})
     */
    public ContainerRunner(Manifest manifest, String project, DockerClient docker, SecretStore secrets,
                           ServiceChecker checker, RunListener listener, Path logsDir, Clock clock) {
        this.manifest = manifest;
        this.docker = docker;
        this.secrets = secrets;
        this.checker = checker;
        this.listener = listener;
        this.clock = clock;
        this.resources = Resources.of(project);
        this.logs = new ContainerLogs(docker, logsDir.resolve("containers"));
        this.owners = new ImageOwners(PoststackFolder.of(manifest.baseDir()));
    }

    /**
     * The project name: {@code override} when given, else {@code POSTSTACK_PROJECT} from the environment
     * (like Compose's project name), else the manifest's namespace with {@code /} as {@code -}.
     */
    public static String projectName(Manifest manifest, java.util.Optional<String> override,
                                     Map<String, String> environment) {
        return Resources.projectName(manifest.defaults().namespace(), override, environment);
    }

    /**
     * Removes every container, network and volume of the projects {@code abandoned} accepts (test stacks of
     * JVMs that died without cleaning up), found by label.
     *
     * @return the projects removed
     */
    public static java.util.Set<String> removeProjects(DockerClient docker, java.util.function.Predicate<String> abandoned) {
        return Leftovers.remove(docker, abandoned);
    }

    /**
     * Runs a service's health and side-effect checks against a container something else started (for
     * example Testcontainers), given its published ports.
     */
    public List<CheckResult> check(String serviceName, String containerId, Map<Integer, Integer> ports)
            throws InterruptedException {
        RunningService running = new RunningService(serviceName, containerId, ports, databaseOf(serviceName, ports),
                clock.instant());
        return runPhases(running);
    }

    /**
     * Starts (or keeps) the requested services and their dependencies, each proved by its checks before the
     * next one starts.
     *
     * @throws PoststackException   {@code FAILED} with the failing check's whole story; the containers this
     *                              call created are removed again
     * @throws InterruptedException likewise cleaned up
     */
    public List<ServiceOutcome> up(List<String> requested) throws InterruptedException {
        List<String> order = ServiceOrder.of(manifest.services(), requested);
        Map<String, ContainerPlan> plans = new LinkedHashMap<>();
        for (String name : order) {
            plans.put(name, plan(manifest.services().get(name)));
        }
        Map<String, String> created = new LinkedHashMap<>();
        List<ServiceOutcome> outcomes = new ArrayList<>();
        try {
            ensureNetwork();
            for (ContainerPlan plan : plans.values()) {
                outcomes.add(up(plan, created));
            }
            return outcomes;
        } catch (InterruptedException | RuntimeException e) {
            removeWithoutInterruption(created);
            throw e;
        }
    }

    private ServiceOutcome up(ContainerPlan plan, Map<String, String> created) throws InterruptedException {
        ServiceSpec service = plan.service();
        Optional<InspectContainerResponse> existing = inspect(resources.container(service.name()));
        String reason = "it has no container yet";
        if (existing.isPresent()) {
            InspectContainerResponse container = existing.get();
            boolean running = Boolean.TRUE.equals(container.getState().getRunning());
            if (running && plan.isCurrent(container)) {
                Optional<ServiceOutcome> reused = tryReuse(plan, container);
                if (reused.isPresent()) {
                    return reused.get();
                }
                reason = "its running container failed its checks";
            } else {
                reason = running ? "its image or configuration changed"
                        : "its container was " + container.getState().getStatus();
            }
            remove(service.name(), container.getId());
        }
        listener.on(new RunEvent.ServiceStarting(service.name(), plan.image().reference(), reason, clock.instant()));
        RunningService running = start(plan, created);
        List<CheckResult> checks = checkOrFail(running);
        Duration ready = Duration.between(running.startedAt(), clock.instant());
        listener.on(new RunEvent.ServiceReady(service.name(), ready, clock.instant()));
        return new ServiceOutcome(service.name(), existing.isPresent() ? Action.REPLACED : Action.STARTED,
                running.containerId(), running.ports(), ready, checks);
    }

    private Optional<ServiceOutcome> tryReuse(ContainerPlan plan, InspectContainerResponse container)
            throws InterruptedException {
        String name = plan.service().name();
        RunningService running = runningService(plan.service(), container);
        Instant began = clock.instant();
        List<CheckResult> checks = runPhases(running);
        if (checks.stream().allMatch(CheckResult::passed)) {
            listener.on(new RunEvent.ServiceReused(name, container.getId(), clock.instant()));
            return Optional.of(new ServiceOutcome(name, Action.REUSED, container.getId(), running.ports(),
                    Duration.between(began, clock.instant()), checks));
        }
        return Optional.empty();
    }

    /** @param created gets the new container's id and service name */
    private RunningService start(ContainerPlan plan, Map<String, String> created) {
        ServiceSpec service = plan.service();
        for (String volume : service.volumes().keySet()) {
            ensureVolume(resources.volume(volume));
        }
        Instant began = clock.instant();
        String id;
        try {
            id = plan.createCommand(docker).exec().getId();
        } catch (ConflictException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, "service `" + service.name()
                    + "`: cannot create container " + resources.container(service.name()) + ": " + e.getMessage()
                    + "\nfix: another process created it meanwhile; run `poststack down` and try again", e);
        }
        created.put(id, service.name());
        placeSecrets(service, id, plan.image());
        try {
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, "service `" + service.name()
                    + "`: the engine could not start its container: " + e.getMessage() + "\nfix: "
                    + (e.getMessage() != null && e.getMessage().contains("port is already allocated")
                    ? "a fixed host port in `ports:` is taken by another program; free it or publish on a random"
                    + " port (`ports: [" + firstPort(service) + "]`)" : "see the message above"), e);
        }
        logs.follow(service.name(), id);
        InspectContainerResponse container = docker.inspectContainerCmd(id).exec();
        RunningService running = runningService(service, container);
        listener.on(new RunEvent.ServiceStarted(service.name(), id, running.ports(),
                Duration.between(began, clock.instant()), clock.instant()));
        return running;
    }

    private static String firstPort(ServiceSpec service) {
        return service.ports().isEmpty() ? "PORT" : String.valueOf(service.ports().get(0).containerPort());
    }

    /** Health then verify; a failure is thrown with the check's message (the caller removes the container). */
    private List<CheckResult> checkOrFail(RunningService running) throws InterruptedException {
        List<CheckResult> results = runPhases(running);
        Optional<CheckResult> failed = results.stream().filter(r -> !r.passed()).findFirst();
        if (failed.isPresent()) {
            String message = failed.get().failureMessage() + "\n  full log: " + logs.fileOf(running.service());
            listener.on(new RunEvent.ServiceFailed(running.service(), message, clock.instant()));
            throw new PoststackException(PoststackException.Kind.FAILED, message, null);
        }
        return results;
    }

    private List<CheckResult> runPhases(RunningService running) throws InterruptedException {
        ServiceSpec service = manifest.services().get(running.service());
        return checker.check(running, service.health(), service.verify(), this::report);
    }

    private void report(CheckResult result) {
        listener.on(new RunEvent.CheckFinished(result.service(), result, clock.instant()));
    }

    /** How to reach a service's database, given its container's published ports. */
    public Optional<DatabaseAccess> databaseOf(String serviceName, Map<Integer, Integer> ports) {
        ServiceSpec service = service(serviceName);
        return service.database().map(db -> access(serviceName, db, ports));
    }

    /** Copies a service's secrets into its created, not yet started container. */
    public void placeSecrets(String serviceName, String containerId) {
        ServiceSpec service = service(serviceName);
        if (service.secrets().isEmpty()) {
            return; // Nothing to place: no image inspect either.
        }
        placeSecrets(service, containerId, plan(service).image());
    }

    private void placeSecrets(ServiceSpec service, String containerId, LocalImage image) {
        Map<String, String> values = new LinkedHashMap<>();
        service.secrets().forEach(s -> values.put(s, secrets.value(s)));
        SecretFiles.copyInto(docker, containerId, image.id(), image.user(), values, owners);
    }

    /**
     * Runs a running service's health and side-effect checks again, without starting or replacing
     * anything: what {@code verify-db} does.
     *
     * @throws PoststackException {@code FAILED} when the service has no running container
     */
    public List<CheckResult> verify(String serviceName) throws InterruptedException {
        return runPhases(running(serviceName));
    }

    /**
     * The running service as checks and tests see it: its ports and, for a database, how to connect.
     *
     * @throws PoststackException {@code FAILED} when it has no running container
     */
    public RunningService running(String serviceName) {
        ServiceSpec service = service(serviceName);
        return inspect(resources.container(serviceName)).filter(c -> Boolean.TRUE.equals(c.getState().getRunning()))
                .map(c -> runningService(service, c))
                .orElseThrow(() -> new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName
                        + "` is not running\nfix: start it with `poststack up " + serviceName + "`", null));
    }

    private ServiceSpec service(String name) {
        return service(manifest, name);
    }

    /**
     * The service {@code manifest} declares as {@code name}.
     *
     * @throws PoststackException {@code INVALID_INPUT} naming the services it declares
     */
    public static ServiceSpec service(Manifest manifest, String name) {
        ServiceSpec service = manifest.services().get(name);
        if (service == null) {
            throw PoststackException.invalidInput("no service named `" + name + "` in " + manifest.file()
                    + "; services: " + String.join(", ", manifest.services().keySet()));
        }
        return service;
    }

    private RunningService runningService(ServiceSpec service, InspectContainerResponse container) {
        Map<Integer, Integer> ports = publishedPorts(container);
        Instant startedAt = Instant.parse(container.getState().getStartedAt());
        // A container that already died has no published ports: no database access then, and its checks
        // report the exit instead.
        return new RunningService(service.name(), container.getId(), ports,
                service.database().filter(db -> ports.containsKey(db.port()))
                        .map(db -> access(service.name(), db, ports)), startedAt);
    }

    private DatabaseAccess access(String service, DatabaseSpec db, Map<Integer, Integer> ports) {
        Integer port = ports.get(db.port());
        if (port == null) {
            throw new IllegalStateException("database port " + db.port() + " of " + service + " is not published");
        }
        return new DatabaseAccess(service, "127.0.0.1", port, db.name(), db.user(), secrets.value(db.passwordSecret()),
                secrets.file(db.passwordSecret()));
    }

    static Map<Integer, Integer> publishedPorts(InspectContainerResponse container) {
        Map<Integer, Integer> ports = new HashMap<>();
        Map<ExposedPort, Ports.Binding[]> bindings = container.getNetworkSettings().getPorts().getBindings();
        bindings.forEach((exposed, bound) -> {
            if (bound != null) {
                for (Ports.Binding binding : bound) {
                    if ("127.0.0.1".equals(binding.getHostIp())) {
                        ports.put(exposed.getPort(), Integer.parseInt(binding.getHostPortSpec()));
                    }
                }
            }
        });
        return ports;
    }

    /** What the engine shows of each declared service now. */
    public List<ServiceStatus> status() {
        List<ServiceStatus> statuses = new ArrayList<>();
        for (ServiceSpec service : manifest.services().values()) {
            String reference = manifest.referenceOf(service.image());
            Optional<InspectContainerResponse> container = inspect(resources.container(service.name()));
            if (container.isEmpty()) {
                statuses.add(new ServiceStatus(service.name(), reference, "absent", Optional.empty(), Map.of(),
                        Optional.empty(), Optional.empty(), false));
                continue;
            }
            InspectContainerResponse c = container.get();
            boolean running = Boolean.TRUE.equals(c.getState().getRunning());
            Optional<String> health = Optional.ofNullable(c.getState().getHealth()).map(h -> h.getStatus());
            boolean current = planOf(service).map(plan -> plan.isCurrent(c)).orElse(false);
            statuses.add(new ServiceStatus(service.name(), reference, c.getState().getStatus(), health,
                    running ? publishedPorts(c) : Map.of(),
                    running ? Optional.of(Instant.parse(c.getState().getStartedAt())) : Optional.empty(),
                    Optional.of(c.getId()), current));
        }
        return statuses;
    }

    /**
     * Stops and removes every container of the project (dependents first), then its network; with
     * {@code volumes}, its named volumes too. Finds leftovers of crashed runs by their labels.
     *
     * @return the services whose containers were removed
     */
    public List<String> down(boolean volumes) {
        List<Container> containers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(resources.projectFilter())).exec();
        List<String> dependentsFirst = new ArrayList<>(ServiceOrder.of(manifest.services(), List.of()));
        Collections.reverse(dependentsFirst);
        List<Container> stopOrder = new ArrayList<>(containers);
        // Containers of services no longer in the manifest (index -1) before all: they may depend on any other.
        stopOrder.sort(Comparator.comparingInt(c -> dependentsFirst.indexOf(serviceOf(c))));
        List<String> removed = new ArrayList<>();
        for (Container container : stopOrder) {
            remove(serviceOf(container), container.getId());
            removed.add(serviceOf(container));
        }
        removeNetwork();
        if (volumes) {
            Leftovers.removeVolumes(docker, resources.projectFilter(), resources.project()::equals);
        }
        return removed;
    }

    /** Stops and removes the containers of {@code services} (dependents first); volumes are kept. */
    public void stop(List<String> services) {
        List<String> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        uninterruptibly(() -> {
            for (String service : reversed) {
                remove(service, resources.container(service));
            }
        });
    }

    /**
     * Restarts the containers of {@code requested} (all services when empty), in dependency order: each is
     * stopped (SIGTERM, its stop timeout, SIGKILL) and started again, the same container with its volumes and
     * secrets, then proved by its checks, as {@code up} does.
     *
     * @throws PoststackException {@code FAILED} for a service without a container or whose checks fail
     *                            (its container is kept, as it was before)
     */
    public List<ServiceOutcome> restart(List<String> requested) throws InterruptedException {
        requested.forEach(this::service);
        List<String> order = ServiceOrder.of(manifest.services(), requested).stream()
                .filter(name -> requested.isEmpty() || requested.contains(name)).toList();
        List<ServiceOutcome> outcomes = new ArrayList<>();
        for (String name : order) {
            InspectContainerResponse container = inspect(resources.container(name))
                    .orElseThrow(() -> new PoststackException(PoststackException.Kind.FAILED, "service `" + name
                            + "` has no container to restart\nfix: start it with `poststack up " + name + "`", null));
            Instant began = clock.instant();
            try {
                docker.stopContainerCmd(container.getId()).exec();
            } catch (NotModifiedException alreadyStopped) {
                // Started below.
            }
            listener.on(new RunEvent.ServiceStopped(name, Duration.between(began, clock.instant()), clock.instant()));
            began = clock.instant();
            docker.startContainerCmd(container.getId()).exec();
            logs.follow(name, container.getId());
            RunningService running = runningService(service(name), docker.inspectContainerCmd(container.getId()).exec());
            listener.on(new RunEvent.ServiceStarted(name, container.getId(), running.ports(),
                    Duration.between(began, clock.instant()), clock.instant()));
            List<CheckResult> checks = checkOrFail(running);
            Duration ready = Duration.between(running.startedAt(), clock.instant());
            listener.on(new RunEvent.ServiceReady(name, ready, clock.instant()));
            outcomes.add(new ServiceOutcome(name, Action.RESTARTED, container.getId(), running.ports(), ready, checks));
        }
        return outcomes;
    }

    /**
     * Runs {@code command} in a service's running container, its output streamed to {@code out} and {@code err}.
     *
     * @return the command's exit code
     * @throws PoststackException {@code FAILED} when the service is not running
     */
    public int exec(String serviceName, List<String> command, OutputStream out, OutputStream err)
            throws InterruptedException {
        return ServiceExec.run(docker, running(serviceName).containerId(), command, out, err);
    }

    private static String serviceOf(Container container) {
        return container.getLabels().getOrDefault(Labels.SERVICE, container.getId());
    }

    /**
     * Copies a service's container output to {@code out}; with {@code follow}, until the container stops or
     * the thread is interrupted.
     */
    public void logs(String serviceName, boolean follow, OutputStream out) throws InterruptedException {
        service(serviceName);
        InspectContainerResponse container = inspect(resources.container(serviceName))
                .orElseThrow(() -> new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName
                        + "` has no container\nfix: start it with `poststack up " + serviceName + "`", null));
        var stream = ContainerLogs.stream(docker, container.getId(), follow, out);
        try {
            stream.awaitCompletion();
        } finally {
            try {
                stream.close();
            } catch (java.io.IOException ignored) {
                // Nothing to keep.
            }
        }
    }

    private ContainerPlan plan(ServiceSpec service) {
        return planOf(service).orElseThrow(() -> new PoststackException(PoststackException.Kind.FAILED,
                "service `" + service.name() + "` runs image " + manifest.referenceOf(service.image())
                + ", which is not in the engine\nfix: build it with `poststack build-images " + service.image()
                + "` (or run `poststack setup`)", null));
    }

    /** The service's plan, when the engine has its image. */
    private Optional<ContainerPlan> planOf(ServiceSpec service) {
        String reference = manifest.referenceOf(service.image());
        return image(reference).map(image -> new ContainerPlan(service, image, resources));
    }

    /** The image a reference names, when the engine has it. */
    public Optional<LocalImage> image(String reference) {
        InspectImageResponse image;
        try {
            image = docker.inspectImageCmd(reference).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        String user = image.getConfig() == null ? null : image.getConfig().getUser();
        return Optional.of(new LocalImage(reference, image.getId(), user == null ? "" : user));
    }

    private Optional<InspectContainerResponse> inspect(String container) {
        try {
            return Optional.of(docker.inspectContainerCmd(container).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Creates the project's network; one of its name exists already when the engine refuses (409). */
    private void ensureNetwork() {
        try {
            docker.createNetworkCmd().withName(resources.network()).withDriver("bridge")
                    .withLabels(resources.projectLabels()).withCheckDuplicate(true).exec();
        } catch (ConflictException exists) {
            // Left by an earlier `up`, or created meanwhile by another poststack process of this project.
        }
    }

    private void removeNetwork() {
        try {
            docker.removeNetworkCmd(resources.network()).exec();
        } catch (NotFoundException ignored) {
            // Already gone, or never created.
        }
    }

    /** The engine answers a create of an existing volume with that volume, as it is (its labels untouched). */
    private void ensureVolume(String name) {
        docker.createVolumeCmd().withName(name).withLabels(resources.projectLabels()).exec();
    }

    /**
     * SIGTERM, the container's stop timeout, then SIGKILL (the engine's stop), then removal; nothing (and no
     * event) when the container does not exist.
     *
     * @param container its id or name
     */
    private void remove(String service, String container) {
        Instant began = clock.instant();
        try {
            docker.stopContainerCmd(container).exec();
        } catch (NotModifiedException alreadyStopped) {
            // Nothing to stop.
        } catch (NotFoundException gone) {
            return;
        }
        try {
            docker.removeContainerCmd(container).withForce(true).withRemoveVolumes(false).exec();
        } catch (NotFoundException gone) {
            // Removed meanwhile.
        }
        listener.on(new RunEvent.ServiceStopped(service, Duration.between(began, clock.instant()), clock.instant()));
    }

    /**
     * Cleanup must finish even when it runs because of Ctrl-C.
     *
     * @param created the name each container's stop event carries, by container id, in creation order
     */
    private void removeWithoutInterruption(Map<String, String> created) {
        uninterruptibly(() -> {
            List<Map.Entry<String, String>> newestFirst = new ArrayList<>(created.entrySet());
            Collections.reverse(newestFirst);
            for (Map.Entry<String, String> container : newestFirst) {
                try {
                    remove(container.getValue(), container.getKey());
                } catch (RuntimeException e) {
                    // Keep removing the others; `poststack down` finds this one by its labels.
                }
            }
        });
    }

    /**
     * Runs {@code work} on a thread of its own and waits for it, however often this thread is interrupted
     * meanwhile (a Ctrl-C handler may interrupt repeatedly): engine calls interrupted halfway would leave
     * containers behind. The interrupt is restored afterwards.
     */
    private static void uninterruptibly(Runnable work) {
        Thread worker = new Thread(work, "poststack-cleanup");
        worker.start();
        boolean interrupted = Thread.interrupted();
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
                              java.util.function.Consumer<String> onOutput) throws InterruptedException {
        ensureNetwork();
        Map<String, String> labels = resources.projectLabels();
        labels.put(Labels.TASK, task);
        String id = docker.createContainerCmd(image.id())
                .withName(resources.prefix() + "-" + task + "-" + Long.toHexString(System.nanoTime() & 0xffffffL))
                .withLabels(labels)
                .withCmd(command)
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                        .withNetworkMode(resources.network()))
                .exec().getId();
        try {
            if (!secretFiles.isEmpty()) {
                SecretFiles.copyInto(docker, id, image.id(), image.user(), secretFiles, owners);
            }
            TaskOutput output = new TaskOutput(onOutput);
            docker.startContainerCmd(id).exec();
            var stream = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                    .exec(output);
            int exitCode = docker.waitContainerCmd(id).start().awaitStatusCode();
            stream.awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
            output.writeTo(logs.fileOf(task));
            return new TaskResult(exitCode, output.stdout(), output.lines());
        } catch (com.github.dockerjava.api.exception.DockerClientException e) {
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                throw new InterruptedException("interrupted while task " + task + " ran");
            }
            throw e;
        } finally {
            // A task container has no service label: its stop event has always named it by its id.
            removeWithoutInterruption(Map.of(id, id));
        }
    }

    /** Stops copying container output into {@code logs/containers/}; containers keep running. */
    @Override
    public void close() {
        logs.close();
    }
}
