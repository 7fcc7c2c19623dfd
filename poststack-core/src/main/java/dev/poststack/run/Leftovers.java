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
        String managed = Labels.MANAGED + "=true";
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(managed)).exec()) {
            String project = c.getLabels().get(Labels.PROJECT);
            if (project != null && abandoned.test(project)) {
                projects.add(project);
                // Anonymous volumes (an image's VOLUME) go with the container; named ones are removed below.
                ignoreGone(() -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
            }
        }
        docker.listNetworksCmd().withFilter("label", List.of(managed)).exec().forEach(n -> {
            String project = labelOf(n.getLabels());
            if (project != null && abandoned.test(project)) {
                projects.add(project);
                ignoreGone(() -> docker.removeNetworkCmd(n.getId()).exec());
            }
        });
        projects.addAll(removeVolumes(docker, managed, abandoned));
        return projects;
    }

    /**
     * Removes the volumes labelled {@code label} ({@code key=value}) whose project {@code accepted} takes;
     * one removed meanwhile is fine.
     *
     * @return the projects whose volumes were removed
     */
    static Set<String> removeVolumes(DockerClient docker, String label, Predicate<String> accepted) {
        Set<String> projects = new TreeSet<>();
        // The engine answers null rather than an empty list when there are none.
        var volumes = docker.listVolumesCmd().withFilter("label", List.of(label)).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> {
                String project = labelOf(v.getLabels());
                if (project != null && accepted.test(project)) {
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
