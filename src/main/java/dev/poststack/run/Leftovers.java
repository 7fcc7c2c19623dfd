package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.poststack.engine.Labels;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Finds whole projects by poststack's labels and removes them: containers, then networks, then volumes. */
final class Leftovers {

    private Leftovers() {
    }

    static Set<String> remove(DockerClient docker, Predicate<String> abandoned) {
        Set<String> projects = new TreeSet<>();
        List<String> managed = List.of(Labels.MANAGED + "=true");
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(managed).exec()) {
            String project = c.getLabels().get(Labels.PROJECT);
            if (project != null && abandoned.test(project)) {
                projects.add(project);
                // Anonymous volumes (an image's VOLUME) go with the container; named ones are removed below.
                ignoreGone(() -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
            }
        }
        docker.listNetworksCmd().withFilter("label", managed).exec().forEach(n -> {
            String project = labelOf(n.getLabels());
            if (project != null && abandoned.test(project)) {
                projects.add(project);
                ignoreGone(() -> docker.removeNetworkCmd(n.getId()).exec());
            }
        });
        var volumes = docker.listVolumesCmd().withFilter("label", managed).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> {
                String project = labelOf(v.getLabels());
                if (project != null && abandoned.test(project)) {
                    projects.add(project);
                    ignoreGone(() -> docker.removeVolumeCmd(v.getName()).exec());
                }
            });
        }
        return projects;
    }

    private static String labelOf(Map<String, String> labels) {
        return labels == null ? null : labels.get(Labels.PROJECT);
    }

    private static void ignoreGone(Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException gone) {
            // Removed meanwhile: what we wanted.
        }
    }
}
