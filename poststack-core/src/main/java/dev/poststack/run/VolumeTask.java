package dev.poststack.run;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.poststack.api.PoststackException;
import dev.poststack.engine.Labels;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.thread.Interrupts;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A one-off container of a service's image on the service's volumes, with its environment and secrets but no
 * network (pgBackRest's restore and info while the service is stopped): created, given the secret files, run,
 * removed, also on Ctrl-C.
 */
final class VolumeTask {

    private final RunContext context;
    private final ServiceStarter starter;

    VolumeTask(RunContext context, ServiceStarter starter) {
        this.context = context;
        this.starter = starter;
    }

    /**
     * Refuses when a running container uses one of the service's volumes (other than {@code skip}): two servers must
     * never share a data directory, so a task that writes one runs only on a stopped service's.
     *
     * @param consequence what is not done, e.g. {@code so nothing is restored into it}
     * @param command     the command to run again once it is stopped, e.g. {@code poststack restore}
     */
    void requireUnused(ServiceSpec service, Set<String> skip, String consequence, String command) {
        for (String volume : service.volumes().keySet()) {
            if (skip.contains(volume)) {
                continue;
            }
            String name = context.resources().volume(volume);
            List<Container> users = context.docker().listContainersCmd().withShowAll(false)
                    .withVolumeFilter(List.of(name)).exec();
            if (!users.isEmpty()) {
                throw new PoststackException(PoststackException.Kind.FAILED, "service `" + service.name() + "`: volume "
                        + name + " is in use by container " + users.get(0).getNames()[0].replaceFirst("^/", "") + ", "
                        + consequence + "\nfix: stop that container, then run `" + command + "` again", null);
            }
        }
    }

    /** @return the exit code and output; each line also goes to {@code onOutput} */
    TaskResult run(String task, ContainerPlan plan, List<String> command, Consumer<String> onOutput)
            throws InterruptedException {
        String action = "task " + task + " of service " + plan.service().name();
        Map<String, String> labels = context.resources().projectLabels();
        labels.put(Labels.TASK, task);
        String id;
        try {
            id = context.docker().createContainerCmd(plan.image().id())
                    .withName(context.resources().container(plan.service().name()) + "-" + task + "-"
                            + Long.toHexString(System.nanoTime() & 0xffffffL))
                    .withLabels(labels)
                    .withEnv(plan.service().env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withCmd(command)
                    .withHostConfig(HostConfig.newHostConfig().withBinds(plan.binds()).withNetworkMode("none"))
                    .exec().getId();
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, action);
            throw e;
        }
        try {
            starter.placeSecrets(plan.service(), id, plan.image());
            return TaskOutput.startAndWait(context, id, plan.service().name() + "-" + task, onOutput);
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, action);
            throw e;
        } finally {
            ContainerRemoval.uninterruptibly(() -> {
                try {
                    context.docker().removeContainerCmd(id).withForce(true).exec();
                } catch (NotFoundException gone) {
                    // Removed meanwhile.
                } catch (RuntimeException e) {
                    // `poststack down` finds it by its labels.
                }
            });
        }
    }
}
