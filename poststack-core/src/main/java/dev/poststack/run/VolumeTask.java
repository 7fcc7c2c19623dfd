package dev.poststack.run;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import dev.poststack.engine.Labels;
import dev.poststack.thread.Interrupts;

import java.util.List;
import java.util.Map;
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
