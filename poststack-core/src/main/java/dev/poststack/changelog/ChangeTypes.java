package dev.poststack.changelog;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The change types inside a changeset that the open-source Liquibase of the schema image cannot run. Liquibase
 * Pro (renamed Liquibase Secure in 5.0) adds these; liquibase-core 5.0 has none of them in its
 * {@code META-INF/services/liquibase.change.Change} (while {@code createProcedure} and {@code dropProcedure} are
 * there), and stops with "Unknown change type" only after connecting. Found here, they are named before anything runs.
 */
final class ChangeTypes {

    private static final String FUNCTION_SQL = "write it as `- sql: {sql: \"CREATE FUNCTION ... $$ ... $$ LANGUAGE"
            + " plpgsql\", splitStatements: false}` or put the statement in a file read by `- sqlFile: {path: ...,"
            + " splitStatements: false}`";
    private static final String STATEMENT_SQL = "write it as `- sql: {sql: \"%s\"}` (or a `sqlFile:`), which the"
            + " open-source Liquibase runs";

    /** Each Pro change type and the open-source way to write it for PostgreSQL. */
    private static final Map<String, String> PRO = Map.ofEntries(
            Map.entry("addCheckConstraint", STATEMENT_SQL.formatted("ALTER TABLE t ADD CONSTRAINT c CHECK (...)")),
            Map.entry("dropCheckConstraint", STATEMENT_SQL.formatted("ALTER TABLE t DROP CONSTRAINT c")),
            Map.entry("enableCheckConstraint", STATEMENT_SQL.formatted("ALTER TABLE t VALIDATE CONSTRAINT c")),
            Map.entry("disableCheckConstraint", "PostgreSQL cannot disable a check constraint; drop it with"
                    + " `- sql: {sql: \"ALTER TABLE t DROP CONSTRAINT c\"}` and add it again later"),
            Map.entry("createFunction", FUNCTION_SQL),
            Map.entry("dropFunction", STATEMENT_SQL.formatted("DROP FUNCTION f(argument types)")),
            Map.entry("createTrigger", "create its function and the trigger with `- sql: {sql: \"CREATE TRIGGER ..."
                    + " EXECUTE FUNCTION f()\", splitStatements: false}` or a `sqlFile:`"),
            Map.entry("dropTrigger", STATEMENT_SQL.formatted("DROP TRIGGER tr ON t")),
            Map.entry("enableTrigger", STATEMENT_SQL.formatted("ALTER TABLE t ENABLE TRIGGER tr")),
            Map.entry("disableTrigger", STATEMENT_SQL.formatted("ALTER TABLE t DISABLE TRIGGER tr")),
            Map.entry("renameTrigger", STATEMENT_SQL.formatted("ALTER TRIGGER tr ON t RENAME TO tr2")),
            Map.entry("createSynonym", "PostgreSQL has no synonyms; create a view with `createView` or `- sql:"
                    + " {sql: \"CREATE VIEW ...\"}`, or set the search_path"),
            Map.entry("dropSynonym", "PostgreSQL has no synonyms; drop the view that stands for it with `dropView`"),
            Map.entry("createPackage", "PostgreSQL has no packages (an Oracle feature); use a schema and functions"
                    + " written with `- sql:` or `sqlFile:`"),
            Map.entry("createPackageBody", "PostgreSQL has no packages (an Oracle feature); use a schema and"
                    + " functions written with `- sql:` or `sqlFile:`"),
            Map.entry("dropPackage", STATEMENT_SQL.formatted("DROP SCHEMA s CASCADE")),
            Map.entry("dropPackageBody", STATEMENT_SQL.formatted("DROP SCHEMA s CASCADE")),
            Map.entry("markUnused", "an Oracle feature; drop the column with `dropColumn` instead"),
            Map.entry("sqlPlus", "SQL*Plus is Oracle's; run the statements with `- sql:` or `sqlFile:`"));

    private ChangeTypes() {
    }

    /** How to write {@code changeType} without Liquibase Pro; empty when the open-source Liquibase runs it. */
    static Optional<String> proOnly(String changeType) {
        return Optional.ofNullable(PRO.get(changeType));
    }

    /** Records a problem when {@code changeType} (written at {@code at}) needs Liquibase Pro. */
    static void check(String changeType, Mark at, Path file, Problems problems) {
        proOnly(changeType).ifPresent(fix -> problems.add(file, at, "`" + changeType + "` is a Liquibase Pro change"
                + " type; the open-source Liquibase in the schema image stops on it with \"Unknown change type\"", fix));
    }
}
