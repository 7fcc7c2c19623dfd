package dev.poststack.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poststack.cli.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code poststack upgrade --to 18} end to end on the shipped images: a PostgreSQL 17 volume with tables of several
 * kinds, pgvector (an HNSW index), a sequence, a view and a second database is upgraded with pg_upgrade {@code --link};
 * every table of every database is then the same, row for row, the service passes its checks on 18, and the old
 * cluster is gone. Before that, what cannot work is refused with nothing stopped: a service without
 * {@code database.upgrade}, and a database with an Apache AGE graph (its catalog has a regnamespace column); an upgrade
 * ({@code --mode copy}) whose new server fails a check only 17 passes puts the old cluster back on 17, every row as it
 * was; and after the upgrade, one to the major the data already has is refused.
 */
class UpgradeIT {

    private static final String IMAGES_18 = "  postgres: {catalog: postgres}\n"
            + "  base-debian-sid: {catalog: base-debian-sid}\n"
            + "  postgres18: {catalog: postgres18}\n"
            + "  postgres-upgrade: {catalog: postgres-upgrade}\n";
    private static final String DATABASE = "database: {user: postgres, password: db-password, name: postgres}";

    @TempDir
    Path dir;

    @Test
    void upgradesAPopulatedVolumeFrom17To18AndKeepsEveryRow() throws Exception {
        try (StackProject project = SharedImages.project(dir, "psit-upgrade-" + UUID.randomUUID().toString().substring(0, 8))) {
            project.files().editManifest("  postgres: {catalog: postgres}\n", IMAGES_18);
            Cli.Run build = project.run("build-images", "postgres-upgrade");
            assertThat(build.exitCode()).as(build.output()).isZero();
            Cli.Run up = project.run("up", "db");
            assertThat(up.exitCode()).as(up.output()).isZero();
            populate(project);
            Map<String, String> before = digests(project);
            assertThat(before).hasSizeGreaterThanOrEqualTo(4);

            Cli.Run undeclared = project.run("upgrade", "--to", "18", "--service", "db");
            assertThat(undeclared.exitCode()).as(undeclared.output()).isEqualTo(2);
            assertThat(undeclared.stderr()).contains("has no `database.upgrade`", "image: postgres18");

            project.files().editManifest("    image: postgres\n", "    image: postgres18\n")
                    .editManifest(DATABASE, "database: {user: postgres, password: db-password, name: postgres,"
                            + " upgrade: {from: postgres, image: postgres-upgrade}}");
            try (Connection c = project.connect("postgres", "postgres", "db-password"); Statement s = c.createStatement()) {
                s.execute("create database graphs");
            }
            try (Connection c = connect(project, "graphs"); Statement s = c.createStatement()) {
                s.execute("create extension age");
                s.execute("select ag_catalog.create_graph('shop_graph')");
            }
            Cli.Run age = project.run("upgrade", "--to", "18");
            assertThat(age.exitCode()).as(age.output()).isEqualTo(2);
            assertThat(age.stderr()).contains("graphs: ag_catalog.ag_graph.namespace (regnamespace, extension age)",
                    "nothing was stopped or changed");
            try (Connection c = project.connect("postgres", "postgres", "db-password"); Statement s = c.createStatement()) {
                assertThat(query(s, "show server_version_num")).as("still PostgreSQL 17, never stopped").startsWith("17");
                s.execute("drop database graphs");
            }

            // A check only PostgreSQL 17 passes: the upgraded server fails it, so (with --mode copy) the old cluster,
            // kept aside until then, is put back and runs on 17 again with every row.
            String version17;
            try (Connection c = project.connect("postgres", "postgres", "db-password"); Statement s = c.createStatement()) {
                version17 = query(s, "show server_version_num");
            }
            String onlyOn17 = "      - extension: pg_cron\n      - setting: {name: server_version_num, value: \"" + version17
                    + "\"}\n";
            project.files().editManifest("      - extension: pg_cron\n", onlyOn17);
            Cli.Run failing = project.run("upgrade", "--to", "18", "--mode", "copy");
            assertThat(failing.exitCode()).as(failing.output()).isEqualTo(1);
            assertThat(failing.stderr()).contains("did not pass its checks, so the old data was put back and runs on"
                    + " PostgreSQL 17 again", "server_version_num");
            assertThat(digests(project)).as("the old cluster, put back").isEqualTo(before);
            try (Connection c = project.connect("postgres", "postgres", "db-password"); Statement s = c.createStatement()) {
                assertThat(query(s, "show server_version_num")).isEqualTo(version17);
                assertThat(query(s, "select count(*)::text from pg_ls_dir('.') d where d = '.poststack-restore'"))
                        .isEqualTo("0");
            }
            project.files().editManifest(onlyOn17, "      - extension: pg_cron\n");

            Cli.Run upgrade = project.run("upgrade", "--to", "18", "--mode", "link", "--json");
            assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
            JsonNode result = JsonSchemas.assertValid(upgrade.stdout(), "poststack/upgrade/v1");
            assertThat(result.path("fromMajor").asInt()).isEqualTo(17);
            assertThat(result.path("toMajor").asInt()).isEqualTo(18);
            assertThat(result.path("mode").asText()).isEqualTo("link");
            assertThat(result.path("checksPassed").asInt()).isPositive();
            assertThat(result.path("extensionsUpdated").toString()).contains("postgres.vector 0.8.0 -> ");

            assertThat(digests(project)).as("every table of every database, row for row").isEqualTo(before);
            try (Connection c = project.connect("postgres", "postgres", "db-password"); Statement s = c.createStatement()) {
                assertThat(query(s, "show server_version_num")).startsWith("18");
                assertThat(query(s, "select id::text from items order by embedding <-> '[3,1,2]' limit 1"))
                        .as("the HNSW index answers").isEqualTo("3");
                assertThat(query(s, "select nextval('ticket')::text")).isEqualTo("1001");
                assertThat(query(s, "select count(*)::text from pg_stats where tablename = 'items'"))
                        .as("PostgreSQL 18's pg_upgrade carries the statistics").isNotEqualTo("0");
                assertThat(query(s, "select count(*)::text from pg_ls_dir('.') d where d = '.poststack-restore'"))
                        .as("the old cluster is removed once the new server passed its checks").isEqualTo("0");
            }
            Cli.Run verify = project.run("verify-db");
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            assertThat(project.allLogs()).as("no role's SCRAM verifier from pg_upgrade's dumps in a log")
                    .doesNotContain("SCRAM-SHA-256$");

            Cli.Run again = project.run("upgrade", "--to", "18");
            assertThat(again.exitCode()).as(again.output()).isEqualTo(2);
            assertThat(again.stderr()).contains("already on PostgreSQL 18");
        }
    }

    /** Tables of several kinds in two databases, pgvector with an HNSW index, a sequence, a view, statistics. */
    private static void populate(StackProject project) throws Exception {
        try (Connection c = project.connect("postgres", "postgres", "db-password"); Statement s = c.createStatement()) {
            s.execute("create extension vector");
            s.execute("create table items (id bigint primary key, name text not null, embedding vector(3),"
                    + " doc jsonb, made timestamptz, price numeric(10,2), tags text[])");
            s.execute("insert into items select g, 'item ' || g, ('[' || g || ',1,2]')::vector,"
                    + " jsonb_build_object('n', g, 'odd', g % 2 = 1), timestamptz '2026-01-01' + g * interval '1 minute',"
                    + " g * 1.25, array['t' || (g % 7)] from generate_series(1, 2000) g");
            s.execute("create index on items using hnsw (embedding vector_l2_ops)");
            s.execute("create schema shop");
            s.execute("create table shop.orders (id int generated always as identity primary key,"
                    + " item bigint references items, qty int check (qty > 0))");
            s.execute("insert into shop.orders (item, qty) select g, g % 5 + 1 from generate_series(1, 500) g");
            s.execute("create view shop.totals as select item, sum(qty) from shop.orders group by item");
            s.execute("create sequence ticket");
            s.execute("select setval('ticket', 1000)");
            s.execute("create database other");
            s.execute("analyze");
        }
        try (Connection c = connect(project, "other"); Statement s = c.createStatement()) {
            s.execute("create table notes (id serial primary key, body text)");
            s.execute("insert into notes (body) select md5(g::text) from generate_series(1, 300) g");
        }
    }

    /** For every table (and view) of every database: its row count and the MD5 of its rows in order. */
    private static Map<String, String> digests(StackProject project) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String database : List.of("postgres", "other")) {
            try (Connection c = connect(project, database); Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select format('%I.%I', table_schema, table_name) from"
                        + " information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')"
                        + " order by 1")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    out.put(database + "." + table, query(s, "select count(*) || ' ' || coalesce(md5(string_agg(t::text,"
                            + " '\n' order by t::text)), '') from " + table + " t"));
                }
            }
        }
        return out;
    }

    private static Connection connect(StackProject project, String database) throws Exception {
        return project.connect(database, "postgres", "db-password");
    }

    private static String query(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
