package dev.poststack.schema;

import dev.poststack.api.ChangeSet;
import dev.poststack.changelog.ChangelogTree;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure message built from what Liquibase 5.0.1 really printed for each kind of failure (kept in
 * {@code schema/failures/output}, for the changelogs beside it).
 */
class LiquibaseFailureTest {

    private static final Path LOG = Path.of("logs/containers/liquibase-update.log");

    private static Path folder() throws URISyntaxException {
        return Path.of(LiquibaseFailureTest.class.getResource("/schema/failures").toURI());
    }

    private static List<String> output(String name) throws Exception {
        return Files.readAllLines(folder().resolve("output/" + name + ".txt"));
    }

    private static String message(String name, List<ChangeSet> applied) throws Exception {
        ChangelogTree tree = ChangelogTree.read(folder().resolve("changelogs"), "changelog.yaml");
        assertThat(tree.problems()).isEmpty();
        return new FailureReport(tree).render(LiquibaseFailure.from(output(name)), applied,
                "the Liquibase lock was released", LOG, 1);
    }

    @Test
    void aFailingStatementNamesItsChangesetWithFileAndLineAndWhatWasCommittedBefore() throws Exception {
        String message = message("second", List.of(new ChangeSet("first", "t", "second.yaml")));

        assertThat(message).startsWith("changeset `second` by t in second.yaml failed (")
                .contains("second.yaml:7): ERROR: relation \"nosuch\" does not exist Position: 13")
                .contains("the failing statement: insert into nosuch values (1)")
                .contains("applied and committed before it in this run (they stay applied): `first` (second.yaml)")
                .contains("nothing of that changeset stays applied")
                .contains("fix: correct the changeset and apply again")
                .contains("its whole output, Java stack traces included, is in " + LOG);
    }

    @Test
    void aFailingStatementOfAnSqlFileNamesTheFileAndLine() throws Exception {
        String message = message("sqlfile", List.of());

        assertThat(message).contains("changeset `from-file` by t in sqlfile.yaml failed")
                .containsPattern("the failing statement \\(in \\S+/sql/bad\\.sql:2\\): insert into missing_from_sqlfile")
                .contains("fix: correct the changeset or its SQL file")
                .doesNotContain("applied and committed");
    }

    @Test
    void aFailedPreconditionSaysWhichAndThatNothingRan() throws Exception {
        String message = message("precond", List.of());

        assertThat(message).contains("changeset `needs-table` by t in precond.yaml (")
                .contains("precond.yaml:2): its precondition failed: Table public.nosuch_table does not exist")
                .contains("the changeset ran nothing")
                .contains("onFail: MARK_RAN")
                .doesNotContain("Preconditions Failed", "stays applied");
    }

    @Test
    void aValidationFailureShowsTheReasonAndTheChangeset() throws Exception {
        String message = message("v3", List.of());

        assertThat(message).startsWith("Liquibase found the changelogs invalid and applied nothing:"
                        + " tableName is required for addColumn on postgresql")
                .contains("in changeset `three` by t in v3.yaml (").contains("v3.yaml:2)")
                .contains("misspelt required one")
                .doesNotContain("stays applied", "1 changes have validation failures");
    }

    @Test
    void noMessageQuotesAJavaStackTrace() throws Exception {
        for (String name : List.of("second", "sqlfile", "precond", "v3", "pro")) {
            assertThat(output(name)).as(name).anyMatch(line -> line.startsWith("\tat liquibase."));
            assertThat(message(name, List.of())).as(name).doesNotContain("\tat ", "at liquibase.", "Exception:",
                    "Caused by");
        }
    }

    @Test
    void aParseErrorIsShownWithoutClaimingAChangesetRan() throws Exception {
        String message = message("pro", List.of());

        assertThat(message).startsWith("Liquibase failed before applying a changeset: Error parsing pro.yaml")
                .contains("Unknown change type 'addCheckConstraint'")
                .doesNotContain("stays applied");
    }

    @Test
    void outputWithoutTheClosingErrorFallsBackToThePrimaryReason() {
        LiquibaseFailure failure = LiquibaseFailure.from(List.of("ERROR: Exception Primary Reason:  Connection refused"));

        assertThat(failure.kind()).isEqualTo(LiquibaseFailure.Kind.OTHER);
        assertThat(failure.reason()).isEqualTo("Connection refused");
    }

    @Test
    void aFailureNamesTheChangeSetAndTheDatabasesReason() {
        LiquibaseFailure failure = LiquibaseFailure.from(List.of(
                "Running Changeset: changes/006-broken.yaml::006-broken::test",
                "Unexpected error running Liquibase: Migration failed for changeset changes/006-broken.yaml::006-broken::test:",
                "     Reason: liquibase.exception.DatabaseException: ERROR: relation \"missing_table\" does not exist"));

        assertThat(failure.kind()).isEqualTo(LiquibaseFailure.Kind.CHANGESET);
        assertThat(failure.changeSetIdentity()).contains("changes/006-broken.yaml::006-broken::test");
        assertThat(failure.reason()).isEqualTo("ERROR: relation \"missing_table\" does not exist");
    }
}
