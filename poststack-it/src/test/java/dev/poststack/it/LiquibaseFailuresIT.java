package dev.poststack.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How `init-schema` reports each kind of Liquibase failure, against the real engine: one stack (the database
 * started once), several changelog variants, each built into the liquibase image (only its changelogs layer
 * changes) and applied. Every message names the cause, the place and the fix, and quotes no Java stack trace.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiquibaseFailuresIT {

    @TempDir
    static Path dir;

    private static StackProject project;

    @BeforeAll
    static void startTheDatabase() throws Exception {
        project = SharedImages.project(dir, "psit-lbfail-" + UUID.randomUUID().toString().substring(0, 8));
        Cli.Run up = project.run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
    }

    @AfterAll
    static void removeTheStack() throws Exception {
        if (project != null) {
            project.close();
        }
    }

    /** Replaces the changelogs with {@code files} (path, content, ...), rebuilds the image and runs init-schema. */
    private static Cli.Run apply(String... files) throws Exception {
        Path changelogs = project.files().file("liquibase");
        try (Stream<Path> walk = Files.walk(changelogs)) {
            walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(changelogs)).forEach(LiquibaseFailuresIT::delete);
        }
        for (int i = 0; i < files.length; i += 2) {
            project.files().write("liquibase/" + files[i], files[i + 1]);
        }
        Cli.Run build = project.run("build-images", "liquibase");
        assertThat(build.exitCode()).as(build.output()).isZero();
        return project.run("init-schema");
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String master(String... includes) {
        StringBuilder text = new StringBuilder("databaseChangeLog:\n");
        for (String include : includes) {
            text.append("  - include: {file: ").append(include).append("}\n");
        }
        return text.toString();
    }

    private static long count(String query) throws Exception {
        try (Connection c = project.connect("app", "postgres", "db-password"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertNoStackTrace(Cli.Run run) {
        assertThat(run.output()).doesNotContain("\tat ", "at liquibase.", "Caused by", "Exception:");
    }

    @Test
    @Order(1)
    void whenTheSecondOfThreeChangesetsFailsTheFirstIsNamedAsCommitted() throws Exception {
        Cli.Run run = apply("changelog.yaml", master("changes/steps.yaml"), "changes/steps.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: first
                      author: test
                      changes:
                        - sql: {sql: "create table first_ok (id int)"}
                  - changeSet:
                      id: second
                      author: test
                      changes:
                        - sql: {sql: "insert into no_such_table values (1)"}
                  - changeSet:
                      id: third
                      author: test
                      changes:
                        - sql: {sql: "create table third (id int)"}
                """);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stderr()).contains("changeset `second` by test in changes/steps.yaml failed (")
                .contains("liquibase/changes/steps.yaml:7): ERROR: relation \"no_such_table\" does not exist")
                .contains("the failing statement: insert into no_such_table values (1)")
                .contains("applied and committed before it in this run (they stay applied): `first` (changes/steps.yaml)")
                .contains("nothing of that changeset stays applied").contains("the Liquibase lock was released")
                .contains("fix: ").contains("logs/containers/liquibase-update.log");
        assertNoStackTrace(run);
        assertThat(Files.readString(project.files().file("logs/containers/liquibase-update.log")))
                .as("the stack trace is kept in the log").contains("\tat liquibase.");
        assertThat(count("select count(*) from databasechangelog where id = 'first'")).isOne();
        assertThat(count("select count(*) from pg_tables where tablename in ('first_ok', 'third')")).isOne();
    }

    @Test
    @Order(2)
    void aFailingStatementInAnSqlFileNamesTheFileAndLine() throws Exception {
        Cli.Run run = apply("changelog.yaml", master("changes/from-file.yaml"), "changes/from-file.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: from-file
                      author: test
                      changes:
                        - sqlFile: {path: sql/tables.sql, relativeToChangelogFile: true}
                """, "changes/sql/tables.sql", "create table from_file (id int);\n\ninsert into missing_in_file values (1);\n");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stderr()).contains("changeset `from-file` by test in changes/from-file.yaml failed")
                .containsPattern("the failing statement \\(in \\S*liquibase/changes/sql/tables\\.sql:3\\):"
                        + " insert into missing_in_file")
                .contains("fix: correct the changeset or its SQL file")
                .doesNotContain("applied and committed before it");
        assertNoStackTrace(run);
        assertThat(count("select count(*) from pg_tables where tablename = 'from_file'")).isZero();
    }

    @Test
    @Order(3)
    void aFailedPreconditionIsNamedAndNothingIsSaidToBeUndone() throws Exception {
        Cli.Run run = apply("changelog.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: needs-table
                      author: test
                      preConditions:
                        - onFail: HALT
                        - tableExists: {tableName: not_there_yet}
                      changes:
                        - sql: {sql: "create table after_precondition (id int)"}
                """);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stderr()).contains("changeset `needs-table` by test in changelog.yaml (")
                .contains("liquibase/changelog.yaml:2): its precondition failed:"
                        + " Table public.not_there_yet does not exist")
                .contains("the changeset ran nothing").contains("onFail: MARK_RAN")
                .doesNotContain("stays applied", "Preconditions Failed");
        assertNoStackTrace(run);
    }

    @Test
    @Order(4)
    void aMisspeltAttributeShowsLiquibasesReasonNotJustValidationFailed() throws Exception {
        Cli.Run run = apply("changelog.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: misspelt
                      author: test
                      changes:
                        - addColumn:
                            tableNam: first_ok
                            columns:
                              - column: {name: note, type: text}
                """);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stderr()).contains("Liquibase found the changelogs invalid and applied nothing:"
                        + " tableName is required for addColumn on postgresql")
                .contains("in changeset `misspelt` by test in changelog.yaml (")
                .contains("liquibase/changelog.yaml:2)").contains("misspelt required one")
                .doesNotContain("stays applied");
        assertNoStackTrace(run);
    }

    @Test
    @Order(5)
    void aProChangeTypeIsStoppedByThePreCheckWithFileAndLine() throws Exception {
        Cli.Run run = apply("changelog.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: check
                      author: test
                      changes:
                        - addCheckConstraint: {tableName: first_ok, constraintName: c, constraintBody: id > 0}
                """);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.stderr()).contains("liquibase/changelog.yaml:6:11: `addCheckConstraint` is a Liquibase Pro"
                        + " change type").contains("fix: write it as `- sql: {sql: \"ALTER TABLE t ADD CONSTRAINT")
                .contains("nothing was applied").doesNotContain("liquibase update against");
        assertNoStackTrace(run);
    }
}
