package dev.poststack.changelog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a formatted SQL changelog: its {@code --liquibase formatted sql} first line and its
 * {@code --changeset author:id} lines, matched with the patterns Liquibase itself uses; either may carry a
 * {@code logicalFilePath:}.
 */
final class SqlChangelogReader {

    private static final Pattern FIRST_LINE = Pattern.compile("\\s*--\\s*liquibase\\s*formatted.*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CHANGESET = Pattern.compile(
            "\\s*--[\\s]*changeset\\s+(\"[^\"]+\"|[^:]+):\\s*(\"[^\"]+\"|\\S+).*", Pattern.CASE_INSENSITIVE);
    /** A line Liquibase takes for a changeset line, so it stops when CHANGESET does not match it. */
    private static final Pattern CHANGESET_LIKE = Pattern.compile("\\s*--[\\s]*changeset[\\s]*.*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LOGICAL_FILE_PATH = Pattern.compile("\\blogicalFilePath:(\\S+)",
            Pattern.CASE_INSENSITIVE);

    private SqlChangelogReader() {
    }

    static ParsedChangelog read(Path file, String text, Problems problems) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !FIRST_LINE.matcher(lines.get(0)).matches()) {
            problems.add(file, Mark.START, "no `--liquibase formatted sql` first line: Liquibase would run the whole"
                            + " file as one changeset with the id `raw`",
                    "make `--liquibase formatted sql` the first line and start each change with `--changeset author:id`");
            return ParsedChangelog.UNREADABLE;
        }
        Matcher fileLogical = LOGICAL_FILE_PATH.matcher(lines.get(0));
        List<ChangelogEntry> entries = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            Mark at = Mark.of(i + 1, line.indexOf("--") + 1);
            Matcher changeset = CHANGESET.matcher(line);
            if (changeset.matches()) {
                Matcher logical = LOGICAL_FILE_PATH.matcher(line);
                entries.add(new ChangelogEntry.Declared(unquote(changeset.group(2)), unquote(changeset.group(1)),
                        logical.find() ? logical.group(1) : null, at, List.of()));
            } else if (CHANGESET_LIKE.matcher(line).matches()) {
                problems.add(file, at, "malformed changeset line `" + line.strip() + "`; Liquibase stops at it",
                        "write `--changeset author:id` (quote an author or id with spaces: --changeset \"Ann Lee\":42)");
            }
        }
        return new ParsedChangelog(entries, fileLogical.find() ? Optional.of(fileLogical.group(1)) : Optional.empty());
    }

    private static String unquote(String text) {
        String stripped = text.strip();
        return stripped.length() > 1 && stripped.startsWith("\"") && stripped.endsWith("\"")
                ? stripped.substring(1, stripped.length() - 1) : stripped;
    }
}
