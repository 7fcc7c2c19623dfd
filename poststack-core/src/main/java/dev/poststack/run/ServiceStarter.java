package dev.poststack.run;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import dev.poststack.api.PoststackException;
import dev.poststack.api.RunEvent;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.thread.Interrupts;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates and starts a service's container from its plan: volumes first, then the container, then its secrets
 * are copied into it, then it starts and its output is followed into {@code logs/containers/}.
 */
final class ServiceStarter {

    private final RunContext context;
    private final NetworkAndVolumes networkAndVolumes;
    private final RunningServices runningServices;

    ServiceStarter(RunContext context, NetworkAndVolumes networkAndVolumes, RunningServices runningServices) {
        this.context = context;
        this.networkAndVolumes = networkAndVolumes;
        this.runningServices = runningServices;
    }

    /**
     * @param created gets the new container's id and service name, so the caller can remove it again
     * @throws InterruptedException also when the interrupt landed inside an engine call
     */
    RunningService start(ContainerPlan plan, Map<String, String> created) throws InterruptedException {
        ServiceSpec service = plan.service();
        String action = "starting service " + service.name();
        Instant began = context.clock().instant();
        String id;
        try {
            for (String volume : service.volumes().keySet()) {
                networkAndVolumes.ensureVolume(context.resources().volume(volume), plan.volumeLabels());
            }
            SecretFiles.Owner memoryOwner = service.inMemory().isEmpty() ? SecretFiles.Owner.ROOT : memoryOwner(plan);
            id = plan.createCommand(context.docker(), memoryOwner).exec().getId();
        } catch (ConflictException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, "service `" + service.name()
                    + "`: cannot create container " + context.resources().container(service.name()) + ": "
                    + e.getMessage() + "\nfix: another process created it meanwhile; run `poststack down` and try"
                    + " again", e);
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, action);
            throw e;
        }
        created.put(id, service.name());
        try {
            placeSecrets(service, id, plan.image());
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, action);
            throw cannotStart(service, e);
        }
        return startCreated(service, id, began);
    }

    /**
     * Starts a created (or stopped) container of {@code service}, follows its output into {@code logs/containers/}
     * and reports it started, {@code began} being when this start began; {@code up} and {@code restart} share it.
     *
     * @throws InterruptedException also when the interrupt landed inside an engine call
     */
    RunningService startCreated(ServiceSpec service, String id, Instant began) throws InterruptedException {
        String action = "starting service " + service.name();
        try {
            context.docker().startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, action);
            throw cannotStart(service, e);
        }
        InspectContainerResponse container;
        try {
            context.logs().follow(service.name(), id);
            container = context.docker().inspectContainerCmd(id).exec();
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, action);
            throw e;
        }
        RunningService running = runningServices.of(service, container);
        context.listener().on(new RunEvent.ServiceStarted(service.name(), id, running.ports(),
                Duration.between(began, context.clock().instant()), context.clock().instant()));
        return running;
    }

    /**
     * Who owns the service's paths held in memory: the image's user, as its secret files are (the same remembered
     * answer, {@link ImageOwners}). A user name not known yet is looked up in a container created for it (before
     * the service's own container, whose mounts need the answer) and removed again; ids need no container.
     */
    private SecretFiles.Owner memoryOwner(ContainerPlan plan) {
        LocalImage image = plan.image();
        return context.owners().ownerOf(image.id(), image.user(), () -> {
            String[] probe = new String[1];
            try {
                return SecretFiles.resolveOwner(image.user(), path -> {
                    if (probe[0] == null) {
                        probe[0] = context.docker().createContainerCmd(image.id())
                                .withLabels(context.resources().projectLabels()).withEntrypoint("true").exec().getId();
                    }
                    return SecretFiles.readFile(context.docker(), probe[0], path);
                });
            } finally {
                if (probe[0] != null) {
                    context.docker().removeContainerCmd(probe[0]).withForce(true).exec();
                }
            }
        });
    }

    private static PoststackException cannotStart(ServiceSpec service, RuntimeException e) {
        boolean portTaken = e.getMessage() != null && e.getMessage().contains("port is already allocated");
        return new PoststackException(PoststackException.Kind.FAILED, "service `" + service.name()
                + "`: the engine could not start its container: " + e.getMessage() + "\nfix: "
                + (portTaken ? "a fixed host port in `ports:` is taken by another program; free it or publish on a"
                + " random port (`ports: [" + firstPort(service) + "]`)"
                : "check the engine (`docker info`, its log) and the service's image, then run `poststack up "
                + service.name() + "` again"), e);
    }

    private static String firstPort(ServiceSpec service) {
        return service.ports().isEmpty() ? "PORT" : String.valueOf(service.ports().get(0).containerPort());
    }

    /** Copies a service's secrets (and its TLS certificate and key) into its created, not yet started container. */
    void placeSecrets(ServiceSpec service, String containerId, LocalImage image) {
        Map<String, String> values = new LinkedHashMap<>();
        service.secrets().forEach(s -> values.put(s, context.secrets().value(s)));
        values.putAll(TlsFiles.of(service));
        SecretFiles.copyInto(context.docker(), containerId, image.id(), image.user(), values, context.owners());
    }
}
