package dev.poststack.it;

import dev.poststack.Poststack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.poststack.it.Sql.rows;
import static dev.poststack.it.Sql.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code examples/citus}: one coordinator and two workers of the postgres-citus image. That the manifest reads
 * and validates is checked everywhere; the cluster itself needs the Citus 13.1.0 source archive, which cannot
 * be had on every machine (no GitHub), so that test is skipped with the reason and how to supply it, and runs
 * where the archive is: in {@code POSTSTACK_CITUS_SOURCE_DIR} (a folder holding {@code citus.tar.gz}, as
 * {@code --source-dir} takes it) or already in poststack's download cache.
 */
class CitusExampleIT {

    private static final String CITUS_SHA256 = "2383287bea45dfce54cde9ffc98f3e27bb7cde4deb3f096f9c7a12d1819f5113";

    @TempDir
    Path dir;

    /** A copy of examples/citus with its own image namespace. */
    private Path copyOfExample(String namespace) throws IOException {
        return ExampleCopy.of("citus", dir, "citus-example", namespace);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theManifestReadsAndDeclaresACoordinatorTwoWorkersAndTheSchemaOnTheCoordinator() throws Exception {
        try (Poststack poststack = Poststack.open(copyOfExample("citus-parse"))) {
            Map<String, Object> resolved = poststack.resolvedManifest();
            Map<String, Object> services = (Map<String, Object>) resolved.get("services");
            assertThat(services).containsOnlyKeys("worker-1", "worker-2", "coordinator");
            services.values().forEach(s -> assertThat((Map<String, Object>) s).containsEntry("image", "postgres-citus"));
            assertThat((Map<String, Object>) resolved.get("schema")).containsEntry("service", "coordinator");
            assertThat(resolved.toString()).contains(CITUS_SHA256);
        }
    }

    @Test
    void theClusterComesUpRegisteredAndTheSchemaDistributesItsTables() throws Exception {
        Optional<Path> sourceDir = Optional.ofNullable(System.getenv("POSTSTACK_CITUS_SOURCE_DIR")).map(Path::of);
        Path cached = Path.of(Optional.ofNullable(System.getenv("XDG_CACHE_HOME"))
                .orElse(System.getProperty("user.home") + "/.cache"), "poststack/sources", CITUS_SHA256 + ".tar.gz");
        assumeTrue(sourceDir.map(d -> Files.exists(d.resolve("citus.tar.gz"))).orElse(Files.isRegularFile(cached)),
                "the Citus 13.1.0 source archive is not available here: set POSTSTACK_CITUS_SOURCE_DIR to a folder"
                        + " holding citus.tar.gz (sha256 " + CITUS_SHA256 + ", from"
                        + " https://github.com/citusdata/citus/archive/refs/tags/v13.1.0.tar.gz), which is passed"
                        + " as `setup --source-dir`, or download it once with `poststack build-images postgres-citus`");
        String id = UUID.randomUUID().toString().substring(0, 8);
        String namespace = "citusit-" + id;
        String project = "citusit-" + id;
        Path manifest = copyOfExample(namespace);
        Cli cli = Cli.in(dir);
        List<String> setup = new java.util.ArrayList<>(List.of("--no-color", "--project=" + project, "setup"));
        sourceDir.ifPresent(d -> setup.addAll(List.of("--source-dir", d.toString())));
        try {
            Cli.Run run = cli.run(setup.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.output()).isZero();

            try (Poststack poststack = Poststack.open(manifest, project);
                 Connection c = Sql.connect(poststack.database("coordinator")); Statement s = c.createStatement()) {
                assertThat(single(s, "select count(*) from citus_get_active_worker_nodes()")).isEqualTo("2");
                assertThat(single(s, "select bool_and(result)::text from citus_check_cluster_node_health()"))
                        .isEqualTo("true");
                assertThat(rows(s, "select table_name::text || ' ' || citus_table_type from citus_tables"
                        + " order by 1")).contains("countries reference").contains("events distributed");
                // The tables are the owner's and work across the nodes.
                assertThat(single(s, "select tableowner from pg_tables where tablename = 'events'")).isEqualTo("app");
                s.execute("insert into countries values ('FR', 'France')");
                s.execute("insert into events (tenant_id, country_code) select g, 'FR' from generate_series(1, 100) g");
                assertThat(single(s, "select count(*) from events join countries on code = country_code"))
                        .isEqualTo("100");
                assertThat(single(s, "select count(distinct nodename) from citus_shards"
                        + " where table_name = 'events'::regclass")).isEqualTo("2");
            }

            // A second `up` registers nothing twice: the same three nodes, checks passing.
            Cli.Run again = cli.run("--no-color", "--project=" + project, "up");
            assertThat(again.exitCode()).as(again.output()).isZero();
            try (Poststack poststack = Poststack.open(manifest, project);
                 Connection c = Sql.connect(poststack.database("coordinator")); Statement s = c.createStatement()) {
                assertThat(single(s, "select count(*) from pg_dist_node")).isEqualTo("3");
            }
        } finally {
            cli.run("--no-color", "--project=" + project, "down", "--volumes");
            try (EngineFixture engine = new EngineFixture()) {
                engine.removeImages(namespace);
            }
        }
    }
}
