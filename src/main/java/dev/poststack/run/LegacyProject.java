package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import dev.poststack.engine.Labels;
import dev.poststack.files.AtomicFiles;
import dev.poststack.secret.PoststackFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The upgrade path from project names taken from the namespace alone. A checkout that ran poststack before
 * (it has generated secrets) and whose derived name has no stack yet adopts a stack of the old name
 * ({@code <namespace>}) when nothing of it was made by another checkout: it keeps that name from then on
 * ({@code .poststack/state/project}), so its data is not orphaned. Its next {@code up} stamps the containers
 * with this checkout, and other checkouts then get names of their own.
 */
final class LegacyProject {

    private LegacyProject() {
    }

    static ProjectIdentity adoptIfOwned(DockerClient docker, ProjectIdentity identity, Path projectDir) {
        if (identity.source() != ProjectIdentity.Source.CHECKOUT || !ranBefore(projectDir)) {
            return identity;
        }
        if (!labelsOf(docker, identity.name()).isEmpty()) {
            return identity; // This checkout has a stack under its own name already.
        }
        List<Map<String, String>> legacy = labelsOf(docker, identity.legacyName());
        boolean someoneElses = legacy.stream().map(labels -> labels.get(Labels.CHECKOUT))
                .anyMatch(owner -> owner != null && !owner.equals(identity.checkout()));
        if (legacy.isEmpty() || someoneElses) {
            return identity;
        }
        try {
            PoststackFolder.ignoreInGit(PoststackFolder.of(projectDir));
            AtomicFiles.writeString(ProjectIdentity.stateFile(projectDir), identity.legacyName() + "\n");
        } catch (IOException e) {
            // Adopted for this run only; the next one decides again.
        }
        return identity.adopting(identity.legacyName());
    }

    /** Whether this checkout generated secrets before: it may have made a stack of the old name. */
    private static boolean ranBefore(Path projectDir) {
        Path secrets = PoststackFolder.of(projectDir).resolve("secrets");
        if (!Files.isDirectory(secrets)) {
            return false;
        }
        try (Stream<Path> files = Files.list(secrets)) {
            return files.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** The labels of the containers and volumes of project {@code project}. */
    private static List<Map<String, String>> labelsOf(DockerClient docker, String project) {
        String filter = Labels.PROJECT + "=" + project;
        List<Map<String, String>> labels = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(filter)).exec()) {
            labels.add(c.getLabels() == null ? Map.of() : c.getLabels());
        }
        List<InspectVolumeResponse> volumes = docker.listVolumesCmd().withFilter("label", List.of(filter)).exec()
                .getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> labels.add(v.getLabels() == null ? Map.of() : v.getLabels()));
        }
        return labels;
    }
}
