package dev.poststack.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import dev.poststack.cli.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two checkouts of one project on one machine: each has a stack of its own by default; one that shares the
 * other's project name does not take its stack over unless told, and a volume made with another password is
 * named as such at once. Health checks that see an error that cannot heal end early.
 */
class CheckoutsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS);

    @TempDir
    Path dir;

    private TestProject clone(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name).resolve("poststack"));
        return TestProject.copyOfRepo(folder, SharedImages.namespace());
    }

    private static List<Container> containersOf(EngineFixture engine, TestProject clone) throws Exception {
        return engine.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of("dev.poststack.checkout=" + clone.dir().toRealPath())).exec();
    }

    /** The clone's command line, its project named {@code project}. */
    private static Cli named(TestProject clone, String project) {
        return clone.cli().withEnv(Map.of("POSTSTACK_PROJECT", project));
    }

    private static Cli.Run run(Cli cli, String... args) {
        try {
            return cli.run(args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoClonesEachRunTheirOwnSetupAtTheSameTimeAndBothAreVerified() throws Exception {
        TestProject a = clone("a");
        TestProject b = clone("b");
        try (EngineFixture engine = new EngineFixture()) {
            try {
                CompletableFuture<Cli.Run> setupA = CompletableFuture.supplyAsync(() -> run(a.cli(), "setup"));
                CompletableFuture<Cli.Run> setupB = CompletableFuture.supplyAsync(() -> run(b.cli(), "setup"));
                Cli.Run ranA = setupA.join();
                Cli.Run ranB = setupB.join();
                assertThat(ranA.exitCode()).as(ranA.output()).isZero();
                assertThat(ranB.exitCode()).as(ranB.output()).isZero();

                Cli.Run verifyA = a.cli().run("verify-db");
                Cli.Run verifyB = b.cli().run("verify-db");
                assertThat(verifyA.exitCode()).as(verifyA.output()).isZero();
                assertThat(verifyB.exitCode()).as(verifyB.output()).isZero();

                List<Container> ofA = containersOf(engine, a);
                List<Container> ofB = containersOf(engine, b);
                assertThat(ofA).hasSize(1);
                assertThat(ofB).hasSize(1);
                String projectA = ofA.get(0).getLabels().get("dev.poststack.project");
                String projectB = ofB.get(0).getLabels().get("dev.poststack.project");
                assertThat(projectA).as("named after the checkout").startsWith(SharedImages.namespace() + "-")
                        .isNotEqualTo(projectB);
                assertThat(ofA.get(0).getState()).isEqualTo("running");
                assertThat(ofB.get(0).getState()).isEqualTo("running");
            } finally {
                a.cli().run("down", "--volumes");
                b.cli().run("down", "--volumes");
            }
        }
    }

    @Test
    void aCheckoutSharingTheProjectNameIsRefusedAndTakesOverOnlyWhenToldAndWithTheVolumesPassword()
            throws Exception {
        String project = "psit-own-" + UUID.randomUUID().toString().substring(0, 8);
        TestProject a = clone("a");
        TestProject b = clone("b");
        Cli cliA = named(a, project);
        Cli cliB = named(b, project);
        try (EngineFixture engine = new EngineFixture()) {
            try {
                Cli.Run upA = cliA.run("up");
                assertThat(upA.exitCode()).as(upA.output()).isZero();
                String containerOfA = containersOf(engine, a).get(0).getId();
                String checkoutA = a.dir().toRealPath().toString();

                Cli.Run upB = cliB.run("up");
                assertThat(upB.exitCode()).as(upB.output()).isEqualTo(1);
                assertThat(upB.stderr()).contains("belongs to the checkout at " + checkoutA)
                        .contains("--take-over").contains("POSTSTACK_PROJECT");
                assertThat(upB.stdout()).doesNotContain("stopped and removed");
                Cli.Run downB = cliB.run("down", "--volumes");
                assertThat(downB.exitCode()).as(downB.output()).isEqualTo(1);
                assertThat(downB.stderr()).contains("belongs to the checkout at " + checkoutA)
                        .contains("removed nothing");
                assertThat(containersOf(engine, a)).extracting(Container::getId).containsExactly(containerOfA);

                Cli.Run takeOver = cliB.run("up", "--take-over");
                assertThat(takeOver.exitCode()).as(takeOver.output()).isEqualTo(1);
                assertThat(takeOver.stderr()).contains("volume " + project + "-pgdata holds a database cluster"
                                + " initialised by the checkout at " + checkoutA + " with another superuser password")
                        .contains(checkoutA + "/.poststack/secrets/db-password").contains("down --volumes");
                assertThat(takeOver.wall()).as("says so at once").isLessThan(Duration.ofSeconds(5));
                assertThat(containersOf(engine, a)).extracting(Container::getId).containsExactly(containerOfA);

                b.secret("db-password", Files.readString(a.file(".poststack/secrets/db-password")).strip());
                Cli.Run tookOver = cliB.run("up", "--take-over");
                assertThat(tookOver.exitCode()).as(tookOver.output()).isZero();
                assertThat(containersOf(engine, a)).isEmpty();
                assertThat(containersOf(engine, b)).hasSize(1);

                assertThat(tookOver.stdout()).contains("taken over from the checkout at " + checkoutA);

                // Same project name and secrets: A shares B's running database, but may not remove it.
                Cli.Run upAAgain = cliA.run("up");
                assertThat(upAAgain.exitCode()).as(upAAgain.output()).isZero();
                assertThat(upAAgain.stdout()).contains("already running and current, kept");
                Cli.Run downA = cliA.run("down");
                assertThat(downA.exitCode()).as(downA.output()).isEqualTo(1);
                assertThat(downA.stderr()).contains("belongs to the checkout at " + b.dir().toRealPath());
                assertThat(containersOf(engine, b)).hasSize(1);
            } finally {
                cliB.run("down", "--volumes", "--take-over");
            }
        }
    }

    /** Whether {@code password} logs in as postgres on the database that {@code up --json} connected to. */
    private static boolean logsIn(JsonNode up, String password) {
        JsonNode connect = up.path("services").get(0).path("connect");
        Properties props = new Properties();
        props.setProperty("user", connect.path("user").asText());
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        try (Connection c = DriverManager.getConnection(connect.path("jdbcUrl").asText(), props)) {
            return c.isValid(5);
        } catch (SQLException e) {
            assertThat(e.getMessage()).contains("password authentication failed");
            return false;
        }
    }

    /** Everything {@code docker inspect} shows of a container, where a password must never be. */
    private static String inspectText(EngineFixture engine, String container) throws Exception {
        return MAPPER.writeValueAsString(engine.docker().inspectContainerCmd(container).exec());
    }

    /**
     * The engine's events of the project's containers between two moments, each with its attributes: an exec's
     * event names its whole command line ({@code exec_create: sh -c ...}), a create its image, name and labels.
     */
    private static String eventsText(EngineFixture engine, String project, Instant since, Instant until)
            throws Exception {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        engine.docker().eventsCmd().withSince(String.valueOf(since.getEpochSecond()))
                .withUntil(String.valueOf(until.getEpochSecond() + 1))
                .withLabelFilter(Map.of("dev.poststack.project", project))
                .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Event>() {
                    @Override
                    public void onNext(com.github.dockerjava.api.model.Event event) {
                        events.add(event.getAction() + " " + (event.getActor() == null ? ""
                                : event.getActor().getAttributes()));
                    }
                }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
        return String.join("\n", events);
    }

    private static void assertNoSecret(String where, String text, String... passwords) {
        for (String password : passwords) {
            assertThat(text.contains(password)).as("a password in %s", where).isFalse();
        }
        assertThat(text.contains("SCRAM-SHA-256")).as("a password verifier in %s", where).isFalse();
    }

    @Test
    void aCheckoutWithAnotherPasswordResetsTheVolumesPasswordExplicitlyThenRunsOnItsData() throws Exception {
        String project = "psit-reset-" + UUID.randomUUID().toString().substring(0, 8);
        TestProject a = clone("a");
        TestProject b = clone("b");
        Cli cliA = named(a, project);
        Cli cliB = named(b, project);
        try (EngineFixture engine = new EngineFixture()) {
            try {
                Cli.Run upA = cliA.run("up", "--json");
                assertThat(upA.exitCode()).as(upA.output()).isZero();
                String passwordA = Files.readString(a.file(".poststack/secrets/db-password")).strip();
                String containerOfA = containersOf(engine, a).get(0).getId();
                // Data A wrote is there after B's reset: the reset keeps the cluster.
                assertThat(cliA.run("exec", "db", "--", "psql", "-U", "postgres", "-c", "create table kept (v int)")
                        .exitCode()).isZero();

                Cli.Run upB = cliB.run("up", "--take-over");
                assertThat(upB.exitCode()).as(upB.output()).isEqualTo(1);
                assertThat(upB.stderr()).contains("with another superuser password")
                        .contains("`poststack reset-password db --take-over`").contains("down --volumes");

                Cli.Run refused = cliB.run("reset-password", "db");
                assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
                assertThat(refused.stderr()).contains("belongs to the checkout at " + a.dir().toRealPath())
                        .contains("nothing was changed").contains("reset-password db --take-over");
                assertThat(logsIn(JsonSchemas.assertValid(upA.stdout(), "poststack/up/v1"), passwordA)).isTrue();

                // A's container runs: the reset asks its server, over its socket.
                Instant before = Instant.now();
                Cli.Run reset = cliB.run("reset-password", "db", "--take-over", "--json");
                Instant after = Instant.now();
                assertThat(reset.exitCode()).as(reset.output()).isZero();
                JsonNode done = JsonSchemas.assertValid(reset.stdout(), "poststack/reset-password/v1");
                assertThat(done.path("server").asText()).isEqualTo("running-container");
                assertThat(done.path("roles").toString()).isEqualTo("[\"postgres\"]");
                assertThat(done.path("absentRoles").toString()).as("no schema yet").isEqualTo("[\"app\"]");
                String passwordB = Files.readString(b.file(".poststack/secrets/db-password")).strip();
                String events = eventsText(engine, project, before, after);
                assertThat(events).as("the exec's command line").contains("exec_create: sh -c head -n 1 | exec psql");
                assertNoSecret("the engine's events (exec command lines)", events, passwordA, passwordB);
                assertNoSecret("docker inspect", inspectText(engine, containerOfA), passwordA, passwordB);
                assertNoSecret("the output", reset.output(), passwordA, passwordB);

                Cli.Run upBAgain = cliB.run("up", "--take-over", "--json");
                assertThat(upBAgain.exitCode()).as(upBAgain.output()).isZero();
                JsonNode upped = JsonSchemas.assertValid(upBAgain.stdout(), "poststack/up/v1");
                assertThat(logsIn(upped, passwordB)).isTrue();
                assertThat(logsIn(upped, passwordA)).as("A's password no longer works").isFalse();
                Cli.Run verify = cliB.run("verify-db");
                assertThat(verify.exitCode()).as(verify.output()).isZero();
                assertThat(cliB.run("exec", "db", "--", "psql", "-U", "postgres", "-tAc", "select count(*) from kept")
                        .stdout().strip()).isEqualTo("0");
                String containerOfB = containersOf(engine, b).get(0).getId();
                assertNoSecret("docker inspect", inspectText(engine, containerOfB), passwordA, passwordB);

                // No container runs on the data: the reset starts a temporary server on it, and removes it.
                assertThat(cliB.run("down").exitCode()).isZero();
                b.secret("db-password", "a-third-password-" + UUID.randomUUID());
                String passwordC = Files.readString(b.file(".poststack/secrets/db-password")).strip();
                Cli.Run blocked = cliB.run("up");
                assertThat(blocked.exitCode()).as("the record names B's previous password").isEqualTo(1);
                assertThat(blocked.stderr()).contains("reset-password db --take-over");
                Instant beforeTemporary = Instant.now();
                Cli.Run temporary = cliB.run("reset-password", "--take-over", "--json");
                assertThat(temporary.exitCode()).as(temporary.output()).isZero();
                String temporaryEvents = eventsText(engine, project, beforeTemporary, Instant.now());
                assertThat(temporaryEvents).contains("create").contains("reset-password")
                        .contains("exec_create: sh -c head -n 1 | exec psql");
                assertNoSecret("the temporary server's events (create, env, exec command lines)", temporaryEvents,
                        passwordB, passwordC);
                assertNoSecret("the output", temporary.output(), passwordB, passwordC);
                assertThat(JsonSchemas.assertValid(temporary.stdout(), "poststack/reset-password/v1").path("server")
                        .asText()).isEqualTo("temporary");
                assertThat(engine.docker().listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of("dev.poststack.project", project)).exec())
                        .as("the temporary server is gone").isEmpty();
                Cli.Run upC = cliB.run("up", "--json");
                assertThat(upC.exitCode()).as(upC.output()).isZero();
                JsonNode uppedC = JsonSchemas.assertValid(upC.stdout(), "poststack/up/v1");
                assertThat(logsIn(uppedC, passwordC)).isTrue();
                assertThat(logsIn(uppedC, passwordB)).isFalse();
                assertThat(cliB.run("verify-db").exitCode()).isZero();
            } finally {
                cliB.run("down", "--volumes", "--take-over");
            }
        }
    }

    @Test
    void aResetWithoutAClusterOrServiceSaysSoAndChangesNothing() throws Exception {
        String project = "psit-nocl-" + UUID.randomUUID().toString().substring(0, 8);
        TestProject b = clone("b");
        Cli cli = named(b, project);
        try (EngineFixture engine = new EngineFixture()) {
            try {
                Cli.Run unknown = cli.run("reset-password", "nosuch");
                assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(2);
                assertThat(unknown.stderr()).contains("no service named `nosuch`");

                Cli.Run noVolume = cli.run("reset-password", "db");
                assertThat(noVolume.exitCode()).as(noVolume.output()).isEqualTo(1);
                assertThat(noVolume.stderr()).contains("volume " + project + "-pgdata does not exist")
                        .contains("nothing was changed").contains("poststack up db");
                assertThat(engine.docker().listVolumesCmd().withFilter("name", List.of(project)).exec().getVolumes())
                        .as("no volume made").isNullOrEmpty();

                engine.docker().createVolumeCmd().withName(project + "-pgdata").exec();
                Cli.Run noCluster = cli.run("reset-password", "db", "--json");
                assertThat(noCluster.exitCode()).as(noCluster.output()).isEqualTo(1);
                JsonNode error = JsonSchemas.assertValid(noCluster.stdout(), "poststack/error/v1");
                assertThat(error.path("error").path("message").asText()).contains("hold no database cluster")
                        .contains("nothing was changed");
                assertThat(engine.docker().listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of("dev.poststack.project", project)).exec()).isEmpty();
                // Still empty: `up` initialises it as a fresh volume.
                Cli.Run up = cli.run("up");
                assertThat(up.exitCode()).as(up.output()).isZero();

                // A role the cluster does not have: the server refuses, and the record is put back as it was (none).
                b.editManifest("database: {user: postgres,", "database: {user: nobody,");
                Cli.Run noRole = cli.run("reset-password", "db");
                assertThat(noRole.exitCode()).as(noRole.output()).isEqualTo(1);
                assertThat(noRole.stderr()).contains("role \"nobody\" does not exist").contains("nothing was changed");
                b.editManifest("database: {user: nobody,", "database: {user: postgres,");
                Cli.Run record = cli.run("exec", "db", "--", "cat", "/var/lib/postgresql/data/.poststack-password");
                assertThat(record.exitCode()).as(record.output()).isZero();
                assertThat(record.stdout()).as("no record, as before").isEmpty();
                Cli.Run verify = cli.run("verify-db");
                assertThat(verify.exitCode()).as("the password is as it was: " + verify.output()).isZero();
            } finally {
                cli.run("down", "--volumes");
                try {
                    engine.docker().removeVolumeCmd(project + "-pgdata").exec();
                } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                    // Removed by down.
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong password | password: db-password, name: postgres | password: other, name: postgres"
                    + " | password authentication failed for user \"postgres\"",
            // The server tells a client of a missing role only that its password failed (the role is named in its log).
            "missing role | {user: postgres, password | {user: nobody, password"
                    + " | password authentication failed for user \"nobody\"",
            "missing database | password: db-password, name: postgres | password: db-password, name: nodb"
                    + " | database \"nodb\" does not exist"})
    void anErrorThatCannotHealFailsTheHealthCheckSoonWithTheErrorAsSeen(String kind, String find, String replace,
                                                                       String error) throws Exception {
        try (StackProject project = SharedImages.project(dir,
                "psit-perm-" + UUID.randomUUID().toString().substring(0, 8))) {
            project.files().editManifest("  app-password: {generate: 32}\n",
                    "  app-password: {generate: 32}\n  other: {generate: 32}\n");
            project.files().editManifest(find, replace);

            Cli.Run up = project.run("up");

            assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
            assertThat(up.stderr()).contains("health check `sql: select 1`").containsPattern("seen: .*" + java.util.regex.Pattern.quote(error));
            assertThat(up.wall()).as("a few attempts, not the 120 s timeout").isLessThan(Duration.ofSeconds(30));
            assertThat(up.stderr()).as("repeated log lines collapsed").contains("more like this");
            assertThat(up.stderr()).doesNotContainPattern("(?s)(" + java.util.regex.Pattern.quote(error) + ".*){12}");
            assertThat(project.containers()).isEmpty();
        }
    }
}
