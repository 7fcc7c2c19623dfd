package dev.poststack.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static dev.poststack.it.PgContainers.rows;
import static dev.poststack.it.PgContainers.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every extension the postgres image ships, created and used in one running container (POSTGRES_DB
 * {@value #DB}, port 5432 published on 127.0.0.1 only).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresExtensionsIT {

    private static final String NS = "poststack-it-ext";
    private static final String PASSWORD = "it-extensions-pw";
    private static final String DB = "exttest";

    @TempDir
    static Path dir;
    private PgContainers pg;
    private String id;
    private int port;

    @BeforeAll
    void startOneContainer() throws Exception {
        pg = PgContainers.build(dir.resolve("project"), NS);
        id = pg.start(Map.of("POSTGRES_PASSWORD", PASSWORD, "POSTGRES_DB", DB), pg.volume());
        port = pg.awaitQuery(id, "postgres", PASSWORD, DB, Duration.ofSeconds(120));
    }

    @AfterAll
    void removeContainersVolumesAndImages() {
        if (pg != null) {
            pg.close();
        }
    }

    private Connection connect() throws SQLException {
        return PgContainers.connect(port, "postgres", PASSWORD, DB);
    }

    @Test
    void pgvectorFindsTheNearestRowAndAnHnswIndexServesTheQuery() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
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
        try (Connection c = connect(); Statement s = c.createStatement()) {
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
    void pgCronRunsAJobEverySecondInPostgresDb() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(single(s, "SHOW cron.database_name")).isEqualTo(DB);
            s.execute("CREATE EXTENSION pg_cron");
            s.execute("CREATE TABLE ticks (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())");
            String job = single(s, "SELECT cron.schedule('poststack-test', '1 second', 'INSERT INTO ticks DEFAULT VALUES')");
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                long ticks = 0;
                long succeeded = 0;
                while (System.nanoTime() < deadline && (ticks == 0 || succeeded == 0)) {
                    Thread.sleep(250);
                    ticks = Long.parseLong(single(s, "SELECT count(*) FROM ticks"));
                    succeeded = Long.parseLong(single(s,
                            "SELECT count(*) FROM cron.job_run_details WHERE jobid = " + job + " AND status = 'succeeded'"));
                }
                assertThat(ticks).as("rows the job inserted; runs:%n%s",
                        rows(s, "SELECT status, return_message FROM cron.job_run_details")).isPositive();
                assertThat(succeeded).isPositive();
            } finally {
                assertThat(single(s, "SELECT cron.unschedule('poststack-test')")).isEqualTo("t");
            }
            assertThat(single(s, "SELECT count(*) FROM cron.job WHERE jobname = 'poststack-test'")).isEqualTo("0");
        }
    }

    @Test
    void pgSqueezeIsPreloadedAndItsRegistryIsQueryable() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
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
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
            assertThat(single(s, "SELECT 41 + 1 AS poststack_pgss_probe")).isEqualTo("42");

            // Constants are normalised to parameters; the alias is kept.
            assertThat(rows(s, "SELECT calls, query FROM pg_stat_statements WHERE query LIKE '%poststack_pgss_probe%'"
                    + " AND query NOT LIKE '%pg_stat_statements%'"))
                    .isEqualTo("1|SELECT $1 + $2 AS poststack_pgss_probe\n");
        }
    }
}
