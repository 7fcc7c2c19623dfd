package dev.poststack.changelog;

import java.util.List;

/** What the tree needs from one entry of a changelog, whatever its format. */
sealed interface ChangelogEntry permits ChangelogEntry.Declared, ChangelogEntry.Include, ChangelogEntry.IncludeAll {

    /** Where problems about the entry point. */
    Mark at();

    /**
     * A {@code changeSet}; {@code id}, {@code author} and {@code logicalFilePath} are null when not written.
     */
    record Declared(String id, String author, String logicalFilePath, Mark at, List<SqlFile> sqlFiles)
            implements ChangelogEntry {

        public Declared {
            sqlFiles = List.copyOf(sqlFiles);
        }

        Declared withSqlFiles(List<SqlFile> files) {
            return new Declared(id, author, logicalFilePath, at, files);
        }
    }

    /** A {@code sqlFile} change of a changeset: its {@code path} as written. */
    record SqlFile(String path, boolean relativeToChangelogFile) {
    }

    /** {@code include: file:}; {@code at} is the file name's position when the format has one. */
    record Include(String file, boolean relativeToChangelogFile, boolean errorIfMissing, Mark at)
            implements ChangelogEntry {
    }

    /** {@code includeAll: path:}, every changelog below a folder in path order. */
    record IncludeAll(String path, boolean relativeToChangelogFile, boolean errorIfMissingOrEmpty, Mark at)
            implements ChangelogEntry {
    }
}
