package dev.poststack.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.poststack.it.Sql.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/ha}: three Patroni nodes, one etcd member and HAProxy following the leader. {@code setup}
 * brings it up and proves it (one leader, two streaming replicas, one synchronous) and applies the schema on
 * the leader; then, under a bounded write load through HAProxy's published port, the leader's container is
 * killed: a new leader is elected, writes resume, and with synchronous mode no acknowledged write is lost.
 * Then {@code up} brings the old leader back as a replica, a planned switchover through {@code patronictl} moves
 * the leader, and a replica whose container and volume are removed is rebuilt by {@code up}.
 */
class HaClusterIT {

    private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path copyOfExample(String namespace) throws IOException {
        return ExampleCopy.of("ha", dir, "ha-example", namespace);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theManifestReadsAndDeclaresEtcdThreeNodesAndTheSchemaOnThePrimary() throws Exception {
        try (Poststack poststack = Poststack.open(copyOfExample("ha-parse"))) {
            java.util.Map<String, Object> resolved = poststack.resolvedManifest();
            java.util.Map<String, Object> services = (java.util.Map<String, Object>) resolved.get("services");
            assertThat(services).containsOnlyKeys("etcd", "node-1", "node-2", "node-3", "primary");
            NODES.forEach(n -> assertThat((java.util.Map<String, Object>) services.get(n))
                    .containsEntry("image", "postgres-patroni"));
            assertThat((java.util.Map<String, Object>) resolved.get("schema")).containsEntry("service", "primary");
            // No password in any environment: only the files' paths.
            assertThat(resolved.toString()).doesNotContainPattern("PASSWORD=[^/]");
        }
    }

    @Test
    void theClusterFailsOverWithoutLosingAcknowledgedWritesSwitchesOverAndRebuildsAReplica() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String namespace = "hait-" + id;
        String project = "hait-" + id;
        Path manifest = copyOfExample(namespace);
        Cli cli = Cli.in(dir);
        try (EngineFixture engine = new EngineFixture()) {
            try {
                Cli.Run setup = cli.run("--no-color", "--project=" + project, "setup");
                assertThat(setup.exitCode()).as(setup.output()).isZero();

                DatabaseAccess access;
                try (Poststack poststack = Poststack.open(manifest, project)) {
                    access = poststack.database("primary");
                }
                try (Connection c = Sql.connect(access); Statement s = c.createStatement()) {
                    // The schema is on the leader, owned by its owner role.
                    assertThat(single(s, "select count(*) from pg_stat_replication where state = 'streaming'"))
                            .isEqualTo("2");
                    s.execute("create table writes (id bigint primary key)");
                }
                try (Connection c = Sql.connect(access.withDatabase("app")); Statement s = c.createStatement()) {
                    assertThat(single(s, "select tableowner from pg_tables where tablename = 'orders'")).isEqualTo("app");
                }

                // Failover: the leader's container killed under a bounded write load.
                String leader = leader(cli, project, NODES.get(0));
                long killedAt;
                long resumedAt;
                List<Long> acknowledged;
                try (WriteLoad load = new WriteLoad(access, "writes", 100_000, Duration.ofSeconds(90)).start()) {
                    waitFor(() -> load.acknowledgedCount() >= 50, Duration.ofSeconds(20), "50 writes before the kill");
                    killedAt = System.nanoTime();
                    engine.docker().killContainerCmd(project + "-" + leader).exec();
                    waitFor(() -> load.firstAcknowledgedAfter(killedAt).isPresent() || !load.running(),
                            Duration.ofSeconds(60), "a write acknowledged after the leader was killed");
                    resumedAt = load.firstAcknowledgedAfter(killedAt).orElseThrow().getValue();
                    int resumed = load.acknowledgedCount();
                    waitFor(() -> load.acknowledgedCount() >= resumed + 50, Duration.ofSeconds(60),
                            "50 more writes on the new leader");
                    load.close();
                    acknowledged = load.acknowledgedIds();
                }
                System.out.printf("HaClusterIT: failover (kill of %s to the first acknowledged write) %.1f s%n",
                        leader, (resumedAt - killedAt) / 1e9);
                String survivor = NODES.stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
                String newLeader = leader(cli, project, survivor);
                assertThat(newLeader).isNotEqualTo(leader);
                Set<Long> present = ids(access);
                Set<Long> lost = new HashSet<>(acknowledged);
                lost.removeAll(present);
                assertThat(lost).as("acknowledged writes missing after the failover (synchronous mode)").isEmpty();

                // `up` starts the killed node again: it rejoins as a replica and the cluster check passes.
                Cli.Run rejoin = cli.run("--no-color", "--project=" + project, "up");
                assertThat(rejoin.exitCode()).as(rejoin.output()).isZero();
                assertThat(leader(cli, project, survivor)).isEqualTo(newLeader);

                // A planned switchover, as the README documents it. In synchronous mode Patroni moves the leader
                // only to the synchronous standby, so that is the candidate (once there is one again).
                waitFor(() -> syncStandbyOrNull(cli, project, survivor) != null, Duration.ofSeconds(60),
                        "a synchronous standby after the rejoin");
                String candidate = syncStandbyOrNull(cli, project, survivor);
                Cli.Run switchover = cli.run("--no-color", "--project=" + project, "exec", newLeader, "--",
                        "patronictl", "switchover", "--leader", newLeader, "--candidate", candidate, "--force");
                assertThat(switchover.exitCode()).as(switchover.output()).isZero();
                waitFor(() -> candidate.equals(leaderOrNull(cli, project, survivor)), Duration.ofSeconds(30),
                        candidate + " leading after the switchover");
                waitFor(() -> writes(access, -1), Duration.ofSeconds(20), "a write through HAProxy after the switchover");

                // A replica rebuilt from nothing: its container and volume removed, `up` makes both again.
                String replica = NODES.stream().filter(n -> !n.equals(candidate)).findFirst().orElseThrow();
                engine.docker().removeContainerCmd(project + "-" + replica).withForce(true).exec();
                engine.docker().removeVolumeCmd(project + "-" + replica + "-data").exec();
                Cli.Run rebuild = cli.run("--no-color", "--project=" + project, "up");
                assertThat(rebuild.exitCode()).as(rebuild.output()).isZero();
                Cli.Run count = cli.run("--no-color", "--project=" + project, "exec", replica, "--",
                        "psql", "-X", "-tA", "-h", "/var/run/postgresql", "-d", "postgres", "-c",
                        "select count(*) from writes");
                assertThat(count.exitCode()).as(count.output()).isZero();
                assertThat(count.stdout().trim()).isEqualTo(String.valueOf(ids(access).size()));
            } finally {
                cli.run("--no-color", "--project=" + project, "down", "--volumes");
                engine.removeImages(namespace);
            }
        }
    }

    /** The leader's name, as {@code patronictl list} on {@code node} says. */
    private static String leader(Cli cli, String project, String node) throws Exception {
        String leader = leaderOrNull(cli, project, node);
        assertThat(leader).as("a leader in patronictl list on " + node).isNotNull();
        return leader;
    }

    private static String syncStandbyOrNull(Cli cli, String project, String node) {
        return memberOrNull(cli, project, node, "Sync Standby", "streaming");
    }

    private static String leaderOrNull(Cli cli, String project, String node) {
        return memberOrNull(cli, project, node, "Leader", "running");
    }

    /** The member of {@code patronictl list} on {@code node} with this role and state, or null. */
    private static String memberOrNull(Cli cli, String project, String node, String role, String state) {
        try {
            Cli.Run list = cli.run("--no-color", "--project=" + project, "exec", node, "--",
                    "patronictl", "list", "--format", "json");
            if (list.exitCode() != 0) {
                return null;
            }
            for (JsonNode member : JSON.readTree(list.stdout())) {
                if (role.equals(member.path("Role").asText()) && state.equals(member.path("State").asText())) {
                    return member.path("Member").asText();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Set<Long> ids(DatabaseAccess access) throws Exception {
        Set<Long> ids = new HashSet<>();
        try (Connection c = Sql.connect(access); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from writes")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** Whether one write (a negative id, apart from the load's) is acknowledged now. */
    private static boolean writes(DatabaseAccess access, long id) {
        try (Connection c = Sql.connect(access); Statement s = c.createStatement()) {
            s.execute("insert into writes values (" + id + ") on conflict do nothing");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, Duration limit, String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("waited %s for %s", limit, what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
