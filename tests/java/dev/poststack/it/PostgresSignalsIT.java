package dev.poststack.it;

import com.github.dockerjava.api.command.WaitContainerResultCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.poststack.it.PgContainers.connect;
import static dev.poststack.it.PgContainers.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The postgres image's PID 1 (the entrypoint) turns SIGTERM and SIGINT into postgres's fast shutdown,
 * even with a client connected, and exits with postgres's status after the shutdown checkpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSignalsIT {

    private static final String NS = "poststack-it-ext";
    private static final String PASSWORD = "it-signals-pw";
    private static final Map<String, String> ENV = Map.of("POSTGRES_PASSWORD", PASSWORD);

    @TempDir
    static Path dir;
    private PgContainers pg;

    @BeforeAll
    void buildTheImage() throws Exception {
        pg = PgContainers.build(dir.resolve("project"), NS);
    }

    @AfterAll
    void removeContainersVolumesAndImages() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void sigtermWithAnIdleClientConnectedIsAFastShutdownThatKeepsTheData() throws Exception {
        List<Long> millis = signalThreeTimesWithAClientConnected("TERM");
        System.out.printf("postgres image: SIGTERM to exit with an idle client connected %s ms%n", millis);
    }

    @Test
    void sigintWithAnIdleClientConnectedIsAFastShutdownThatKeepsTheData() throws Exception {
        List<Long> millis = signalThreeTimesWithAClientConnected("INT");
        System.out.printf("postgres image: SIGINT to exit with an idle client connected %s ms%n", millis);
    }

    @Test
    void theOnlyPostmasterIsAChildOfPid1() throws Exception {
        String id = pg.start(ENV, pg.volume());
        pg.awaitQuery(id, "postgres", PASSWORD, "postgres", Duration.ofSeconds(120));

        String ps = pg.exec(id, "ps", "-e", "-o", "pid=,ppid=,comm=");
        String postmasterPid = pg.exec(id, "head", "-n", "1", "/var/lib/postgresql/data/postmaster.pid");

        List<String[]> processes = ps.lines().map(String::strip).map(l -> l.split("\\s+", 3)).toList();
        List<String[]> postgres = processes.stream().filter(p -> p[2].equals("postgres")).toList();
        List<String[]> postmasters = postgres.stream().filter(p -> !p[1].equals(postmasterPid)).toList();
        assertThat(postmasters).as(ps).hasSize(1);
        assertThat(postmasters.get(0)[0]).as(ps).isEqualTo(postmasterPid);
        assertThat(postmasters.get(0)[1]).as("the postmaster's parent; %s", ps).isEqualTo("1");
        assertThat(processes).as(ps).anySatisfy(p -> assertThat(p).containsExactly("1", "0", "bash"));
        assertThat(postgres).as("the postmaster's children; %s", ps).hasSizeGreaterThan(1);
    }

    /**
     * Three rounds on one container and volume: start, write a row, hold the connection open (idle),
     * send the signal and time it to the container's exit. The next start finds every row written.
     */
    private List<Long> signalThreeTimesWithAClientConnected(String signal) throws Exception {
        String id = pg.start(ENV, pg.volume());
        List<Long> millis = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            if (round > 1) {
                pg.docker().startContainerCmd(id).exec();
            }
            int port = pg.awaitQuery(id, "postgres", PASSWORD, "postgres", Duration.ofSeconds(120));
            try (Connection idle = connect(port, "postgres", PASSWORD, "postgres"); Statement s = idle.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS before_signal (round int)");
                s.execute("INSERT INTO before_signal VALUES (" + round + ")");
                assertThat(single(s, "select count(*) from pg_stat_activity where backend_type = 'client backend'"))
                        .isEqualTo("1");

                String before = pg.logs(id);
                long t0 = System.nanoTime();
                pg.docker().killContainerCmd(id).withSignal(signal).exec();
                int exit = pg.docker().waitContainerCmd(id).exec(new WaitContainerResultCallback())
                        .awaitStatusCode(30, TimeUnit.SECONDS);
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                millis.add(elapsed);

                String logs = pg.logs(id);
                assertThat(exit).as(logs).isZero();
                assertThat(elapsed).as("SIG%s to exit, ms; logs:%n%s", signal, logs).isLessThan(5000);
                // One more of each (the first start's initialisation stops a temporary server too).
                assertThat(count(logs, "received fast shutdown request"))
                        .as(logs).isEqualTo(count(before, "received fast shutdown request") + 1);
                assertThat(count(logs, "database system is shut down"))
                        .as(logs).isEqualTo(count(before, "database system is shut down") + 1);
                assertThat(logs).doesNotContain("received smart shutdown request")
                        .doesNotContain("received immediate shutdown request");
            }
        }
        pg.docker().startContainerCmd(id).exec();
        int port = pg.awaitQuery(id, "postgres", PASSWORD, "postgres", Duration.ofSeconds(120));
        try (Connection c = connect(port, "postgres", PASSWORD, "postgres"); Statement s = c.createStatement()) {
            assertThat(single(s, "select string_agg(round::text, ',' order by round) from before_signal")).isEqualTo("1,2,3");
        }
        // Each shutdown wrote its checkpoint, so no start needed crash recovery.
        assertThat(pg.logs(id)).doesNotContain("database system was interrupted")
                .doesNotContain("automatic recovery in progress");
        pg.docker().killContainerCmd(id).withSignal(signal).exec();
        assertThat(pg.docker().waitContainerCmd(id).exec(new WaitContainerResultCallback())
                .awaitStatusCode(30, TimeUnit.SECONDS)).isZero();
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("postgres image: SIG%s median %d ms of %s%n", signal, sorted[1], Arrays.toString(sorted));
        return millis;
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
