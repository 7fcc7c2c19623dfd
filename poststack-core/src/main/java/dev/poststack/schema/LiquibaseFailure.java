package dev.poststack.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Liquibase says about a failed command, read from its output: what kind of failure, the changeset it names
 * (file, id, author), the reason without exception class names, and the SQL statement that failed. Liquibase ends
 * its output with an {@code Unexpected error running Liquibase:} block that holds all of it; the Java stack
 * traces around it are left out.
 */
record LiquibaseFailure(Kind kind, Optional<String> file, Optional<String> id, Optional<String> author,
                        String reason, Optional<String> failedSql) {

    /** How far Liquibase got. */
    enum Kind {
        /** A changeset's statements failed; the changesets before it were committed. */
        CHANGESET,
        /** A changeset's precondition failed with {@code onFail: HALT}; it ran nothing. */
        PRECONDITION,
        /** Liquibase found the changelogs invalid before running any changeset. */
        VALIDATION,
        /** Anything else: a parse error, a connection problem. */
        OTHER
    }

    private static final String UNEXPECTED = "Unexpected error running Liquibase:";
    private static final Pattern MIGRATION = Pattern.compile(
            "^Migration failed for change ?set (.+?)::(.+?)::(.+?):?\\s*$", Pattern.CASE_INSENSITIVE);
    /** Validation problems end with the changeset they are about: {@code ..., changes/x.yaml::id::author}. */
    private static final Pattern NAMED_CHANGESET = Pattern.compile(",\\s*(\\S+?)::(.+?)::(\\S+?)\\s*$");
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("^(?:[\\w.]+(?:Exception|Error):\\s*)+");
    private static final Pattern FAILED_SQL = Pattern.compile("\\s*\\[Failed SQL: \\(-?\\d+\\)\\s*(.*)]\\s*$",
            Pattern.DOTALL);
    private static final Pattern PRIMARY_REASON = Pattern.compile("Exception Primary Reason:\\s*(.+)$");
    private static final String PRECONDITION = "- Caused by: Preconditions Failed";

    static LiquibaseFailure from(List<String> output) {
        List<String> block = unexpectedErrorBlock(output);
        if (block.isEmpty()) {
            String reason = output.stream().map(PRIMARY_REASON::matcher).filter(Matcher::find)
                    .map(m -> m.group(1).strip()).findFirst().orElse("no reason given");
            return new LiquibaseFailure(Kind.OTHER, Optional.empty(), Optional.empty(), Optional.empty(), reason,
                    Optional.empty());
        }
        String first = block.get(0);
        List<String> rest = block.subList(1, block.size());
        Matcher migration = MIGRATION.matcher(first);
        if (migration.find()) {
            boolean precondition = rest.stream().anyMatch(l -> l.strip().equals(PRECONDITION));
            List<String> reasonLines = rest.stream().filter(l -> !l.strip().equals(PRECONDITION))
                    .map(l -> l.strip().replaceFirst("^Reason:\\s*", "")).filter(l -> !l.isEmpty()).toList();
            String text = EXCEPTION_PREFIX.matcher(String.join("\n", reasonLines)).replaceFirst("");
            Optional<String> sql = Optional.empty();
            Matcher failed = FAILED_SQL.matcher(text);
            if (failed.find()) {
                sql = Optional.of(failed.group(1).strip());
                text = text.substring(0, failed.start());
            }
            if (precondition) {
                // Liquibase writes each failed precondition as `changelog-file : what is not so`.
                text = text.replaceAll("(?m)^\\S+\\s+:\\s+", "");
            }
            return new LiquibaseFailure(precondition ? Kind.PRECONDITION : Kind.CHANGESET,
                    Optional.of(migration.group(1)), Optional.of(migration.group(2)), Optional.of(migration.group(3)),
                    oneLine(text), sql);
        }
        if (first.startsWith("Validation Failed")) {
            List<String> problems = new ArrayList<>();
            Optional<String[]> named = Optional.empty();
            for (String line : rest) {
                String problem = line.strip();
                Matcher m = NAMED_CHANGESET.matcher(problem);
                if (m.find()) {
                    named = named.or(() -> Optional.of(new String[]{m.group(1), m.group(2), m.group(3)}));
                    problem = problem.substring(0, m.start());
                }
                if (!problem.matches("\\d+ (change ?sets?|changes) (have|has) validation failures") && !problem.isEmpty()) {
                    problems.add(problem);
                }
            }
            return new LiquibaseFailure(Kind.VALIDATION, named.map(n -> n[0]), named.map(n -> n[1]),
                    named.map(n -> n[2]), problems.isEmpty() ? oneLine(String.join(" ", rest))
                    : String.join("; ", problems), Optional.empty());
        }
        return new LiquibaseFailure(Kind.OTHER, Optional.empty(), Optional.empty(), Optional.empty(),
                oneLine(EXCEPTION_PREFIX.matcher(String.join("\n", block)).replaceFirst("")), Optional.empty());
    }

    /** {@code file::id::author} when a changeset is named. */
    Optional<String> changeSetIdentity() {
        return id.map(i -> file.orElse("?") + "::" + i + "::" + author.orElse("?"));
    }

    /**
     * The lines of Liquibase's closing error, its first line without the {@code Unexpected error} prefix; the
     * block ends at the blank line before the stack trace.
     */
    private static List<String> unexpectedErrorBlock(List<String> output) {
        int start = -1;
        for (int i = output.size() - 1; i >= 0 && start < 0; i--) {
            if (output.get(i).startsWith(UNEXPECTED)) {
                start = i;
            }
        }
        List<String> block = new ArrayList<>();
        if (start < 0) {
            return block;
        }
        block.add(output.get(start).substring(UNEXPECTED.length()).strip());
        for (int i = start + 1; i < output.size(); i++) {
            String line = output.get(i);
            if (line.isBlank() || line.startsWith("\tat ") || line.startsWith("liquibase.exception.")
                    || line.startsWith("Caused by:")) {
                break;
            }
            block.add(line);
        }
        return block;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
