package dev.poststack.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HealthCheck;
import com.sun.net.httpserver.HttpServer;
import dev.poststack.Poststack;
import dev.poststack.api.CheckPhase;
import dev.poststack.api.CheckResult;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.check.CheckRunner;
import dev.poststack.check.CheckTarget;
import dev.poststack.engine.Engine;
import dev.poststack.manifest.CheckSpec;
import dev.poststack.manifest.CheckSpec.Timing;
import dev.poststack.manifest.Location;
import dev.poststack.testcontainers.PoststackContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of check, passing and failing, against a running container of the database service of the shared
 * images' manifest (a {@link PoststackContainer}); and the runner's phases and a container dying while it is
 * waited on. Most cases share one container; failing cases use short timeouts.
 */
@Testcontainers
class CheckKindsIT {

    /** Published on the shared container, but nothing listens on it there. */
    private static final int SILENT = 5433;
    private static final Location AT = Location.of(Path.of("images.yaml"), 40, 7);
    private static final Duration SHORT = ofMillis(400);
    private static final String POSTGRES_READY = "database system is ready to accept connections";

    private static final Poststack POSTSTACK = Poststack.open(SharedImages.manifest());

    @Container
    static final PoststackContainer DB = PoststackContainer.of(POSTSTACK, "db").withExposedPorts(5432, SILENT)
            // The image's HEALTHCHECK runs every 5 s; once a second here makes the healthcheck case quick.
            .withCreateContainerCmdModifier(create -> create.withHealthcheck(
                    new HealthCheck().withInterval(ofSeconds(1).toNanos())));

    /** poststack's own engine connection: its docker-java is relocated, Testcontainers' client is another. */
    private static Engine engine;
    private static CheckRunner checks;
    private static String db;
    private static DatabaseAccess superuser;
    private static CheckTarget target;
    private static HttpServer http;

    @BeforeAll
    static void targetTheContainerAndStartAnHttpServer() throws Exception {
        engine = Engine.connect();
        checks = new CheckRunner(engine.client());
        db = DB.getContainerId();
        superuser = DB.database();
        target = new CheckTarget("db", db, Map.of(5432, superuser.port(), SILENT, DB.getMappedPort(SILENT)),
                Optional.of(superuser));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/health", exchange -> answer(exchange, 200, "ready"));
        http.createContext("/starting", exchange -> answer(exchange, 503, "starting"));
        http.start();
    }

    @AfterAll
    static void stopTheHttpServer() {
        if (engine != null) {
            engine.close();
        }
        if (http != null) {
            http.stop(0);
        }
        POSTSTACK.close();
    }

    // tcp

    @Test
    void tcpConnectsFromTheHostAndFromInsideTheContainer() throws Exception {
        CheckResult result = check(new CheckSpec.Tcp(5432, true, true, quick(), AT));

        assertPassed(result);
        assertThat(result.seen()).isEqualTo("from the host to 127.0.0.1:" + superuser.port() + ": connected; "
                + "inside the container to 127.0.0.1:5432: connected");
    }

    @Test
    void aPortThatNeverOpensFailsAtTheTimeoutFromBothSides() throws Exception {
        CheckResult result = check(new CheckSpec.Tcp(5433, true, true, within(ofSeconds(1)), AT));

        assertThat(result.passed()).isFalse();
        assertThat(result.took()).isBetween(ofSeconds(1), ofSeconds(3));
        assertThat(result.attempts()).isGreaterThanOrEqualTo(3);
        // The engine's port proxy accepts on the host and hangs up: only the close tells it apart.
        assertThat(result.seen()).contains("accepted, then closed at once (nothing listens behind the published port)")
                .contains("inside the container to 127.0.0.1:5433: connection refused");
        assertThat(result.lastError()).hasValueSatisfying(e -> assertThat(e).contains("connection refused"));
        assertThat(result.exitCode()).isEmpty();
        assertThat(result.logTail()).isNotEmpty().hasSizeLessThanOrEqualTo(30);
        assertThat(result.failureMessage()).contains("expected: a TCP connection to port 5433 from the host and from inside the container");
    }

    @Test
    void aPortThatIsNotPublishedFailsAtOnce() throws Exception {
        CheckResult result = check(new CheckSpec.Tcp(9999, true, false, within(ofSeconds(30)), AT));

        assertThat(result.passed()).isFalse();
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.seen()).isEqualTo("container port 9999 is not published on the host");
    }

    // sql

    @Test
    void sqlComparesTheFirstValue() throws Exception {
        CheckResult passed = check(new CheckSpec.Sql("select 1", Optional.of("1"), Optional.empty(), quick(), AT));
        CheckResult failed = check(new CheckSpec.Sql("select 1", Optional.of("2"), Optional.empty(), within(SHORT), AT));

        assertPassed(passed);
        assertThat(passed.check()).isEqualTo("sql: select 1");
        assertThat(failed.passed()).isFalse();
        assertThat(failed.expected()).isEqualTo("first value \"2\"");
        assertThat(failed.seen()).isEqualTo("first value \"1\"");
    }

    @Test
    void sqlConnectsToTheDatabaseTheCheckNames() throws Exception {
        CheckResult result = check(new CheckSpec.Sql("select current_database()", Optional.of("template1"),
                Optional.of("template1"), quick(), AT));

        assertPassed(result);
    }

    @Test
    void aWrongPasswordFailsWithTheDatabasesError() throws Exception {
        CheckTarget wrongPassword = new CheckTarget("db", db, target.publishedPorts(),
                Optional.of(access(superuser.port(), "not-the-password")));

        CheckResult result = checks.run(wrongPassword, CheckPhase.HEALTH,
                List.of(new CheckSpec.Sql("select 1", Optional.empty(), Optional.empty(), within(SHORT), AT)), r -> { })
                .get(0);

        assertThat(result.passed()).isFalse();
        assertThat(result.lastError()).hasValueSatisfying(
                e -> assertThat(e).contains("password authentication failed for user \"postgres\""));
        assertThat(result.failureMessage()).doesNotContain("not-the-password");
    }

    // http: the images have no HTTP server, so the target maps container port 8080 to a JDK server on the host.

    @Test
    void httpComparesStatusAndBody() throws Exception {
        CheckTarget web = new CheckTarget("web", db, Map.of(8080, http.getAddress().getPort()), Optional.empty());

        CheckResult passed = checks.run(web, CheckPhase.VERIFY, List.of(new CheckSpec.Http(8080, "/health", 200,
                Optional.of(Pattern.compile("^ready$")), quick(), AT)), r -> { }).get(0);
        CheckResult failed = checks.run(web, CheckPhase.VERIFY, List.of(new CheckSpec.Http(8080, "/starting", 200,
                Optional.empty(), within(SHORT), AT)), r -> { }).get(0);

        assertPassed(passed);
        assertThat(passed.seen()).isEqualTo("HTTP 200 body \"ready\"");
        assertThat(failed.passed()).isFalse();
        assertThat(failed.expected()).isEqualTo("HTTP 200");
        assertThat(failed.seen()).isEqualTo("HTTP 503 body \"starting\"");
    }

    // healthcheck

    @Test
    void healthcheckPassesOnceTheEngineReportsHealthy() throws Exception {
        CheckResult result = check(new CheckSpec.Healthcheck(within(ofSeconds(30)), AT));

        assertPassed(result);
        assertThat(result.seen()).isEqualTo("healthy");
    }

    @Test
    void aContainerWithoutHealthCheckFailsAtOnceSayingSo() throws Exception {
        CheckResult result;
        try (PoststackContainer unchecked = PoststackContainer.of(POSTSTACK, "db")
                .withCreateContainerCmdModifier(create -> create.withHealthcheck(
                        new HealthCheck().withTest(List.of("NONE"))))) {
            unchecked.start();
            CheckTarget target = new CheckTarget("db", unchecked.getContainerId(), Map.of(), Optional.empty());

            result = checks.run(target, CheckPhase.HEALTH,
                    List.of(new CheckSpec.Healthcheck(within(ofSeconds(30)), AT)), r -> { }).get(0);
        }

        assertThat(result.passed()).isFalse();
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.took()).isLessThan(ofSeconds(2));
        assertThat(result.seen()).isEqualTo("the container has no health check (its image declares no HEALTHCHECK)");
    }

    // log

    @Test
    void logCountsMatchingLinesOfTheContainersOutput() throws Exception {
        CheckResult passed = check(new CheckSpec.Log(Pattern.compile(POSTGRES_READY), 1, quick(), AT));
        CheckResult failed = check(new CheckSpec.Log(Pattern.compile(POSTGRES_READY), 5, within(SHORT), AT));

        assertPassed(passed);
        assertThat(passed.seen()).startsWith("1 matching line of ");
        assertThat(failed.passed()).isFalse();
        assertThat(failed.expected()).isEqualTo("at least 5 lines matching /" + POSTGRES_READY + "/");
        assertThat(failed.seen()).matches("1 matching line of \\d+, the last line \".*\"");
    }

    // exec / command

    @Test
    void execComparesExitCodeAndOutput() throws Exception {
        CheckResult passed = check(new CheckSpec.Exec("exec", List.of("pg_isready", "-h", "127.0.0.1"), 0,
                Optional.of(Pattern.compile("accepting connections")), quick(), AT));
        CheckResult failed = check(new CheckSpec.Exec("command", List.of("sh", "-c", "echo not yet >&2; exit 3"), 0,
                Optional.empty(), within(SHORT), AT));

        assertPassed(passed);
        assertThat(failed.passed()).isFalse();
        assertThat(failed.kind()).isEqualTo("command");
        assertThat(failed.check()).isEqualTo("command: sh -c echo not yet >&2; exit 3");
        assertThat(failed.seen()).isEqualTo("exit code 3, output \"not yet\"");
    }

    // file

    @Test
    void fileComparesTypeModeAndOwner() throws Exception {
        CheckResult pgVersion = check(new CheckSpec.File("/var/lib/postgresql/data/PG_VERSION", Optional.of("file"),
                Optional.of("600"), Optional.of("postgres"), quick(), AT));
        CheckResult dataDir = check(new CheckSpec.File("/var/lib/postgresql/data", Optional.of("directory"),
                Optional.of("0700"), Optional.of("999:postgres"), quick(), AT));

        assertPassed(pgVersion);
        assertThat(pgVersion.seen()).isEqualTo("regular file mode 600 owner postgres:postgres");
        assertPassed(dataDir);
    }

    @Test
    void fileSaysWhatItFound() throws Exception {
        CheckResult wrongMode = check(new CheckSpec.File("/etc/passwd", Optional.empty(), Optional.of("600"),
                Optional.of("postgres"), within(SHORT), AT));
        CheckResult missing = check(new CheckSpec.File("/var/lib/postgresql/data/no-such-file", Optional.empty(),
                Optional.empty(), Optional.empty(), within(SHORT), AT));

        assertThat(wrongMode.passed()).isFalse();
        assertThat(wrongMode.expected()).isEqualTo("a path, mode 600, owner postgres");
        assertThat(wrongMode.seen()).isEqualTo("regular file mode 644 owner root:root");
        assertThat(missing.passed()).isFalse();
        assertThat(missing.seen()).isEqualTo("no such file or directory");
    }

    // process

    @Test
    void processFindsPostgresRunningAsPostgres() throws Exception {
        CheckResult result = check(new CheckSpec.Process("postgres", Optional.of("postgres"), quick(), AT));

        assertPassed(result);
        assertThat(result.seen()).isEqualTo("postgres runs as postgres (uid 999)");
    }

    @Test
    void processSaysWhatRunsInstead() throws Exception {
        CheckResult absent = check(new CheckSpec.Process("nginx", Optional.empty(), within(SHORT), AT));
        CheckResult wrongUser = check(new CheckSpec.Process("postgres", Optional.of("root"), within(SHORT), AT));

        assertThat(absent.passed()).isFalse();
        assertThat(absent.seen()).startsWith("no process named nginx (running: ").contains("postgres");
        assertThat(wrongUser.passed()).isFalse();
        assertThat(wrongUser.seen()).isEqualTo("postgres runs as postgres (uid 999), not as root");
    }

    // port

    @Test
    void portLooksAtTheListeningSocketsInsideTheContainer() throws Exception {
        CheckResult listening = check(new CheckSpec.Port(5432, quick(), AT));
        CheckResult silent = check(new CheckSpec.Port(5433, within(SHORT), AT));

        assertPassed(listening);
        assertThat(silent.passed()).isFalse();
        assertThat(silent.seen()).isEqualTo("nothing listens on 5433 (listening: 5432)");
    }

    // extension

    @Test
    void extensionIsAvailableAtItsVersion() throws Exception {
        String vectorVersion = query("select default_version from pg_available_extensions where name = 'vector'");

        CheckResult available = check(new CheckSpec.Extension("vector", Optional.empty(), Optional.empty(), quick(), AT));
        CheckResult atVersion = check(new CheckSpec.Extension("vector", Optional.of(vectorVersion), Optional.empty(),
                quick(), AT));

        assertPassed(available);
        assertPassed(atVersion);
        assertThat(atVersion.seen()).isEqualTo("default_version " + vectorVersion + ", installed_version none");
    }

    @Test
    void extensionSaysWhichVersionsThereAre() throws Exception {
        CheckResult wrongVersion = check(new CheckSpec.Extension("vector", Optional.of("0.0.1"), Optional.empty(),
                within(SHORT), AT));
        CheckResult unknown = check(new CheckSpec.Extension("no_such_extension", Optional.empty(), Optional.empty(),
                within(SHORT), AT));

        assertThat(wrongVersion.passed()).isFalse();
        assertThat(wrongVersion.expected()).isEqualTo("extension vector available at version 0.0.1");
        assertThat(wrongVersion.seen()).matches("default_version [0-9.]+, installed_version none");
        assertThat(unknown.passed()).isFalse();
        assertThat(unknown.seen()).isEqualTo("extension no_such_extension is not available in database postgres");
    }

    // setting

    @Test
    void settingComparesShowsAnswerExactly() throws Exception {
        CheckResult passed = check(new CheckSpec.Setting("shared_preload_libraries",
                "pg_cron,pg_squeeze,pg_stat_statements", quick(), AT));
        CheckResult failed = check(new CheckSpec.Setting("cron.database_name", "postgres", within(SHORT), AT));

        assertPassed(passed);
        assertThat(failed.passed()).isFalse();
        assertThat(failed.expected()).isEqualTo("cron.database_name = \"postgres\"");
        assertThat(failed.seen()).isEqualTo("cron.database_name = \"app\"");
    }

    @Test
    void aSettingNameThatIsNotOneFailsAtOnce() throws Exception {
        CheckResult result = check(new CheckSpec.Setting("work_mem; drop table x", "4MB", within(ofSeconds(30)), AT));

        assertThat(result.passed()).isFalse();
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.seen()).isEqualTo("\"work_mem; drop table x\" is not a setting name");
    }

    // the runner's phases

    @Test
    void healthChecksStopAtTheFirstFailure() throws Exception {
        List<CheckResult> told = new ArrayList<>();

        List<CheckResult> results = checks.run(target, CheckPhase.HEALTH, List.of(
                new CheckSpec.Port(5432, quick(), AT),
                new CheckSpec.Port(5433, within(SHORT), AT),
                new CheckSpec.Sql("select 1", Optional.empty(), Optional.empty(), quick(), AT)), told::add);

        assertThat(results).extracting(CheckResult::check, CheckResult::passed, CheckResult::phase).containsExactly(
                org.assertj.core.groups.Tuple.tuple("port 5432", true, CheckPhase.HEALTH),
                org.assertj.core.groups.Tuple.tuple("port 5433", false, CheckPhase.HEALTH));
        assertThat(told).isEqualTo(results);
    }

    @Test
    void verifyChecksAllRun() throws Exception {
        List<CheckResult> results = checks.run(target, CheckPhase.VERIFY, List.of(
                new CheckSpec.Port(5433, within(SHORT), AT),
                new CheckSpec.Sql("select 1", Optional.empty(), Optional.empty(), quick(), AT)), r -> { });

        assertThat(results).extracting(CheckResult::passed).containsExactly(false, true);
        assertThat(results).allSatisfy(r -> assertThat(r.declaredAt()).isEqualTo("images.yaml:40:7"));
    }

    @Test
    void sideEffectsLookedAtByTheShellStartedDuringHealthSeeWhatSeparateExecsSee() throws Exception {
        List<CheckSpec> verify = List.of(
                new CheckSpec.File("/var/lib/postgresql/data/PG_VERSION", Optional.of("file"), Optional.of("600"),
                        Optional.of("postgres"), quick(), AT),
                new CheckSpec.File("/var/lib/postgresql/data/no-such-file", Optional.empty(), Optional.empty(),
                        Optional.empty(), within(SHORT), AT),
                new CheckSpec.Process("postgres", Optional.of("postgres"), quick(), AT),
                new CheckSpec.Process("nginx", Optional.empty(), within(SHORT), AT),
                new CheckSpec.Port(5432, quick(), AT),
                new CheckSpec.Extension("vector", Optional.empty(), Optional.empty(), quick(), AT),
                new CheckSpec.Setting("shared_preload_libraries", "pg_cron,pg_squeeze,pg_stat_statements", quick(), AT));

        List<CheckResult> bothPhases = checks.check(target,
                List.of(new CheckSpec.Sql("select 1", Optional.empty(), Optional.empty(), quick(), AT)), verify, r -> { });
        List<CheckResult> separately = new ArrayList<>();
        for (CheckSpec spec : verify) {
            separately.add(check(spec));
        }

        assertThat(bothPhases).hasSize(1 + verify.size());
        assertThat(bothPhases.subList(1, bothPhases.size()))
                .extracting(CheckResult::check, CheckResult::passed, r -> withoutHealthcheckProcesses(r.seen()))
                .containsExactlyElementsOf(separately.stream()
                        .map(r -> org.assertj.core.groups.Tuple.tuple(r.check(), r.passed(),
                                withoutHealthcheckProcesses(r.seen()))).toList());
        assertThat(bothPhases).extracting(CheckResult::passed).containsExactly(true, true, false, true, false, true,
                true, true);
    }

    /**
     * {@code seen} without the processes of the image's HEALTHCHECK, which the engine starts every 5 s on its
     * own: a process list taken while one runs names them, one taken a moment later does not.
     */
    private static String withoutHealthcheckProcesses(String seen) {
        return seen.replaceAll(", (healthcheck\\.sh|setpriv|psql)(?=[,)])", "");
    }

    // a container that dies while it is waited on

    @Test
    void aContainerThatExitsDuringTheWaitFailsAtOnceWithItsExitCodeAndLogTail() throws Exception {
        CheckResult result = sqlCheckWhileItStarts(PoststackContainer.of(POSTSTACK, "db")
                .withCreateContainerCmdModifier(create -> create.withEntrypoint("sh", "-c",
                        "echo starting; sleep 1; echo giving up >&2; exit 7")));

        assertThat(result.passed()).isFalse();
        assertThat(result.took()).isBetween(ofMillis(500), ofSeconds(5));
        assertThat(result.attempts()).isGreaterThan(1);
        assertThat(result.exitCode()).hasValue(7);
        assertThat(result.seen()).startsWith("the container exited with code 7 (the last attempt saw: ");
        assertThat(result.logTail()).containsExactly("starting", "giving up");
    }

    @Test
    void postgresWithoutAPasswordExitsAndTheCheckSaysWhy() throws Exception {
        PoststackContainer noPassword = PoststackContainer.of(POSTSTACK, "db");
        noPassword.setEnv(List.of());

        CheckResult result = sqlCheckWhileItStarts(noPassword);

        assertThat(result.passed()).isFalse();
        assertThat(result.took()).isLessThan(ofSeconds(10));
        assertThat(result.exitCode()).isPresent();
        assertThat(result.exitCode().getAsInt()).isNotZero();
        assertThat(result.logTail()).anySatisfy(line -> assertThat(line).startsWith("poststack-postgres: error:"
                + " POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE must be set to initialise the database"));
        assertThat(result.failureMessage()).contains("the container exited with code " + result.exitCode().getAsInt());
    }

    // helpers

    /**
     * Starts {@code container} with a health check of {@code select 1} (60 s) as its wait strategy, from the
     * moment the engine started it, and returns what the check found. Nothing else waits on it: it publishes
     * no port (the check's database is a closed port on the host) and Testcontainers' own startup check is off,
     * so a container that dies at once is the check's to see.
     */
    private static CheckResult sqlCheckWhileItStarts(PoststackContainer container) throws Exception {
        DatabaseAccess unreachable = access(closedPort(), superuser.password());
        AtomicReference<CheckResult> found = new AtomicReference<>();
        container.setExposedPorts(List.of());
        container.withStartupCheckStrategy(new StartupCheckStrategy() {
            @Override
            public StartupStatus checkStartupState(DockerClient docker, String containerId) {
                return StartupStatus.SUCCESSFUL;
            }
        }).waitingFor(new AbstractWaitStrategy() {
            @Override
            protected void waitUntilReady() {
                CheckTarget target = new CheckTarget("db", waitStrategyTarget.getContainerId(), Map.of(),
                        Optional.of(unreachable));
                try {
                    found.set(checks.run(target, CheckPhase.HEALTH, List.of(new CheckSpec.Sql("select 1",
                            Optional.empty(), Optional.empty(), within(ofSeconds(60)), AT)), r -> { }).get(0));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        });
        try (container) {
            container.start();
        }
        assertThat(found.get()).as("the check ran").isNotNull();
        return found.get();
    }

    private static CheckResult check(CheckSpec spec) throws InterruptedException {
        List<CheckResult> results = checks.run(target, CheckPhase.VERIFY, List.of(spec), r -> { });
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    private static void assertPassed(CheckResult result) {
        assertThat(result.passed()).as(result.failureMessage()).isTrue();
        assertThat(result.logTail()).isEmpty();
        assertThat(result.lastError()).isEmpty();
    }

    /** Generous for checks that pass: they pass at the first attempt against the ready container. */
    private static Timing quick() {
        return within(ofSeconds(10));
    }

    private static Timing within(Duration timeout) {
        return Timing.defaults(timeout);
    }

    private static DatabaseAccess access(int port, String password) {
        return new DatabaseAccess("db", "127.0.0.1", port, "postgres", "postgres", password, Optional.empty());
    }

    private static String query(String sql) throws Exception {
        try (Connection c = Sql.connect(superuser); Statement s = c.createStatement()) {
            return Sql.single(s, sql);
        }
    }

    /** A host port nothing listens on: the dying containers' databases are never reachable. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
