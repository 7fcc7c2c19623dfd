import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * The Testcontainers side of bench/postgres-start.sh: Testcontainers' own PostgreSQLContainer (1.21, as a test
 * suite uses it: asCompatibleSubstituteFor("postgres"), withCommand("postgres -c fsync=off")) on poststack's image
 * and on a bare initdb peer of the same image, one container per run. Prints "scenario side run seconds" lines:
 * fresh (start() returned and a first query answered), restart (docker stop, docker start, first query), term
 * and term-idle-client (SIGTERM to exit, the latter with one idle JDBC connection).
 *
 *   java -cp <test classpath> bench/tc-start/TcStart.java IMAGE RUNS
 */
public final class TcStart {

    /** The peer: initdb, a temporary server creating the database (so the ready line appears twice, as
     * PostgreSQLContainer waits for), then postgres; trust authentication, nothing else. */
    private static final String PEER = "test -s /tmp/d/PG_VERSION || { initdb -D /tmp/d -U test --auth=trust >/dev/null"
            + " && echo 'host all all all trust' >>/tmp/d/pg_hba.conf"
            + " && pg_ctl -D /tmp/d -w -o \"-c listen_addresses=''\" start && createdb -U test -h /var/run/postgresql test"
            + " && pg_ctl -D /tmp/d -w -m fast stop; } && shift && exec postgres -D /tmp/d -c listen_addresses=* \"$@\"";

    /** How long the idle client of term-idle-client stays connected (the script's IDLE_S, default 15 s). */
    private static final int IDLE_S = Integer.parseInt(System.getenv().getOrDefault("IDLE_S", "15"));

    public static void main(String[] args) throws Exception {
        String image = args[0];
        int runs = Integer.parseInt(args[1]);
        for (int run = 1; run <= runs; run++) {
            String[] sides = run % 2 == 1 ? new String[] {"peer", "poststack"} : new String[] {"poststack", "peer"};
            for (String side : sides) {
                oneSide(image, side, run);
            }
        }
    }

    private static void oneSide(String image, String side, int run) throws Exception {
        try (PostgreSQLContainer<?> pg = new PostgreSQLContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))) {
            pg.withLabel("dev.poststack.bench", "start").withCommand("postgres -c fsync=off");
            if (side.equals("peer")) {
                pg.withCreateContainerCmdModifier(c -> c.withEntrypoint("sh", "-c", PEER, "sh"));
            }
            long t0 = System.nanoTime();
            pg.start();
            query(pg.getJdbcUrl(), 60);
            record("fresh", side, run, t0);

            DockerClient docker = pg.getDockerClient();
            String id = pg.getContainerId();
            term(docker, id, side, run, "term", 30);

            long t1 = System.nanoTime();
            docker.startContainerCmd(id).exec();
            String port = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings().values().stream()
                    .filter(b -> b != null && b.length > 0).findFirst().orElseThrow()[0].getHostPortSpec();
            String url = "jdbc:postgresql://localhost:" + port + "/test";
            query(url, 60);
            record("restart", side, run, t1);

            // The idle client leaves after IDLE_S seconds, as the shell sides' psql does: the peer's smart shutdown
            // waits for it (that wait is what the scenario shows), poststack's fast shutdown does not.
            Connection idle = DriverManager.getConnection(url, "test", "test");
            Thread leave = new Thread(() -> {
                try {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_S));
                    idle.close();
                } catch (InterruptedException | SQLException e) {
                    // The server ended the connection first.
                }
            }, "idle-client");
            leave.setDaemon(true);
            leave.start();
            term(docker, id, side, run, "term-idle-client", IDLE_S + 15);
            leave.interrupt();
            idle.close();
        }
    }

    private static void term(DockerClient docker, String id, String side, int run, String scenario, int limitS) {
        long t = System.nanoTime();
        docker.killContainerCmd(id).withSignal("SIGTERM").exec();
        docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(limitS, TimeUnit.SECONDS);
        record(scenario, side, run, t);
    }

    /** Polls every 20 ms until select 1 answers, for at most limitS seconds. */
    private static void query(String url, int limitS) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitS);
        while (true) {
            try (Connection c = DriverManager.getConnection(url + "?connectTimeout=2", "test", "test")) {
                c.createStatement().execute("select 1");
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private static void record(String scenario, String side, int run, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s %s %d %.3f%n", scenario, side, run, s);
        System.err.printf("  tc %-22s %-9s %7.3f s%n", scenario, side, s);
    }
}
