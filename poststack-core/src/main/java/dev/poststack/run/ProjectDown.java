package dev.poststack.run;

import com.github.dockerjava.api.model.Container;
import dev.poststack.engine.Labels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** {@code down}: the project's containers (dependents first), its network and, on request, its volumes. */
final class ProjectDown {

    private final RunContext context;
    private final ContainerRemoval removal;
    private final NetworkAndVolumes networkAndVolumes;
    private final Ownership ownership;

    ProjectDown(RunContext context, ContainerRemoval removal, NetworkAndVolumes networkAndVolumes,
                Ownership ownership) {
        this.context = context;
        this.removal = removal;
        this.networkAndVolumes = networkAndVolumes;
        this.ownership = ownership;
    }

    /** @return the services whose containers were removed */
    List<String> down(boolean volumes) {
        List<Container> containers = context.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(context.resources().projectFilter())).exec();
        ownership.checkMayRemove(containers, volumes);
        List<String> dependentsFirst = new ArrayList<>(ServiceOrder.of(context.manifest().services(), List.of()));
        Collections.reverse(dependentsFirst);
        List<Container> stopOrder = new ArrayList<>(containers);
        // Containers of services no longer in the manifest (index -1) before all: they may depend on any other.
        stopOrder.sort(Comparator.comparingInt(c -> dependentsFirst.indexOf(serviceOf(c))));
        List<String> removed = new ArrayList<>();
        for (Container container : stopOrder) {
            removal.remove(serviceOf(container), container.getId());
            removed.add(serviceOf(container));
        }
        networkAndVolumes.removeNetwork();
        if (volumes) {
            networkAndVolumes.removeVolumes();
        }
        return removed;
    }

    /** Stops and removes the containers of {@code services} (dependents first); volumes are kept. */
    void stop(List<String> services) {
        List<String> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        ContainerRemoval.uninterruptibly(() -> {
            for (String service : reversed) {
                removal.remove(service, context.resources().container(service));
            }
        });
    }

    private static String serviceOf(Container container) {
        return container.getLabels().getOrDefault(Labels.SERVICE, container.getId());
    }
}
