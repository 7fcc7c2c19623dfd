package dev.poststack.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import dev.poststack.changelog.ChangeSet;
import dev.poststack.changelog.ChangelogTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.poststack.it.PgContainers.rows;
import static dev.poststack.it.PgContainers.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped example schema ({@code liquibase/}) applied for real: the liquibase image runs {@code update} as
 * a container on a network of this test's own, against the postgres image reached by the alias {@code db}; then
 * the application role {@code app} uses what the schema made. The tests run in order: the first applies the
 * schema, the last applies it again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleSchemaIT {

    private static final String NS = "poststack-it-schema";
    private static final String SUPERUSER_PASSWORD = "it-schema-superuser-pw";
    private static final String APP_PASSWORD = "it-schema-app-pw";
    private static final String APP = "app";
    private static final Map<String, String> LABELS = Map.of("dev.poststack.managed", "true", "dev.poststack.test", NS);
    private static final String NEAREST = "SELECT d.title FROM document_embedding e JOIN document d ON d.id = e.document_id"
            + " ORDER BY e.embedding <-> '[0.1,0.9,0.2]' LIMIT 1";

    /** What a finished liquibase container returned and printed, and how long it ran. */
    private record LiquibaseRun(int exitCode, String logs, Duration took) {
    }

    @TempDir
    static Path dir;
    private final EngineFixture engine = new EngineFixture();
    private final DockerClient docker = engine.docker();
    private final List<String> liquibaseContainers = new ArrayList<>();
    private PgContainers pg;
    private String network;
    private int port;

    @BeforeAll
    void buildImagesStartTheDatabaseAndCreateTheApplicationRole() throws Exception {
        engine.removeImages(NS);
        TestProject project = TestProject.copyOfRepo(dir.resolve("project"), NS);
        Cli.Run build = project.cli().run("build-images", "postgres", "liquibase");
        assertThat(build.exitCode()).as(build.output()).isZero();

        network = NS + "-" + UUID.randomUUID().toString().substring(0, 8);
        docker.createNetworkCmd().withName(network).withLabels(LABELS).exec();
        pg = PgContainers.of(NS, "postgres");
        // pg_cron is created in the database named by cron.database_name. Overriding it through the settings
        // variable (instead of POSTGRES_DB=app) leaves the cluster's first start without a temporary init server,
        // and poststack creates the database itself, as below.
        String db = pg.create(Map.of("POSTGRES_PASSWORD", SUPERUSER_PASSWORD,
                "POSTGRES_SETTING_cron__database_name", APP), pg.volume());
        docker.connectToNetworkCmd().withNetworkId(network).withContainerId(db)
                .withContainerNetwork(new ContainerNetwork().withAliases("db")).exec();
        pg.start(db);
        port = pg.awaitQuery(db, "postgres", SUPERUSER_PASSWORD, "postgres", Duration.ofSeconds(120));
        try (Connection c = PgContainers.connect(port, "postgres", SUPERUSER_PASSWORD, "postgres");
             Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + APP + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
            s.execute("CREATE DATABASE " + APP);
        }
    }

    @AfterAll
    void removeContainersNetworkAndImages() {
        for (String id : liquibaseContainers) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        if (pg != null) {
            pg.close();
        }
        if (network != null) {
            docker.removeNetworkCmd(network).exec();
        }
        engine.removeImages(NS);
        engine.close();
    }

    @Test
    @Order(1)
    void liquibaseAppliesEveryChangesetOfTheShippedTreeInTheOrderTheCheckerListsThem() throws Exception {
        LiquibaseRun update = liquibase("update");

        assertThat(update.exitCode()).as("liquibase update; its logs:%n%s", update.logs()).isZero();
        System.out.printf("liquibase update of the example schema: %d ms (container start to exit)%n",
                update.took().toMillis());
        List<String> expected = ChangelogTree.read(Cli.repo().resolve("liquibase"), "changelog.yaml").changeSets()
                .stream().map(ChangeSet::identity).toList();
        try (Connection c = superuserInApp(); Statement s = c.createStatement()) {
            String applied = rows(s, "SELECT filename || '::' || id || '::' || author FROM databasechangelog"
                    + " ORDER BY orderexecuted");
            assertThat(applied.lines().toList()).isEqualTo(expected);
        }
    }

    @Test
    @Order(2)
    void theTablesHaveTheirConstraintsAndRejectRowsThatBreakThem() throws Exception {
        try (Connection c = appInApp(); Statement s = c.createStatement()) {
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
            String owner = single(s, "INSERT INTO account (email, display_name) VALUES ('ada@example.org', 'Ada')"
                    + " RETURNING id");

            assertSqlState(s, "INSERT INTO document (owner_id, title) VALUES (" + owner + " + 1000, 'Orphan')", "23503");
            assertSqlState(s, "INSERT INTO account (email, display_name) VALUES ('no-at-sign', 'Bob')", "23514");
            assertSqlState(s, "INSERT INTO account (email, display_name) VALUES ('ada@example.org', 'Ada 2')", "23505");
            assertSqlState(s, "INSERT INTO document (owner_id, title) VALUES (" + owner + ", '   ')", "23514");
            assertSqlState(s, "INSERT INTO document (owner_id) VALUES (" + owner + ")", "23502");
            s.execute("INSERT INTO document (owner_id, title) VALUES (" + owner + ", 'Notes')");
            assertSqlState(s, "INSERT INTO document (owner_id, title) VALUES (" + owner + ", 'Notes')", "23505");
        }
    }

    @Test
    @Order(2)
    void theHnswIndexServesTheNearestNeighbourQuery() throws Exception {
        try (Connection c = appInApp(); Statement s = c.createStatement()) {
            String owner = single(s, "INSERT INTO account (email, display_name) VALUES ('vec@example.org', 'Vec')"
                    + " RETURNING id");
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
    void theGraphExistsAndTheApplicationRoleRunsCypherOnIt() throws Exception {
        try (Connection c = appInApp(); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM ag_catalog.ag_graph WHERE name = 'app_graph'")).isEqualTo("1");
            assertThat(rows(s, "SELECT l.name FROM ag_catalog.ag_label l JOIN ag_catalog.ag_graph g ON g.graphid = l.graph"
                    + " WHERE g.name = 'app_graph' AND l.name NOT LIKE '\\_ag%' ORDER BY l.name"))
                    .isEqualTo("Account\nDocument\nOWNS\n");

            // Without the age library preloaded and ag_catalog on its search_path, app could not run Cypher.
            s.execute("SELECT * FROM ag_catalog.cypher('app_graph', $$ CREATE (:Account {email: 'ada@example.org'})"
                    + "-[:OWNS]->(:Document {title: 'Notes'}) $$) AS (v ag_catalog.agtype)");
            assertThat(rows(s, "SELECT * FROM ag_catalog.cypher('app_graph', $$ MATCH (a:Account)-[:OWNS]->(d:Document)"
                    + " RETURN a.email, d.title $$) AS (email ag_catalog.agtype, title ag_catalog.agtype)"))
                    .isEqualTo("\"ada@example.org\"|\"Notes\"\n");
        }
    }

    @Test
    @Order(2)
    void theCleanupJobIsScheduledInTheApplicationDatabase() throws Exception {
        // cron.job shows each role only its own jobs; the job belongs to the superuser that scheduled it.
        try (Connection c = superuserInApp(); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT jobname, schedule, database, active FROM cron.job"))
                    .isEqualTo("purge-deleted-documents|30 3 * * *|app|t\n");
        }
    }

    @Test
    @Order(3)
    void aSecondUpdateAppliesNothing() throws Exception {
        String before;
        try (Connection c = superuserInApp(); Statement s = c.createStatement()) {
            before = single(s, "SELECT count(*) FROM databasechangelog");
        }

        LiquibaseRun again = liquibase("update");

        assertThat(again.exitCode()).as("second liquibase update; its logs:%n%s", again.logs()).isZero();
        System.out.printf("liquibase update with nothing to apply: %d ms (container start to exit)%n",
                again.took().toMillis());
        assertThat(again.logs()).contains("Database is up to date, no changesets to execute");
        try (Connection c = superuserInApp(); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM databasechangelog")).isEqualTo(before).isEqualTo("12");
            assertThat(single(s, "SELECT count(*) FROM cron.job")).isEqualTo("1");
        }
    }

    /**
     * Runs the liquibase image once on the test's network, as the image's user, with the superuser's password in
     * the environment (never on the command line) and Liquibase's usage reporting off (it would call out).
     */
    private LiquibaseRun liquibase(String command) throws InterruptedException {
        String id = docker.createContainerCmd(NS + "/liquibase:latest")
                .withName(NS + "-liquibase-" + UUID.randomUUID().toString().substring(0, 8))
                .withLabels(LABELS)
                .withEnv("LIQUIBASE_COMMAND_PASSWORD=" + SUPERUSER_PASSWORD, "LIQUIBASE_ANALYTICS_ENABLED=false")
                .withCmd("--search-path=/liquibase/changelog", command, "--url=jdbc:postgresql://db:5432/" + APP,
                        "--username=postgres", "--changelog-file=changelog.yaml")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
                .exec().getId();
        liquibaseContainers.add(id);
        long start = System.nanoTime();
        docker.startContainerCmd(id).exec();
        int exitCode = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                .awaitStatusCode(3, TimeUnit.MINUTES);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new LiquibaseRun(exitCode, pg.logs(id), took);
    }

    private Connection superuserInApp() throws SQLException {
        return PgContainers.connect(port, "postgres", SUPERUSER_PASSWORD, APP);
    }

    private Connection appInApp() throws SQLException {
        return PgContainers.connect(port, APP, APP_PASSWORD, APP);
    }

    private static void assertSqlState(Statement s, String sql, String sqlState) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).as(e.getMessage())
                        .isEqualTo(sqlState));
    }
}
