package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.poststack.engine.Labels;
import dev.poststack.files.AtomicFiles;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.secret.PoststackFolder;
import dev.poststack.secret.SecretStore;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The upgrade path from project names taken from the namespace alone. A checkout whose derived name has no
 * stack yet adopts a stack of the old name ({@code <namespace>}) only when it proves the stack is its own: a
 * container of it, made before containers recorded their checkout, holds this checkout's secrets in
 * {@code /run/secrets/} (compared in memory, never shown). It keeps that name from then on
 * ({@code .poststack/state/project}), so its data is not orphaned; its next {@code up} stamps the containers
 * with this checkout, and other checkouts keep names of their own. A stack of the old name without containers
 * (only volumes) proves nothing: the README says how to pick it explicitly.
 */
final class LegacyProject {

    private LegacyProject() {
    }

    static ProjectIdentity adoptIfOwned(DockerClient docker, ProjectIdentity identity, Manifest manifest,
                                        SecretStore secrets) {
        Path projectDir = manifest.baseDir();
        if (identity.source() != ProjectIdentity.Source.CHECKOUT || !ranBefore(projectDir)
                || identity.legacyName().equals(identity.name()) || !containers(docker, identity.name()).isEmpty()) {
            return identity;
        }
        List<Container> legacy = containers(docker, identity.legacyName());
        boolean claimed = legacy.stream().anyMatch(c -> c.getLabels() != null && c.getLabels().containsKey(Labels.CHECKOUT));
        if (legacy.isEmpty() || claimed || legacy.stream().noneMatch(c -> holdsOurSecrets(docker, c, manifest, secrets))) {
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
        Path folder = PoststackFolder.of(projectDir).resolve("secrets");
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the service's secrets in {@code container} are this checkout's (all of them, at least one). */
    private static boolean holdsOurSecrets(DockerClient docker, Container container, Manifest manifest,
                                           SecretStore secrets) {
        String serviceName = container.getLabels() == null ? null : container.getLabels().get(Labels.SERVICE);
        ServiceSpec service = serviceName == null ? null : manifest.services().get(serviceName);
        if (service == null || service.secrets().isEmpty()) {
            return false;
        }
        for (String secret : service.secrets()) {
            Optional<byte[]> placed = read(docker, container.getId(), ServiceSpec.secretPath(secret));
            if (placed.isEmpty() || !MessageDigest.isEqual(placed.get(),
                    secrets.value(secret).getBytes(StandardCharsets.UTF_8))) {
                return false;
            }
        }
        return true;
    }

    private static Optional<byte[]> read(DockerClient docker, String containerId, String path) {
        try (InputStream in = docker.copyArchiveFromContainerCmd(containerId, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            return tar.getNextEntry() == null ? Optional.empty() : Optional.of(tar.readAllBytes());
        } catch (NotFoundException | IOException e) {
            return Optional.empty();
        }
    }

    private static List<Container> containers(DockerClient docker, String project) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(Labels.PROJECT + "=" + project)).exec();
    }
}
