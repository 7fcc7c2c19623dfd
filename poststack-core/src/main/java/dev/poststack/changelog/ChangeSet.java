package dev.poststack.changelog;

import java.nio.file.Path;
import java.util.List;

/**
 * A changeset found in the changelog tree, identified as Liquibase identifies it: by id, author and
 * {@code path}, the value Liquibase writes to {@code DATABASECHANGELOG.FILENAME}.
 *
 * @param id     the changeset's id
 * @param author its author
 * @param path   its changelog's path relative to the changelog folder ({@code changes/001-accounts.yaml}),
 *               or the {@code logicalFilePath} that replaces it
 * @param file   the file that declares it
 * @param line     the 1-based line where it is declared
 * @param sqlFiles the files its {@code sqlFile} changes read, relative to the changelog folder, in order
 */
public record ChangeSet(String id, String author, String path, Path file, int line, List<String> sqlFiles) {

    public ChangeSet {
        sqlFiles = List.copyOf(sqlFiles);
    }

    /** Its identity (id, author, path) as Liquibase records it in {@code DATABASECHANGELOG}. */
    public dev.poststack.api.ChangeSet key() {
        return new dev.poststack.api.ChangeSet(id, author, path);
    }

    /** {@code path::id::author}, Liquibase's own notation in its logs and errors. */
    public String identity() {
        return key().toString();
    }
}
