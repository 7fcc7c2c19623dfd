package dev.poststack.it;

import dev.poststack.api.DatabaseAccess;
import dev.poststack.junit.PoststackExtension;
import dev.poststack.junit.PoststackStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static dev.poststack.it.Sql.rows;
import static dev.poststack.it.Sql.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every extension the postgres image ships, created and used on the test JVM's shared stack as its superuser:
 * in a scratch database of this class, except pg_cron, which lives in the database named by
 * {@code cron.database_name} (the application database, where the schema created it). Scratch objects have
 * unique names and are removed again, since every class of the JVM shares the stack.
 */
class PostgresExtensionsIT {

    @RegisterExtension
    static final PoststackExtension POSTSTACK = PoststackExtension.forManifest(SharedImages.manifest());

    private static final String SCRATCH = "ext_" + UUID.randomUUID().toString().substring(0, 8);

    private static DatabaseAccess admin;

    @BeforeAll
    static void createTheScratchDatabase(PoststackStack stack) throws Exception {
        admin = stack.admin();
        try (Connection c = Sql.connect(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + SCRATCH);
        }
    }

    @AfterAll
    static void dropTheScratchDatabase() throws Exception {
        try (Connection c = Sql.connect(admin); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + SCRATCH + " WITH (FORCE)");
        }
    }

    private static Connection scratch() throws SQLException {
        return Sql.connect(admin.withDatabase(SCRATCH));
    }

    @Test
    void pgvectorFindsTheNearestRowAndAnHnswIndexServesTheQuery() throws Exception {
        try (Connection c = scratch(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION vector");
            s.execute("CREATE TABLE items (id int PRIMARY KEY, embedding vector(3))");
            s.execute("INSERT INTO items VALUES (1, '[1,0,0]'), (2, '[0,1,0]'), (3, '[0,0,1]'), (4, '[5,5,5]')");
            String nearest = "SELECT id FROM items ORDER BY embedding <-> '[0.1,0.9,0.2]' LIMIT 1";

            assertThat(single(s, nearest)).isEqualTo("2");
            assertThat(single(s, "SELECT embedding <-> '[1,0,0]' FROM items WHERE id = 2")).startsWith("1.414");

            s.execute("CREATE INDEX items_embedding_hnsw ON items USING hnsw (embedding vector_l2_ops)");
            s.execute("SET enable_seqscan = off");
            assertThat(rows(s, "EXPLAIN " + nearest)).contains("Index Scan using items_embedding_hnsw on items");
            assertThat(single(s, nearest)).isEqualTo("2");
        }
    }

    @Test
    void apacheAgeCreatesAGraphAndMatchesTheVertexACypherCreateMade() throws Exception {
        try (Connection c = scratch(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION age");
            // Not preloaded: every session that uses AGE loads it first.
            s.execute("LOAD 'age'");
            s.execute("SET search_path = ag_catalog, \"$user\", public");
            // AGE 1.5 rejects graph names shorter than 3 characters ('g' is "graph name is invalid").
            s.execute("SELECT create_graph('poststack_graph')");
            s.execute("SELECT * FROM cypher('poststack_graph', $$ CREATE (:Person {name: 'Ada', born: 1815}) $$) AS (v agtype)");

            String matched = rows(s, "SELECT * FROM cypher('poststack_graph', $$ MATCH (p:Person) RETURN p.name, p.born $$)"
                    + " AS (name agtype, born agtype)");

            assertThat(matched).isEqualTo("\"Ada\"|1815\n");
            assertThat(single(s, "SELECT count(*) FROM ag_catalog.ag_graph WHERE name = 'poststack_graph'")).isEqualTo("1");
        }
    }

    @Test
    void pgCronRunsAJobEverySecondInTheDatabaseItIsConfiguredFor() throws Exception {
        String database = query(admin, "SHOW cron.database_name");
        assertThat(database).as("the stack's cron.database_name").isEqualTo("app");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String ticks = "ticks_" + suffix;
        String jobName = "poststack-test-" + suffix;
        try (Connection c = Sql.connect(admin.withDatabase(database)); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'")).isEqualTo("1");
            s.execute("CREATE TABLE " + ticks + " (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())");
            try {
                String job = single(s, "SELECT cron.schedule('" + jobName + "', '1 second', 'INSERT INTO " + ticks
                        + " DEFAULT VALUES')");
                try {
                    String countSucceeded = "SELECT count(*) FROM cron.job_run_details WHERE jobid = " + job
                            + " AND status = 'succeeded'";
                    try {
                        org.awaitility.Awaitility.await("the job ran and succeeded").atMost(Duration.ofSeconds(20))
                                .pollInterval(Duration.ofMillis(250))
                                .until(() -> Long.parseLong(single(s, "SELECT count(*) FROM " + ticks)) > 0
                                        && Long.parseLong(single(s, countSucceeded)) > 0);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        // The assertions below say what was seen, with the job's runs.
                    }
                    long inserted = Long.parseLong(single(s, "SELECT count(*) FROM " + ticks));
                    long succeeded = Long.parseLong(single(s, countSucceeded));
                    assertThat(inserted).as("rows the job inserted; runs:%n%s", rows(s,
                            "SELECT status, return_message FROM cron.job_run_details WHERE jobid = " + job)).isPositive();
                    assertThat(succeeded).isPositive();
                } finally {
                    assertThat(single(s, "SELECT cron.unschedule('" + jobName + "')")).isEqualTo("t");
                }
                assertThat(single(s, "SELECT count(*) FROM cron.job WHERE jobname = '" + jobName + "'")).isEqualTo("0");
            } finally {
                s.execute("DROP TABLE " + ticks);
            }
        }
    }

    @Test
    void pgSqueezeIsPreloadedAndItsRegistryIsQueryable() throws Exception {
        try (Connection c = scratch(); Statement s = c.createStatement()) {
            // pg_squeeze refuses CREATE EXTENSION unless it is in shared_preload_libraries.
            assertThat(single(s, "SHOW shared_preload_libraries")).isEqualTo("pg_cron,pg_squeeze,pg_stat_statements");
            s.execute("CREATE EXTENSION pg_squeeze");
            s.execute("CREATE TABLE bloated (id int PRIMARY KEY, payload text)");
            s.execute("INSERT INTO squeeze.tables (tabschema, tabname, schedule)"
                    + " VALUES ('public', 'bloated', ('{30}', '{22}', NULL, NULL, '{3, 5}'))");

            assertThat(rows(s, "SELECT tabschema, tabname FROM squeeze.tables")).isEqualTo("public|bloated\n");
        }
    }

    @Test
    void pgStatStatementsRecordsAQueryThatRan() throws Exception {
        try (Connection c = scratch(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
            assertThat(single(s, "SELECT 41 + 1 AS poststack_pgss_probe")).isEqualTo("42");

            // Constants are normalised to parameters; the alias is kept.
            assertThat(rows(s, "SELECT calls, query FROM pg_stat_statements WHERE query LIKE '%poststack_pgss_probe%'"
                    + " AND query NOT LIKE '%pg_stat_statements%'"))
                    .isEqualTo("1|SELECT $1 + $2 AS poststack_pgss_probe\n");
        }
    }

    private static String query(DatabaseAccess access, String sql) throws SQLException {
        try (Connection c = Sql.connect(access); Statement s = c.createStatement()) {
            return Sql.single(s, sql);
        }
    }
}
