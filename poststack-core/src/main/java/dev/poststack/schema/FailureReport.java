package dev.poststack.schema;

import dev.poststack.api.ChangeSet;
import dev.poststack.changelog.ChangelogTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The console message for a failed Liquibase run: what failed, where in the changelogs (file:line, and the
 * {@code sqlFile} of a failing statement), what this run applied and committed before it, and the fix. Liquibase's
 * Java stack traces stay in the task's log file, which the message names.
 */
final class FailureReport {

    private final ChangelogTree tree;

    FailureReport(ChangelogTree tree) {
        this.tree = tree;
    }

    /**
     * @param applied the changesets this run recorded in the database before it failed
     * @param lock    what became of Liquibase's lock
     * @param log     the file holding Liquibase's whole output
     */
    String render(LiquibaseFailure failure, List<ChangeSet> applied, String lock, Path log, int exitCode) {
        Optional<dev.poststack.changelog.ChangeSet> declared = declared(failure);
        String where = declared.map(c -> " (" + c.file() + ":" + c.line() + ")").orElse("");
        String named = failure.id().map(id -> "changeset `" + id + "` by " + failure.author().orElse("?") + " in "
                + failure.file().orElse("?")).orElse("");
        StringBuilder message = new StringBuilder();
        String fix;
        switch (failure.kind()) {
            case CHANGESET -> {
                message.append(named).append(" failed").append(where).append(": ").append(failure.reason());
                failure.failedSql().ifPresent(sql -> message.append("\n  the failing statement")
                        .append(statementPlace(sql, declared)).append(": ").append(abbreviate(sql)));
                message.append(appliedBefore(applied))
                        .append("\n  nothing of that changeset stays applied (it ran in one transaction); ").append(lock);
                fix = "correct the changeset" + (declared.map(c -> c.sqlFiles().isEmpty()).orElse(true) ? ""
                        : " or its SQL file") + " and apply again; Liquibase goes on after the changesets applied";
            }
            case PRECONDITION -> {
                message.append(named).append(where).append(": its precondition failed: ").append(failure.reason())
                        .append(appliedBefore(applied)).append("\n  the changeset ran nothing; ").append(lock);
                fix = "create what the precondition expects before this changeset runs, or give its preConditions"
                        + " `onFail: MARK_RAN` (skip it and record it as ran) or `onFail: CONTINUE` (skip it now,"
                        + " try again next time)";
            }
            case VALIDATION -> {
                message.append("Liquibase found the changelogs invalid and applied nothing: ").append(failure.reason());
                failure.id().ifPresent(id -> message.append("\n  in ").append(named).append(where));
                message.append("\n  ").append(lock);
                fix = "correct the change's attributes; Liquibase ignores an attribute it does not know, so a"
                        + " misspelt required one (`tableNam:`) reads as missing";
            }
            default -> {
                message.append(applied.isEmpty() ? "Liquibase failed before applying a changeset: "
                        : "Liquibase failed: ").append(failure.reason()).append(appliedBefore(applied))
                        .append("\n  ").append(lock);
                fix = "correct what the reason names and apply again";
            }
        }
        return message.append("\n  fix: ").append(fix)
                .append("\n  Liquibase exited with code ").append(exitCode)
                .append("; its whole output, Java stack traces included, is in ").append(log).toString();
    }

    private Optional<dev.poststack.changelog.ChangeSet> declared(LiquibaseFailure failure) {
        return failure.changeSetIdentity().flatMap(identity -> tree.changeSets().stream()
                .filter(c -> c.identity().equals(identity)).findFirst());
    }

    private static String appliedBefore(List<ChangeSet> applied) {
        if (applied.isEmpty()) {
            return "";
        }
        return "\n  applied and committed before it in this run (they stay applied): "
                + applied.stream().map(c -> "`" + c.id() + "` (" + c.file() + ")").collect(Collectors.joining(", "));
    }

    /** {@code (in FILE:LINE)} for a statement read from one of the changeset's {@code sqlFile}s. */
    private String statementPlace(String sql, Optional<dev.poststack.changelog.ChangeSet> declared) {
        List<String> files = declared.map(dev.poststack.changelog.ChangeSet::sqlFiles).orElse(List.of());
        String firstLine = sql.lines().findFirst().orElse(sql).strip();
        for (String file : files) {
            Path path = tree.root().resolve(file);
            try {
                List<String> lines = Files.readAllLines(path);
                for (int i = 0; i < lines.size(); i++) {
                    if (!firstLine.isEmpty() && lines.get(i).contains(firstLine)) {
                        return " (in " + path + ":" + (i + 1) + ")";
                    }
                }
            } catch (IOException | RuntimeException e) {
                // An unreadable file cannot be searched; the changeset's files are still named below.
            }
        }
        return files.isEmpty() ? "" : " (from " + files.stream().map(f -> tree.root().resolve(f).toString())
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String abbreviate(String sql) {
        String line = sql.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }
}
