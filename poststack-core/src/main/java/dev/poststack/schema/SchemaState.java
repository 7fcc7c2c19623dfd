package dev.poststack.schema;

import dev.poststack.api.SchemaOptions;
import dev.poststack.api.SchemaStatus;
import dev.poststack.hash.Sha256;
import dev.poststack.files.AtomicFiles;
import dev.poststack.secret.PoststackFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Remembers, per database, what the last successful Liquibase update ran with: the schema image (which
 * holds the changelogs), the changesets recorded in the database, and the contexts and labels. When all are
 * the same again, nothing can be pending and Liquibase's JVM is not started at all; any change (a new
 * changelog, a changeset applied or removed by someone else) runs it.
 */
final class SchemaState {

    private final Path poststackFolder;
    private final Path folder;

    /** @param poststackFolder the project's {@code .poststack} folder; the state is kept in its {@code state} */
    SchemaState(Path poststackFolder) {
        this.poststackFolder = poststackFolder;
        this.folder = poststackFolder.resolve("state");
    }

    static String key(String imageId, List<SchemaStatus.Applied> applied, SchemaOptions options) {
        MessageDigest digest = Sha256.newDigest();
        update(digest, imageId);
        applied.forEach(a -> update(digest, a.changeSet().toString() + "@" + a.at()));
        update(digest, "contexts=" + options.contexts().orElse(""));
        update(digest, "labels=" + options.labels().orElse(""));
        return Sha256.hex(digest.digest());
    }

    private static void update(MessageDigest digest, String part) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    Optional<String> lastApplied(String database) {
        Path file = fileOf(database);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void recordApplied(String database, String key) {
        try {
            PoststackFolder.ignoreInGit(poststackFolder);
            AtomicFiles.writeString(fileOf(database), key + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileOf(database), e);
        }
    }

    private Path fileOf(String database) {
        return folder.resolve("schema-" + database + ".applied");
    }
}
