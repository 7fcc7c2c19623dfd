package dev.poststack.run;

import com.github.dockerjava.api.model.HostConfig;
import dev.poststack.engine.Labels;
import dev.poststack.thread.Interrupts;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One-off task containers (Liquibase) on the project's network: created, given secret files, run, removed. */
final class TaskRunner {

    private final RunContext context;
    private final NetworkAndVolumes networkAndVolumes;
    private final ContainerRemoval removal;

    TaskRunner(RunContext context, NetworkAndVolumes networkAndVolumes, ContainerRemoval removal) {
        this.context = context;
        this.networkAndVolumes = networkAndVolumes;
        this.removal = removal;
    }

    /** @throws InterruptedException also when the interrupt landed inside an engine call */
    TaskResult run(String task, LocalImage image, List<String> command, Map<String, String> secretFiles,
                   Consumer<String> onOutput) throws InterruptedException {
        String action = "task " + task + " ran";
        String id;
        try {
            networkAndVolumes.ensureNetwork();
            Map<String, String> labels = context.resources().projectLabels();
            labels.put(Labels.TASK, task);
            id = context.docker().createContainerCmd(image.id())
                    .withName(context.resources().prefix() + "-" + task + "-"
                            + Long.toHexString(System.nanoTime() & 0xffffffL))
                    .withLabels(labels)
                    .withCmd(command)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode(context.resources().network()))
                    .exec().getId();
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, action);
            throw e;
        }
        try {
            if (!secretFiles.isEmpty()) {
                SecretFiles.copyInto(context.docker(), id, image.id(), image.user(), secretFiles, context.owners());
            }
            return TaskOutput.startAndWait(context, id, task, onOutput);
        } catch (RuntimeException e) {
            Interrupts.rethrowIfInterrupt(e, action);
            throw e;
        } finally {
            // A task container has no service label: its stop event has always named it by its id.
            removal.removeWithoutInterruption(Map.of(id, id));
        }
    }
}
