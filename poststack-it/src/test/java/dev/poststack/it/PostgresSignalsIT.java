package dev.poststack.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.testcontainers.PoststackContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.poststack.it.Sql.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The postgres image's PID 1 (the entrypoint) turns SIGTERM and SIGINT into postgres's fast shutdown,
 * even with a client connected, and exits with postgres's status after the shutdown checkpoint. Each
 * container is the database service of the shared images' manifest, ready when the service's checks pass.
 */
class PostgresSignalsIT {

    static final Poststack POSTSTACK = Poststack.open(SharedImages.manifest());

    @AfterAll
    static void close() {
        POSTSTACK.close();
    }

    @Test
    void sigtermWithAnIdleClientConnectedIsAFastShutdownThatKeepsTheData() throws Exception {
        List<Long> millis = signalThreeTimesWithAClientConnected("SIGTERM");
        System.out.printf("postgres image: SIGTERM to exit with an idle client connected %s ms%n", millis);
    }

    @Test
    void sigintWithAnIdleClientConnectedIsAFastShutdownThatKeepsTheData() throws Exception {
        List<Long> millis = signalThreeTimesWithAClientConnected("SIGINT");
        System.out.printf("postgres image: SIGINT to exit with an idle client connected %s ms%n", millis);
    }

    @Test
    void theOnlyPostmasterIsAChildOfPid1() throws Exception {
        try (PoststackContainer db = PoststackContainer.of(POSTSTACK, "db")) {
            db.start();

            String ps = db.execInContainer("ps", "-e", "-o", "pid=,ppid=,comm=").getStdout().strip();
            String postmasterPid = db.execInContainer("head", "-n", "1", "/var/lib/postgresql/data/postmaster.pid")
                    .getStdout().strip();

            List<String[]> processes = ps.lines().map(String::strip).map(l -> l.split("\\s+", 3)).toList();
            List<String[]> postgres = processes.stream().filter(p -> p[2].equals("postgres")).toList();
            List<String[]> postmasters = postgres.stream().filter(p -> !p[1].equals(postmasterPid)).toList();
            assertThat(postmasters).as(ps).hasSize(1);
            assertThat(postmasters.get(0)[0]).as(ps).isEqualTo(postmasterPid);
            assertThat(postmasters.get(0)[1]).as("the postmaster's parent; %s", ps).isEqualTo("1");
            assertThat(processes).as(ps).anySatisfy(p -> assertThat(p).containsExactly("1", "0", "bash"));
            assertThat(postgres).as("the postmaster's children; %s", ps).hasSizeGreaterThan(1);
        }
    }

    /**
     * Three rounds on one container and its volume: start, write a row, hold the connection open (idle),
     * send the signal and time it to the container's exit. The next start finds every row written.
     */
    private List<Long> signalThreeTimesWithAClientConnected(String signal) throws Exception {
        try (PoststackContainer db = PoststackContainer.of(POSTSTACK, "db")) {
            db.start();
            DockerClient docker = db.getDockerClient();
            String id = db.getContainerId();
            DatabaseAccess superuser = db.database();
            List<Long> millis = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                if (round > 1) {
                    superuser = Restarts.restart(POSTSTACK, db);
                }
                try (Connection idle = Sql.connect(superuser); Statement s = idle.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS before_signal (round int)");
                    s.execute("INSERT INTO before_signal VALUES (" + round + ")");
                    assertThat(single(s, "select count(*) from pg_stat_activity where backend_type = 'client backend'"))
                            .isEqualTo("1");

                    String before = db.getLogs();
                    long t0 = System.nanoTime();
                    docker.killContainerCmd(id).withSignal(signal).exec();
                    int exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                            .awaitStatusCode(30, TimeUnit.SECONDS);
                    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    millis.add(elapsed);

                    String logs = db.getLogs();
                    assertThat(exit).as(logs).isZero();
                    assertThat(elapsed).as("%s to exit, ms; logs:%n%s", signal, logs).isLessThan(5000);
                    // One more of each (the first start's initialisation stops a temporary server too).
                    assertThat(count(logs, "received fast shutdown request"))
                            .as(logs).isEqualTo(count(before, "received fast shutdown request") + 1);
                    assertThat(count(logs, "database system is shut down"))
                            .as(logs).isEqualTo(count(before, "database system is shut down") + 1);
                    assertThat(logs).doesNotContain("received smart shutdown request")
                            .doesNotContain("received immediate shutdown request");
                }
            }
            superuser = Restarts.restart(POSTSTACK, db);
            try (Connection c = Sql.connect(superuser); Statement s = c.createStatement()) {
                assertThat(single(s, "select string_agg(round::text, ',' order by round) from before_signal"))
                        .isEqualTo("1,2,3");
            }
            // Each shutdown wrote its checkpoint, so no start needed crash recovery.
            assertThat(db.getLogs()).doesNotContain("database system was interrupted")
                    .doesNotContain("automatic recovery in progress");
            docker.killContainerCmd(id).withSignal(signal).exec();
            assertThat(docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(30, TimeUnit.SECONDS)).isZero();
            long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("postgres image: %s median %d ms of %s%n", signal, sorted[1], Arrays.toString(sorted));
            return millis;
        }
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
