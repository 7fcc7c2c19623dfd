package dev.poststack.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ChangelogTreeTest {

    @Test
    void theShippedChangelogsHaveNoProblemsAndListTheExampleSchemaInOrder() {
        ChangelogTree tree = ChangelogTree.read(Path.of("liquibase"), "changelog.yaml");

        assertThat(tree.problems()).as(tree.report()).isEmpty();
        assertThat(tree.files()).containsExactly("changelog.yaml", "changes/000-extensions.yaml",
                "changes/001-accounts.yaml", "changes/002-embeddings.yaml", "changes/003-graph.yaml",
                "changes/004-cron-jobs.yaml", "changes/005-grants.yaml");
        assertThat(tree.changeSets()).extracting(ChangeSet::identity).containsExactly(
                "changes/000-extensions.yaml::create-extension-vector::poststack",
                "changes/000-extensions.yaml::create-extension-age::poststack",
                "changes/000-extensions.yaml::create-extension-pg_cron::poststack",
                "changes/001-accounts.yaml::create-table-account::poststack",
                "changes/001-accounts.yaml::create-table-document::poststack",
                "changes/001-accounts.yaml::add-checks-account-document::poststack",
                "changes/002-embeddings.yaml::create-table-document_embedding::poststack",
                "changes/002-embeddings.yaml::create-index-document_embedding_hnsw::poststack",
                "changes/003-graph.yaml::create-graph-app_graph::poststack",
                "changes/004-cron-jobs.yaml::schedule-purge-deleted-documents::poststack",
                "changes/005-grants.yaml::grant-app-graph-access::poststack");
    }

    /** The expected order and paths are what Liquibase 5.0.1's update-sql printed for this tree. */
    @Test
    void readsEveryFormatAndIncludeKindInTheOrderLiquibaseRunsThem() {
        ChangelogTree tree = ChangelogTree.read(TestChangelogs.named("good/mixed"), "changelog.yaml");

        assertThat(tree.problems()).as(tree.report()).isEmpty();
        assertThat(tree.changeSets()).extracting(ChangeSet::identity).containsExactly(
                "changelog.yaml::master-first::poststack",
                "changes/001-tables.yaml::same-id::poststack",
                "nested-logical.yaml::nested::poststack",
                "own.yaml::own-path::poststack",
                "more/a.sql::sql-one::poststack",
                "more/a.sql::sql two::Ann Lee",
                "more/b.yaml::same-id::poststack",
                "more/sub/c.sql::sub-c::poststack",
                "legacy/changelog.xml::legacy::poststack",
                "legacy/included.xml::legacy-included::poststack",
                "seed.json::json-seed::poststack");
    }

    @Test
    void sameIdAndAuthorInTwoFilesAreTwoChangesets() {
        ChangelogTree tree = ChangelogTree.read(TestChangelogs.named("good/mixed"), "changelog.yaml");

        assertThat(tree.changeSets()).filteredOn(c -> c.id().equals("same-id"))
                .extracting(ChangeSet::path).containsExactly("changes/001-tables.yaml", "more/b.yaml");
    }

    @Test
    void aChangesetKnowsTheFileAndLineThatDeclareIt() {
        Path root = TestChangelogs.named("good/mixed");

        ChangeSet sqlTwo = ChangelogTree.read(root, "changelog.yaml").changeSets().stream()
                .filter(c -> c.id().equals("sql two")).findFirst().orElseThrow();

        assertThat(sqlTwo.file()).isEqualTo(root.resolve("more/a.sql"));
        assertThat(sqlTwo.line()).isEqualTo(6);
        assertThat(sqlTwo.author()).isEqualTo("Ann Lee");
    }

    @Test
    void problemsComeByFileInReadingOrderThenByLine() {
        Path root = TestChangelogs.named("bad/many-problems");

        ChangelogTree tree = ChangelogTree.read(root, "changelog.yaml");

        assertThat(tree.problems()).extracting(p -> root.relativize(p.file()) + ":" + p.line()).containsExactly(
                "changelog.yaml:3", "changelog.yaml:6", "changelog.yaml:14", "changes/broken.yaml:2",
                "changes/legacy.xml:4", "changes/seed.sql:2");
    }

    @Test
    void aMissingChangelogFolderIsOneProblem() {
        Path root = TestChangelogs.named("bad").resolve("no-such-folder");

        ChangelogTree tree = ChangelogTree.read(root, "changelog.yaml");

        assertThat(tree.changeSets()).isEmpty();
        assertThat(tree.report()).isEqualTo(root.resolve("changelog.yaml") + ":1:1: the changelog folder " + root
                + " does not exist" + System.lineSeparator() + "  fix: create it, or point poststack at the folder"
                + " that holds changelog.yaml");
    }

    @Test
    void aMasterOutsideTheChangelogFolderIsAProblem() {
        Path root = TestChangelogs.named("good/mixed");

        ChangelogTree tree = ChangelogTree.read(root, "../mixed/changelog.yaml");

        assertThat(tree.changeSets()).isEmpty();
        assertThat(tree.problems()).extracting(ChangelogProblem::message).containsExactly(
                "the master changelog `../mixed/changelog.yaml` is not inside the changelog folder " + root);
    }

    @Test
    void aProblemRendersAsFileLineColumnThenItsFix() {
        ChangelogProblem problem = new ChangelogProblem(Path.of("liquibase/changelog.yaml"), 3, 7, "something is wrong",
                "do this");

        assertThat(problem.render()).isEqualTo("liquibase/changelog.yaml:3:7: something is wrong"
                + System.lineSeparator() + "  fix: do this");
    }
}
