package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.poststack.manifest.ServiceSpec;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Places secrets into a created (not yet started) container as {@code /run/secrets/<name>}, mode 0400,
 * owned by the image's user. Copied through the engine API into the container's own layer, they appear in
 * no image, no {@code docker inspect} and no command line, and work with remote engines too.
 */
final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * @param imageId the container's image, by id
     * @param user    the image's configured user ({@code ""}, {@code name}, {@code uid}, {@code uid:gid} or
     *                {@code name:group})
     * @param owners  remembers the owner found for an image and user
     */
    static void copyInto(DockerClient docker, String containerId, String imageId, String user,
                         Map<String, String> secrets, ImageOwners owners) {
        if (secrets.isEmpty()) {
            return;
        }
        Owner owner = owners.ownerOf(imageId, user, () -> resolveOwner(docker, containerId, user));
        docker.copyArchiveToContainerCmd(containerId)
                .withRemotePath("/")
                .withTarInputStream(new ByteArrayInputStream(tar(secrets, owner)))
                .exec();
    }

    record Owner(int uid, int gid) {
        static final Owner ROOT = new Owner(0, 0);
    }

    static byte[] tar(Map<String, String> secrets, Owner owner) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry folder = new TarArchiveEntry(ServiceSpec.SECRETS_DIR.substring(1) + "/");
            folder.setMode(040755);
            tar.putArchiveEntry(folder);
            tar.closeArchiveEntry();
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                byte[] value = secret.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry file = new TarArchiveEntry(ServiceSpec.secretPath(secret.getKey()).substring(1));
                file.setMode(0100400);
                file.setIds(owner.uid(), owner.gid());
                file.setSize(value.length);
                tar.putArchiveEntry(file);
                tar.write(value);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack secrets", e);
        }
        return bytes.toByteArray();
    }

    /** Numeric ids are used as they are; names are looked up in the container's own passwd and group files. */
    static Owner resolveOwner(DockerClient docker, String containerId, String user) {
        return resolveOwner(user, path -> readFile(docker, containerId, path));
    }

    /**
     * As {@link #resolveOwner(DockerClient, String, String)}, the image's files read by {@code files} (path to its
     * text, empty when missing), which is asked only for a name.
     */
    static Owner resolveOwner(String user, java.util.function.UnaryOperator<String> files) {
        if (user == null || user.isBlank()) {
            return Owner.ROOT;
        }
        String[] parts = user.split(":", 2);
        String userPart = parts[0];
        Optional<String[]> passwd = userPart.matches("\\d+") ? Optional.empty()
                : lookup(files.apply("/etc/passwd"), userPart);
        int uid = userPart.matches("\\d+") ? Integer.parseInt(userPart)
                : passwd.map(p -> Integer.parseInt(p[2])).orElseThrow(() -> new IllegalStateException(
                        "the image's user `" + userPart + "` is not in its /etc/passwd"));
        int gid;
        if (parts.length == 2) {
            gid = parts[1].matches("\\d+") ? Integer.parseInt(parts[1])
                    : lookup(files.apply("/etc/group"), parts[1])
                    .map(g -> Integer.parseInt(g[2])).orElseThrow(() -> new IllegalStateException(
                            "the image's group `" + parts[1] + "` is not in its /etc/group"));
        } else {
            gid = passwd.map(p -> Integer.parseInt(p[3])).orElse(uid);
        }
        return new Owner(uid, gid);
    }

    /** The colon-separated fields of the line of {@code file} whose first field is {@code name}. */
    static Optional<String[]> lookup(String file, String name) {
        return file.lines().map(line -> line.split(":", -1))
                .filter(fields -> fields.length >= 4 && fields[0].equals(name)).findFirst();
    }

    /** A file of a container (created, running or stopped; its volumes' files too), empty when it has none. */
    static String readFile(DockerClient docker, String containerId, String path) {
        try (InputStream in = docker.copyArchiveFromContainerCmd(containerId, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            return tar.getNextEntry() == null ? "" : new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        } catch (NotFoundException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " of container " + containerId, e);
        }
    }
}
