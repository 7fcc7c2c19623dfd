package dev.poststack.api;

/**
 * A Liquibase changeset, identified as Liquibase does: id, author and changelog file.
 *
 * @param file the changelog path as Liquibase records it (relative to the changelog folder)
 */
public record ChangeSet(String id, String author, String file) {

    /** {@code file::id::author}, the form Liquibase prints. */
    @Override
    public String toString() {
        return file + "::" + id + "::" + author;
    }
}
