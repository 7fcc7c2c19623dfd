package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import dev.poststack.engine.Labels;
import dev.poststack.secret.SecretFingerprint;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a data volume's cluster's superuser password is now, when {@code reset-password} changed it after the
 * volume was made: a volume's labels cannot change, so its {@link Labels#PASSWORD} keeps the password the cluster
 * was initialised with, and the reset writes the new one's {@link SecretFingerprint} (never the password) into the
 * file {@value #FILE} at the volume's root. An empty file is no record: how a failed reset puts back "none".
 */
final class PasswordRecord {

    static final String FILE = ".poststack-password";
    private static final String KEY = "password=";

    private PasswordRecord() {
    }

    /** The file's text recording {@code fingerprint}; empty for none. */
    static String text(Optional<String> fingerprint) {
        return fingerprint.map(f -> "# Written by `poststack reset-password`: a salted hash of the superuser's"
                + " password (never the password).\n" + KEY + f + "\n").orElse("");
    }

    /** The fingerprint a record's text holds: its last {@code password=} line; empty for none. */
    static Optional<String> fingerprint(String text) {
        return text.lines().map(String::strip).filter(l -> l.startsWith(KEY))
                .map(l -> l.substring(KEY.length()).strip()).filter(f -> !f.isEmpty())
                .reduce((first, last) -> last);
    }

    /** The record's text in {@code container}, whose volume is mounted at {@code mountPath}; empty when it has none. */
    static String read(DockerClient docker, String container, String mountPath) {
        return SecretFiles.readFile(docker, container, path(mountPath));
    }

    /** Writes {@code text} as the record of the volume mounted at {@code mountPath} in {@code container}. */
    static void write(DockerClient docker, String container, String mountPath, String text) {
        docker.copyArchiveToContainerCmd(container).withRemotePath(mountPath)
                .withTarInputStream(new ByteArrayInputStream(tar(text))).exec();
    }

    /**
     * The record of {@code volume}, read through a container of {@code imageId} that is created with the volume
     * mounted (never started: nothing runs on the data) and removed again.
     *
     * @param labels the project's labels, so a container left behind by a crash is found and removed
     */
    static String readFromVolume(DockerClient docker, String imageId, String volume, String mountPath,
                                 Map<String, String> labels) {
        String id = docker.createContainerCmd(imageId).withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
                        .withBinds(List.of(new Bind(volume, new com.github.dockerjava.api.model.Volume(mountPath)))))
                .exec().getId();
        try {
            return read(docker, id, mountPath);
        } finally {
            // Volumes: the anonymous ones the image's VOLUME lines may have made; a named one is never removed.
            ContainerRemoval.uninterruptibly(() -> {
                try {
                    docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                } catch (NotFoundException gone) {
                    // Removed meanwhile.
                }
            });
        }
    }

    /** Whether the volume's cluster's superuser has {@code password} now, as its record says. */
    static boolean matches(String text, String password) {
        return fingerprint(text).map(f -> SecretFingerprint.matches(f, password)).orElse(false);
    }

    private static String path(String mountPath) {
        return (mountPath.endsWith("/") ? mountPath : mountPath + "/") + FILE;
    }

    private static byte[] tar(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry file = new TarArchiveEntry(FILE);
            file.setMode(0100644);
            file.setSize(bytes.length);
            tar.putArchiveEntry(file);
            tar.write(bytes);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + FILE, e);
        }
        return out.toByteArray();
    }
}
