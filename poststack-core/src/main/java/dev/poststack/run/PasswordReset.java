package dev.poststack.run;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.poststack.api.PasswordResetResult;
import dev.poststack.api.PasswordResetResult.Server;
import dev.poststack.api.PoststackException;
import dev.poststack.engine.Labels;
import dev.poststack.manifest.DatabaseSpec;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.secret.SecretFingerprint;
import dev.poststack.thread.Interrupts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code reset-password}: gives a database service's cluster this checkout's passwords (the superuser's and the
 * schema owner's) without knowing the old ones. The server is asked over its Unix socket as the {@code postgres}
 * OS user, which the image's {@code pg_hba.conf} admits by peer authentication: in the service's running
 * container, or, when none runs, in a temporary one on the same volumes (socket only, no network), removed
 * afterwards. The statement carries SCRAM verifiers only and goes to psql's standard input, never a command
 * line or the environment. The volumes' {@link PasswordRecord} then names the new superuser password.
 */
final class PasswordReset {

    private static final String SOCKETS = "/var/run/postgresql";
    private static final String DEFAULT_PGDATA = "/var/lib/postgresql/data";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(60);

    private final RunContext context;
    private final ServicePlans plans;
    private final RunningServices runningServices;
    private final ServiceStarter starter;
    private final Ownership ownership;

    PasswordReset(RunContext context, ServicePlans plans, RunningServices runningServices, ServiceStarter starter,
                  Ownership ownership) {
        this.context = context;
        this.plans = plans;
        this.runningServices = runningServices;
        this.starter = starter;
        this.ownership = ownership;
    }

    /** @throws InterruptedException also when the interrupt landed inside an engine call */
    PasswordResetResult reset(String serviceName, Consumer<String> progress) throws InterruptedException {
        Instant began = context.clock().instant();
        ServiceSpec service = ServicePlans.service(context.manifest(), serviceName);
        DatabaseSpec database = service.database().orElseThrow(() -> PoststackException.invalidInput("service `"
                + serviceName + "` has no `database:` block in " + context.manifest().file()
                + ", so poststack knows no password of it to reset\nfix: name a service with a `database:` block"));
        if (service.volumes().isEmpty()) {
            throw PoststackException.invalidInput("service `" + serviceName + "` keeps its data on no named volume"
                    + " (`volumes:` in " + context.manifest().file() + "): its cluster goes with its container, so"
                    + " there is no password to reset\nfix: `poststack up " + serviceName + "` replaces a container"
                    + " given other secrets with one initialised with this checkout's");
        }
        try {
            return reset(service, database, progress, began);
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, "resetting the password of service " + serviceName);
            throw e;
        }
    }

    private PasswordResetResult reset(ServiceSpec service, DatabaseSpec database, Consumer<String> progress,
                                      Instant began) throws InterruptedException {
        ContainerPlan plan = plans.plan(service);
        List<InspectVolumeResponse> volumes = new ArrayList<>();
        for (String volume : service.volumes().keySet()) {
            String name = context.resources().volume(volume);
            volumes.add(ownership.inspectVolume(name).orElseThrow(() -> failed(service, "volume " + name
                    + " does not exist, so there is no database cluster whose password could be reset; nothing was"
                    + " changed\nfix: `poststack up " + service.name() + "` initialises one with this checkout's"
                    + " password")));
        }
        Optional<InspectContainerResponse> container = runningServices.inspect(
                context.resources().container(service.name()));
        ownership.checkMayResetPassword(service.name(), container, volumes);
        Map<String, String> passwords = passwords(service, database);
        PasswordStatement statement = PasswordStatement.of(database.user(), passwords);
        String password = passwords.get(database.user());
        if (container.isPresent() && Boolean.TRUE.equals(container.get().getState().getRunning())) {
            progress.accept(service.name() + ": setting its passwords in its running container");
            return setPasswords(service, container.get().getId(), statement, password, Server.RUNNING_CONTAINER,
                    began);
        }
        checkNotInUse(service);
        String id = createTemporary(plan);
        try {
            checkHoldsCluster(service, plan, id);
            starter.placeSecrets(service, id, plan.image());
            context.docker().startContainerCmd(id).exec();
            progress.accept(service.name() + ": started a temporary server on its data (socket only) to set its"
                    + " passwords");
            return setPasswords(service, id, statement, password, Server.TEMPORARY, began);
        } finally {
            removeTemporary(id);
        }
    }

    /** The superuser's password, then the schema owner's when the schema runs on this service. */
    private Map<String, String> passwords(ServiceSpec service, DatabaseSpec database) {
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(database.user(), context.secrets().value(database.passwordSecret()));
        context.manifest().schema().filter(s -> s.service().equals(service.name()))
                .filter(s -> !s.owner().equals(database.user()))
                .ifPresent(s -> passwords.put(s.owner(), context.secrets().value(s.ownerPassword())));
        return passwords;
    }

    /**
     * Records the new superuser password on each volume, then sets the passwords in one transaction; when that
     * fails the records are put back as they were, so nothing is left half-done.
     */
    private PasswordResetResult setPasswords(ServiceSpec service, String container, PasswordStatement statement,
                                             String superuserPassword, Server server, Instant began)
            throws InterruptedException {
        awaitReady(service, container, server);
        Map<String, String> before = new LinkedHashMap<>();
        service.volumes().values().forEach(path -> before.put(path, PasswordRecord.read(context.docker(), container, path)));
        String record = PasswordRecord.text(Optional.of(SecretFingerprint.of(superuserPassword)));
        Exec exec;
        try {
            before.keySet().forEach(path -> PasswordRecord.write(context.docker(), container, path, record));
            exec = exec(container, List.of("sh", "-c", "head -n 1 | exec psql \"$@\"", "psql", "-X", "-q", "-t",
                            "-A", "-v", "ON_ERROR_STOP=1", "--host=" + SOCKETS, "--username=" + peerRole(service),
                            "--dbname=template1"),
                    Optional.of(statement.line().getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException | InterruptedException e) {
            restore(container, before);
            throw e;
        }
        if (exec.code() != 0) {
            restore(container, before);
            throw failed(service, "the server refused the new passwords (psql exit " + exec.code() + "): "
                    + PasswordStatement.redacted(exec.stderr().strip()) + "; nothing was changed"
                    + "\nfix: see the server's answer; `poststack logs " + service.name() + "` shows its log");
        }
        List<String> roles = statement.changed(exec.stdout());
        List<String> absent = statement.roles().stream().filter(r -> !roles.contains(r)).toList();
        List<String> volumes = service.volumes().keySet().stream().map(context.resources()::volume).toList();
        return new PasswordResetResult(service.name(), volumes, roles, absent, server,
                Duration.between(began, context.clock().instant()));
    }

    /**
     * The role the socket's peer authentication admits the {@code postgres} OS user as: the image's pg_ident.conf
     * maps it to {@code POSTGRES_USER}, the superuser initdb made (and to {@code postgres}).
     */
    private static String peerRole(ServiceSpec service) {
        return service.env().getOrDefault("POSTGRES_USER", "postgres");
    }

    private void restore(String container, Map<String, String> before) {
        ContainerRemoval.uninterruptibly(() -> before.forEach((path, text) -> {
            try {
                PasswordRecord.write(context.docker(), container, path, text);
            } catch (RuntimeException ignored) {
                // The failure being reported matters more; a record left naming the new password only costs a
                // health check that fails at once, and running the reset again mends it.
            }
        }));
    }

    /** Until the server answers on its socket; a temporary one that exits fails at once with its output. */
    private void awaitReady(ServiceSpec service, String container, Server server) throws InterruptedException {
        Instant deadline = context.clock().instant().plus(READY_TIMEOUT);
        while (true) {
            Exec ready = exec(container, List.of("pg_isready", "--quiet", "--host=" + SOCKETS, "--timeout=2"),
                    Optional.empty());
            if (ready.code() == 0) {
                return;
            }
            InspectContainerResponse state = context.docker().inspectContainerCmd(container).exec();
            if (!Boolean.TRUE.equals(state.getState().getRunning())) {
                throw failed(service, (server == Server.TEMPORARY ? "the temporary server on its data" : "its container")
                        + " stopped before it answered; nothing was changed" + output(container));
            }
            if (context.clock().instant().isAfter(deadline)) {
                throw failed(service, "its server did not answer on its socket within " + READY_TIMEOUT.toSeconds()
                        + " s; nothing was changed\nfix: see `poststack logs " + service.name() + "`");
            }
            Thread.sleep(200);
        }
    }

    private record Exec(int code, String stdout, String stderr) {
    }

    private Exec exec(String container, List<String> command, Optional<byte[]> stdin) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            code = ServiceExec.run(context.docker(), container, Optional.of("postgres"), command, stdin, out, err,
                    Optional.of(EXEC_TIMEOUT));
        } catch (IllegalStateException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, e.getMessage()
                    + "\nfix: check the engine (`docker info`) and the container, then run the command again", e);
        }
        return new Exec(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Another container running on the volumes (a second server on one data directory would corrupt it). */
    private void checkNotInUse(ServiceSpec service) {
        for (String volume : service.volumes().keySet()) {
            String name = context.resources().volume(volume);
            List<Container> users = context.docker().listContainersCmd().withVolumeFilter(List.of(name)).exec();
            if (!users.isEmpty()) {
                throw failed(service, "volume " + name + " is in use by container "
                        + users.get(0).getNames()[0].replaceFirst("^/", "") + ", so no server is started on it;"
                        + " nothing was changed\nfix: stop that container, then run `poststack reset-password "
                        + service.name() + "` again");
            }
        }
    }

    /** A created, not started, container of the service's image on its volumes: socket only, no network. */
    private String createTemporary(ContainerPlan plan) {
        Map<String, String> labels = context.resources().projectLabels();
        labels.put(Labels.TASK, "reset-password");
        return context.docker().createContainerCmd(plan.image().id())
                .withName(context.resources().container(plan.service().name()) + "-reset-password-"
                        + Long.toHexString(System.nanoTime() & 0xffffffL))
                .withLabels(labels)
                .withEnv(plan.service().env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withCmd("postgres", "-c", "listen_addresses=")
                .withHostConfig(HostConfig.newHostConfig().withBinds(plan.binds()).withNetworkMode("none"))
                .exec().getId();
    }

    /** Refuses a volume without a cluster: a server started on it would initialise a new one. */
    private void checkHoldsCluster(ServiceSpec service, ContainerPlan plan, String container) {
        String pgdata = dataDirectory(service, plan);
        try (InputStream in = context.docker().copyArchiveFromContainerCmd(container, pgdata + "/PG_VERSION").exec()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (NotFoundException e) {
            throw failed(service, "its volumes hold no database cluster (no " + pgdata + "/PG_VERSION), so there is"
                    + " no password to reset; nothing was changed\nfix: `poststack up " + service.name()
                    + "` initialises one with this checkout's password");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pgdata + "/PG_VERSION of container " + container, e);
        }
    }

    /** PGDATA as the service's environment or else its image sets it. */
    private String dataDirectory(ServiceSpec service, ContainerPlan plan) {
        String set = service.env().get("PGDATA");
        if (set != null) {
            return set;
        }
        String[] env = context.docker().inspectImageCmd(plan.image().id()).exec().getConfig().getEnv();
        for (String entry : env == null ? new String[0] : env) {
            if (entry.startsWith("PGDATA=")) {
                return entry.substring("PGDATA=".length());
            }
        }
        return DEFAULT_PGDATA;
    }

    /** The temporary server stops as the service would (its stop signal, fast shutdown) and goes, also on Ctrl-C. */
    private void removeTemporary(String id) {
        ContainerRemoval.uninterruptibly(() -> {
            try {
                context.docker().stopContainerCmd(id).exec();
            } catch (NotModifiedException | NotFoundException alreadyStopped) {
                // Removed below, or gone.
            } catch (RuntimeException e) {
                // Removed by force below.
            }
            try {
                context.docker().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // Removed meanwhile.
            } catch (RuntimeException e) {
                // `poststack down` finds it by its labels.
            }
        });
    }

    private String output(String container) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var stream = ContainerLogs.stream(context.docker(), container, false, out);
        try {
            stream.awaitCompletion(10, TimeUnit.SECONDS);
        } finally {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Nothing to keep.
            }
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        return lines.isEmpty() ? "\nfix: it printed nothing; check the engine (`docker info`) and the service's image"
                : ". Its last output:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()))
                + "\nfix: its output above says why";
    }

    private static PoststackException failed(ServiceSpec service, String what) {
        return new PoststackException(PoststackException.Kind.FAILED, "service `" + service.name() + "`: " + what,
                null);
    }
}
