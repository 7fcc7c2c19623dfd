package dev.poststack.run;

import dev.poststack.files.AtomicFiles;
import dev.poststack.secret.PoststackFolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Who owns a service's secret files, per image and configured user: found once by reading the image's
 * {@code /etc/passwd} (an engine round trip that mounts the container's filesystem, before every start) and
 * then remembered, in this JVM and in {@code .poststack/state/owners/} for the next process. An image id
 * names the image's content, so the answer never goes stale.
 */
final class ImageOwners {

    private static final Map<String, SecretFiles.Owner> KNOWN = new ConcurrentHashMap<>();

    private final Path stateRoot;
    private final Path folder;

    /** @param stateRoot the project's {@code .poststack} folder; answers are kept in its {@code state/owners} */
    ImageOwners(Path stateRoot) {
        this.stateRoot = stateRoot;
        this.folder = stateRoot.resolve("state").resolve("owners");
    }

    SecretFiles.Owner ownerOf(String imageId, String user, Supplier<SecretFiles.Owner> lookup) {
        String key = fileName(imageId, user);
        SecretFiles.Owner owner = KNOWN.get(key);
        if (owner == null) {
            owner = read(folder.resolve(key)).orElseGet(() -> {
                SecretFiles.Owner found = lookup.get();
                write(folder.resolve(key), found);
                return found;
            });
            KNOWN.put(key, owner);
        }
        return owner;
    }

    /** {@code <image id hex>.<user>}, the user's characters other than letters, digits, . and - as _. */
    static String fileName(String imageId, String user) {
        String id = imageId.startsWith("sha256:") ? imageId.substring("sha256:".length()) : imageId;
        return id.replaceAll("[^A-Za-z0-9]", "_") + "." + user.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    private static Optional<SecretFiles.Owner> read(Path file) {
        try {
            String[] ids = Files.readString(file, StandardCharsets.UTF_8).strip().split(":");
            return ids.length == 2 ? Optional.of(new SecretFiles.Owner(Integer.parseInt(ids[0]), Integer.parseInt(ids[1])))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            // Not there yet, or unreadable: looked up again (and written anew).
            return Optional.empty();
        }
    }

    private void write(Path file, SecretFiles.Owner owner) {
        try {
            PoststackFolder.ignoreInGit(stateRoot);
            AtomicFiles.writeString(file, owner.uid() + ":" + owner.gid() + "\n");
        } catch (IOException e) {
            // Only a cache: the next start looks the owner up again.
        }
    }
}
