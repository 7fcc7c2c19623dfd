package dev.poststack.schema;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Liquibase says about a failed update, read from its output: the failing changeset (file, id,
 * author) and the database's error.
 */
record LiquibaseFailure(Optional<String> file, Optional<String> id, Optional<String> author, Optional<String> reason) {

    private static final Pattern CHANGESET = Pattern.compile(
            "Migration failed for change ?set ([^:\\s]+)::(.+?)::([^:]+?):?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern REASON = Pattern.compile("^\\s*Reason:\\s*(?:[\\w.]+Exception:\\s*)?(.+)$");
    private static final Pattern PRIMARY_REASON = Pattern.compile("Exception Primary Reason:\\s*(.+)$");
    private static final Pattern UNEXPECTED = Pattern.compile("Unexpected error running Liquibase:\\s*(.+)$");

    static LiquibaseFailure from(List<String> output) {
        Optional<String> file = Optional.empty();
        Optional<String> id = Optional.empty();
        Optional<String> author = Optional.empty();
        Optional<String> reason = Optional.empty();
        Optional<String> primary = Optional.empty();
        for (String line : output) {
            Matcher changeSet = CHANGESET.matcher(line);
            if (changeSet.find()) {
                file = Optional.of(changeSet.group(1));
                id = Optional.of(changeSet.group(2));
                author = Optional.of(changeSet.group(3));
            }
            Matcher r = REASON.matcher(line);
            if (r.find() && reason.isEmpty()) {
                reason = Optional.of(r.group(1).strip());
            }
            Matcher unexpected = UNEXPECTED.matcher(line);
            if (unexpected.find() && reason.isEmpty() && !CHANGESET.matcher(line).find()) {
                reason = Optional.of(unexpected.group(1).strip());
            }
            Matcher p = PRIMARY_REASON.matcher(line);
            if (p.find() && primary.isEmpty()) {
                primary = Optional.of(p.group(1).strip());
            }
        }
        return new LiquibaseFailure(file, id, author, primary.isPresent() ? primary : reason);
    }

    String summary() {
        String what = id.isPresent()
                ? "changeset `" + id.get() + "` by " + author.orElse("?") + " in " + file.orElse("?") + " failed"
                : "Liquibase failed before applying a changeset";
        return what + reason.map(r -> ": " + r).orElse("");
    }
}
