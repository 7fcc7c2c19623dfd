package dev.poststack.changelog;

import java.util.List;
import java.util.Optional;

/**
 * One changelog file's entries in order, and the {@code logicalFilePath} it declares for its changesets.
 */
record ParsedChangelog(List<ChangelogEntry> entries, Optional<String> logicalFilePath) {

    static final ParsedChangelog UNREADABLE = new ParsedChangelog(List.of(), Optional.empty());

    ParsedChangelog {
        entries = List.copyOf(entries);
    }
}
