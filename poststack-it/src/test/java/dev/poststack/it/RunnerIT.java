package dev.poststack.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** `poststack up`, `verify-db`, `status`, `logs` and `down` against the real engine. */
class RunnerIT {

    private static final String HEALTH = "      - sql: {query: select 1, timeout: 120s}\n";
    private static final String LAST_VERIFY = "      - extension: pg_cron\n";

    @TempDir
    Path dir;

    private StackProject project() throws Exception {
        return SharedImages.project(dir, "psit-run-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void upProvesTheDatabaseKeepsItWhenCurrentAndItsDataSurvivesDownAndUp() throws Exception {
        try (StackProject project = project()) {
            Cli.Run up = project.run("up");
            assertThat(up.exitCode()).as(up.output()).isZero();
            assertThat(up.stdout()).containsPattern("db: ok +health sql: select 1").contains("db: starting")
                    .contains("db: ready").contains("connect: psql -h 127.0.0.1 -p ");
            assertThat(project.files().file("logs/containers/db.log")).exists();

            Cli.Run verify = project.run("verify-db");
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            assertThat(verify.stdout()).contains("CHECK", "EXPECTED", "SEEN", "TIME").contains("all 8 checks passed");
            Cli.Run json = project.run("verify-db", "--json");
            JsonNode report = new ObjectMapper().readTree(json.stdout());
            assertThat(report.get("passed").asBoolean()).isTrue();
            assertThat(report.get("checks")).hasSize(8);

            Cli.Run status = project.run("status");
            assertThat(status.stdout()).containsPattern("db\\s+running\\s+healthy|db\\s+running\\s+starting")
                    .contains("5432 -> 127.0.0.1:").contains("yes");

            try (Connection c = project.connect("postgres", "postgres", "db-password");
                 Statement s = c.createStatement()) {
                s.execute("create table kept (v text); insert into kept values ('survives')");
            }
            String firstContainer = project.containerId("db");
            Cli.Run again = project.run("up");
            assertThat(again.stdout()).contains("already running and current, kept");
            assertThat(project.containerId("db")).isEqualTo(firstContainer);

            Cli.Run down = project.run("down");
            assertThat(down.exitCode()).as(down.output()).isZero();
            assertThat(down.stdout()).contains("volumes kept");
            assertThat(project.containers()).isEmpty();

            Cli.Run upAgain = project.run("up");
            assertThat(upAgain.exitCode()).as(upAgain.output()).isZero();
            try (Connection c = project.connect("postgres", "postgres", "db-password");
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select v from kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("survives");
            }

            Cli.Run logs = project.run("logs", "db");
            assertThat(logs.stdout()).contains("database system is ready to accept connections");
        }
    }

    @Test
    void theGeneratedPasswordIsOwnerOnlyAndAppearsInNoOutputLogInspectOrImage() throws Exception {
        try (StackProject project = project()) {
            Cli.Run up = project.run("up");
            assertThat(up.exitCode()).as(up.output()).isZero();
            String password = project.secret("db-password");
            Path file = project.files().file(".poststack/secrets/db-password");

            assertThat(password).hasSize(32);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(up.output()).doesNotContain(password);
            assertThat(project.allLogs()).doesNotContain(password);
            InspectContainerResponse container = project.docker().inspectContainerCmd(project.containerId("db")).exec();
            assertThat(String.join(" ", container.getConfig().getEnv())).doesNotContain(password);
            assertThat(String.join(" ", container.getArgs())).doesNotContain(password);
            var image = project.docker().inspectImageCmd(container.getImageId()).exec();
            assertThat(String.join(" ", image.getConfig().getEnv())).doesNotContain(password);
            assertThat(Files.readString(project.files().file(".poststack/.gitignore"))).contains("*");
        }
    }

    @Test
    void aContainerThatDiesDuringTheWaitFailsAtOnceWithItsExitCodeAndLastLines() throws Exception {
        try (StackProject project = project()) {
            project.files().editManifest("      POSTGRES_PASSWORD_FILE: /run/secrets/db-password\n", "");

            Cli.Run up = project.run("up");

            assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
            assertThat(up.stderr()).contains("service `db`: health check `sql: select 1`")
                    .contains("the container exited with code")
                    .contains("POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE must be set");
            assertThat(up.wall()).as("fails at once, not at the 120 s timeout").isLessThan(Duration.ofSeconds(30));
            assertThat(project.containers()).as("the failed container is removed").isEmpty();
        }
    }

    @Test
    void aPortThatNeverOpensFailsAtItsTimeoutWithWhatWasSeen() throws Exception {
        try (StackProject project = project()) {
            project.files().editManifest(HEALTH, HEALTH + "      - tcp: {port: 6543, from: container, timeout: 3s}\n");

            Cli.Run up = project.run("up");

            assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
            assertThat(up.stderr()).contains("health check `tcp").contains("6543").contains("expected:")
                    .contains("seen:").contains("failed after 3.");
            assertThat(project.containers()).isEmpty();
        }
    }

    @Test
    void aWrongPasswordFailsTheSqlCheckWithTheDatabasesError() throws Exception {
        try (StackProject project = project()) {
            project.files().editManifest("  app-password: {generate: 32}\n",
                    "  app-password: {generate: 32}\n  wrong: {generate: 32}\n");
            project.files().editManifest("password: db-password, name: postgres", "password: wrong, name: postgres");
            project.files().editManifest("{query: select 1, timeout: 120s}", "{query: select 1, timeout: 15s}");

            Cli.Run up = project.run("up");

            assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
            assertThat(up.stderr()).contains("health check `sql: select 1`")
                    .contains("password authentication failed for user \"postgres\"");
            assertThat(up.output()).doesNotContain(project.secret("wrong"));
        }
    }

    @Test
    void aMissingFileFailsVerifyNamingThePathExpectedAndSeen() throws Exception {
        try (StackProject project = project()) {
            project.files().editManifest(LAST_VERIFY,
                    LAST_VERIFY + "      - file: /var/lib/postgresql/data/missing.conf\n");

            Cli.Run up = project.run("up");

            assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
            assertThat(up.stderr()).contains("verify check `file /var/lib/postgresql/data/missing.conf")
                    .contains("images.yaml:").contains("expected:").contains("seen:");
            assertThat(project.containers()).isEmpty();
        }
    }

    /** Starts `up` with a health check that never passes; returns once its container exists. */
    private static Process upWaitingForever(StackProject project) throws Exception {
        Process up = startUpWaitingForever(project);
        await("up started the container").atMost(Duration.ofSeconds(60)).until(() -> !project.containers().isEmpty());
        return up;
    }

    private static Process startUpWaitingForever(StackProject project) throws Exception {
        if (!Files.readString(project.files().file("images.yaml")).contains("never-printed")) {
            project.files().editManifest(HEALTH, HEALTH + "      - log: {pattern: never-printed, timeout: 120s}\n");
        }
        return project.cli().start("up");
    }

    /**
     * Ctrl-C at each phase of an `up` in turn, each signal sent when the run's own output shows it reached
     * that phase: while it creates, fills and starts the container (right after `db: starting`), while the
     * health checks wait (after `db: started`), and while the last check waits (after the first `ok`).
     */
    @ParameterizedTest(name = "after \"{0}\"")
    @ValueSource(strings = {"db: starting", "db: started", "db: ok"})
    void ctrlCDuringUpRemovesWhatItStarted(String phase) throws Exception {
        try (StackProject project = project()) {
            long started = System.nanoTime();
            Process up = startUpWaitingForever(project);
            Path stdout = project.files().file(".cli-stdout");
            await("up reaches " + phase).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                    .until(() -> !up.isAlive() || Files.exists(stdout) && Files.readString(stdout).contains(phase));
            assertThat(up.isAlive()).as("up still runs at " + phase).isTrue();

            int expected = Cli.interrupt(up);
            assertThat(up.waitFor(30, TimeUnit.SECONDS)).as("ends within seconds, not at the check's timeout").isTrue();

            Cli.Run run = project.cli().finished(up, started);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(expected);
            assertThat(run.stderr()).as(run.output()).contains("poststack: interrupted")
                    .doesNotContain("see the message above").doesNotContain("Exception");
            if (!phase.equals("db: starting")) {
                assertThat(run.stdout()).contains("db: stopped and removed");
            }
            assertThat(project.containers()).as("nothing left running").isEmpty();
        }
    }

    @Test
    void downFindsTheLeftoversOfAKilledRunByTheirLabels() throws Exception {
        try (StackProject project = project()) {
            Process up = upWaitingForever(project);
            up.destroyForcibly().waitFor();
            List<?> left = project.containers();
            assertThat(left).as("SIGKILL gives poststack no chance to clean").isNotEmpty();

            Cli.Run down = project.run("down");

            assertThat(down.exitCode()).as(down.output()).isZero();
            assertThat(project.containers()).isEmpty();
        }
    }
}
