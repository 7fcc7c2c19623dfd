package dev.poststack.it;

import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.SchemaOptions;
import dev.poststack.api.SchemaResult;
import dev.poststack.changelog.ChangeSet;
import dev.poststack.changelog.ChangelogTree;
import dev.poststack.junit.PoststackExtension;
import dev.poststack.junit.PoststackStack;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static dev.poststack.it.Sql.rows;
import static dev.poststack.it.Sql.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped example schema ({@code liquibase/}) as poststack applies it to the test JVM's shared stack (the
 * liquibase image run as a task container on the project's network against the database service); then the
 * application role {@code app} uses what the schema made. Rows and graph vertices get unique names, since
 * every class of the JVM shares the stack. The last test runs Liquibase once more.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleSchemaIT {

    @RegisterExtension
    static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(SharedImages.manifest());

    private static final String NEAREST = "SELECT d.title FROM document_embedding e JOIN document d ON d.id = e.document_id"
            + " ORDER BY e.embedding <-> '[0.1,0.9,0.2]' LIMIT 1";

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @Order(1)
    void everyChangesetOfTheShippedTreeIsAppliedInTheOrderTheCheckerListsThem(PoststackStack stack) throws Exception {
        List<String> expected = ChangelogTree.read(SharedImages.manifest().resolveSibling("liquibase"), "changelog.yaml")
                .changeSets().stream().map(ChangeSet::identity).toList();

        try (Connection c = superuserInApp(stack); Statement s = c.createStatement()) {
            String applied = rows(s, "SELECT filename || '::' || id || '::' || author FROM databasechangelog"
                    + " ORDER BY orderexecuted");
            assertThat(applied.lines().toList()).isEqualTo(expected);
        }
    }

    @Test
    @Order(2)
    void theTablesHaveTheirConstraintsAndRejectRowsThatBreakThem(PoststackStack stack) throws Exception {
        String email = unique("ada") + "@example.org";
        try (Connection c = Sql.connect(stack.database()); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT conname FROM pg_constraint WHERE conrelid IN ('account'::regclass,"
                    + " 'document'::regclass) ORDER BY conname")).isEqualTo("""
                    account_email_check
                    account_email_key
                    account_pkey
                    document_deleted_at_check
                    document_owner_id_fkey
                    document_owner_id_title_key
                    document_pkey
                    document_title_check
                    """);
            String owner = single(s, "INSERT INTO account (email, display_name) VALUES ('" + email + "', 'Ada')"
                    + " RETURNING id");
            String noOwner = single(s, "SELECT coalesce(max(id), 0) + 1000 FROM account");

            assertSqlState(s, "INSERT INTO document (owner_id, title) VALUES (" + noOwner + ", 'Orphan')", "23503");
            assertSqlState(s, "INSERT INTO account (email, display_name) VALUES ('no-at-sign', 'Bob')", "23514");
            assertSqlState(s, "INSERT INTO account (email, display_name) VALUES ('" + email + "', 'Ada 2')", "23505");
            assertSqlState(s, "INSERT INTO document (owner_id, title) VALUES (" + owner + ", '   ')", "23514");
            assertSqlState(s, "INSERT INTO document (owner_id) VALUES (" + owner + ")", "23502");
            s.execute("INSERT INTO document (owner_id, title) VALUES (" + owner + ", 'Notes')");
            assertSqlState(s, "INSERT INTO document (owner_id, title) VALUES (" + owner + ", 'Notes')", "23505");
        }
    }

    @Test
    @Order(2)
    void theHnswIndexServesTheNearestNeighbourQuery(PoststackStack stack) throws Exception {
        try (Connection c = Sql.connect(stack.database()); Statement s = c.createStatement()) {
            String owner = single(s, "INSERT INTO account (email, display_name) VALUES ('" + unique("vec")
                    + "@example.org', 'Vec') RETURNING id");
            s.execute("INSERT INTO document (owner_id, title) VALUES (" + owner + ", 'x'), (" + owner + ", 'y'), ("
                    + owner + ", 'z'), (" + owner + ", 'far')");
            s.execute("INSERT INTO document_embedding (document_id, embedding, model)"
                    + " SELECT id, CASE title WHEN 'x' THEN '[1,0,0]' WHEN 'y' THEN '[0,1,0]' WHEN 'z' THEN '[0,0,1]'"
                    + " ELSE '[5,5,5]' END::vector, 'test' FROM document WHERE owner_id = " + owner);
            s.execute("SET enable_seqscan = off");

            assertThat(rows(s, "EXPLAIN " + NEAREST)).contains("Index Scan using document_embedding_hnsw");
            assertThat(single(s, NEAREST)).isEqualTo("y");
        }
    }

    @Test
    @Order(2)
    void theGraphExistsAndTheApplicationRoleRunsCypherOnIt(PoststackStack stack) throws Exception {
        String email = unique("ada") + "@example.org";
        try (Connection c = Sql.connect(stack.database()); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT current_user")).isEqualTo("app");
            assertThat(single(s, "SELECT count(*) FROM ag_catalog.ag_graph WHERE name = 'app_graph'")).isEqualTo("1");
            assertThat(rows(s, "SELECT l.name FROM ag_catalog.ag_label l JOIN ag_catalog.ag_graph g ON g.graphid = l.graph"
                    + " WHERE g.name = 'app_graph' AND l.name NOT LIKE '\\_ag%' ORDER BY l.name"))
                    .isEqualTo("Account\nDocument\nOWNS\n");

            // Without the age library preloaded and ag_catalog on its search_path, app could not run Cypher.
            s.execute("SELECT * FROM ag_catalog.cypher('app_graph', $$ CREATE (:Account {email: '" + email + "'})"
                    + "-[:OWNS]->(:Document {title: 'Notes'}) $$) AS (v ag_catalog.agtype)");
            assertThat(rows(s, "SELECT * FROM ag_catalog.cypher('app_graph', $$ MATCH (a:Account)-[:OWNS]->(d:Document)"
                    + " WHERE a.email = '" + email + "' RETURN a.email, d.title $$)"
                    + " AS (email ag_catalog.agtype, title ag_catalog.agtype)"))
                    .isEqualTo("\"" + email + "\"|\"Notes\"\n");
        }
    }

    @Test
    @Order(2)
    void theCleanupJobIsScheduledInTheApplicationDatabase(PoststackStack stack) throws Exception {
        // cron.job shows each role only its own jobs; the job belongs to the superuser that scheduled it.
        try (Connection c = superuserInApp(stack); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT jobname, schedule, database, active, username FROM cron.job"))
                    .isEqualTo("purge-deleted-documents|30 3 * * *|app|t|postgres\n");
        }
    }

    /**
     * Liquibase runs again (other contexts than the stack's first run, so poststack cannot skip it as
     * unchanged) and applies nothing: no changeset and no cron job twice.
     */
    @Test
    @Order(3)
    void aSecondLiquibaseUpdateAppliesNothing(PoststackStack stack) throws Exception {
        SchemaResult again;
        try (Poststack poststack = Poststack.open(SharedImages.manifest(), stack.project())) {
            again = poststack.applySchema(SchemaOptions.defaults().contexts("second-run"), line -> { });
        }

        assertThat(again.liquibaseRan()).isTrue();
        assertThat(again.applied()).isEmpty();
        assertThat(again.createdDatabase()).isFalse();
        assertThat(again.createdOwner()).isFalse();
        try (Connection c = superuserInApp(stack); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM databasechangelog")).isEqualTo("11");
            assertThat(single(s, "SELECT count(*) FROM cron.job")).isEqualTo("1");
        }
    }

    /** Objects of the schemas the changelog made (not the catalogs, not extension members), with their owners. */
    private static final String MADE_BY_THE_CHANGELOG = """
            SELECT kind || ' ' || name || ' ' || owner FROM (
              SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view'
                       WHEN 'm' THEN 'view' END AS kind, n.nspname || '.' || c.relname AS name,
                     pg_get_userbyid(c.relowner) AS owner, c.oid AS oid, 'pg_class'::regclass AS catalog
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relkind IN ('r', 'S', 'v', 'm') AND n.nspname = 'public'
              UNION ALL
              SELECT 'function', n.nspname || '.' || p.proname, pg_get_userbyid(p.proowner), p.oid, 'pg_proc'::regclass
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
            ) o
            WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = o.catalog AND d.objid = o.oid
                              AND d.deptype = 'e')
            ORDER BY 1""";

    @Test
    @Order(2)
    void theSchemaOwnerOwnsWhatTheChangelogMadeAndUsesItWithoutGrants(PoststackStack stack) throws Exception {
        String owned;
        try (Connection c = superuserInApp(stack); Statement s = c.createStatement()) {
            owned = rows(s, MADE_BY_THE_CHANGELOG);
            assertThat(rows(s, "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'app'"
                    + " AND grantor <> 'app' AND table_schema = 'public'")).as("no grants to app on public").isEqualTo("0\n");
        }
        assertThat(owned.lines().toList()).as(owned).isNotEmpty()
                .contains("table public.account app", "table public.document app", "sequence public.account_id_seq app",
                        "table public.databasechangelog app", "table public.databasechangeloglock app")
                .allSatisfy(line -> assertThat(line).endsWith(" app"));

        String email = unique("owner") + "@example.org";
        try (Connection c = Sql.connect(stack.database()); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT current_user")).isEqualTo("app");
            for (String line : owned.lines().filter(l -> l.startsWith("table ")).toList()) {
                String table = line.split(" ")[1];
                assertThat(single(s, "SELECT has_table_privilege('" + table + "', 'SELECT, INSERT, UPDATE, DELETE')"))
                        .as(table).isEqualTo("t");
            }
            String id = single(s, "INSERT INTO account (email, display_name) VALUES ('" + email + "', 'Owner')"
                    + " RETURNING id");
            assertThat(s.executeUpdate("UPDATE account SET display_name = 'Owned' WHERE id = " + id)).isOne();
            assertThat(single(s, "SELECT display_name FROM account WHERE id = " + id)).isEqualTo("Owned");
            assertThat(s.executeUpdate("DELETE FROM account WHERE id = " + id)).isOne();
        }
    }

    private static Connection superuserInApp(PoststackStack stack) throws SQLException {
        DatabaseAccess admin = stack.admin();
        assertThat(admin.user()).isEqualTo("postgres");
        return Sql.connect(admin.withDatabase(stack.database().database()));
    }

    private static void assertSqlState(Statement s, String sql, String sqlState) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).as(e.getMessage())
                        .isEqualTo(sqlState));
    }
}
