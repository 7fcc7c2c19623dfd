package dev.poststack.run;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;

import java.util.Map;

/** The project's network and named volumes: created when missing, labelled, removed on request. */
final class NetworkAndVolumes {

    private final RunContext context;

    NetworkAndVolumes(RunContext context) {
        this.context = context;
    }

    /** Creates the project's network; one of its name exists already when the engine refuses (409). */
    void ensureNetwork() {
        Resources resources = context.resources();
        try {
            context.docker().createNetworkCmd().withName(resources.network()).withDriver("bridge")
                    .withLabels(resources.projectLabels()).withCheckDuplicate(true).exec();
        } catch (ConflictException exists) {
            // Left by an earlier `up`, or created meanwhile by another poststack process of this project.
        }
    }

    void removeNetwork() {
        try {
            context.docker().removeNetworkCmd(context.resources().network()).exec();
        } catch (NotFoundException ignored) {
            // Already gone, or never created.
        }
    }

    /**
     * The engine answers a create of an existing volume with that volume, as it is (its labels untouched):
     * {@code labels} only describe a volume created now.
     */
    void ensureVolume(String name, Map<String, String> labels) {
        context.docker().createVolumeCmd().withName(name).withLabels(labels).exec();
    }

    /** Removes the project's named volumes (found by label). */
    void removeVolumes() {
        Resources resources = context.resources();
        Leftovers.removeVolumes(context.docker(), resources.projectFilter(), resources.project()::equals);
    }
}
