package dev.poststack.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code log-report} end to end on the shipped postgres image and the catalog's pgbadger image, through the command
 * line: with slow statements and connections logged ({@code database.logging}, which brings the pgbadger image), a slow statement, fast ones below the threshold and an error reach pgBadger's
 * report and its counts; a stopped container's log is read too, from a given moment on.
 */
class LogReportIT {

    private static final String DATABASE = "database: {user: postgres, password: db-password, name: postgres}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void slowStatementsConnectionsAndErrorsReachPgBadgersReport() throws Exception {
        try (StackProject project = SharedImages.project(dir, "psit-logrep-" + UUID.randomUUID().toString().substring(0, 8))) {
            project.files().editManifest(DATABASE, "database: {user: postgres, password: db-password, name: postgres,"
                    + " logging: {statements: slow, min-duration: 300ms, connections: true}}");
            Cli.Run build = project.run("build-images", "pgbadger");
            assertThat(build.exitCode()).as(build.output()).isZero();
            Cli.Run up = project.run("up", "db");
            assertThat(up.exitCode()).as(up.output()).isZero();

            try (Connection c = project.connect("postgres", "postgres", "db-password"); Statement s = c.createStatement()) {
                for (int i = 0; i < 20; i++) {
                    s.execute("select 'lr-fast-marker', " + i);
                }
                s.execute("select 'lr-slow-marker', pg_sleep(0.7)");
                assertThatThrownBy(() -> s.execute("select * from lr_no_such_table")).isInstanceOf(SQLException.class);
            }

            Cli.Run report = project.run("log-report", "db", "--json");
            assertThat(report.exitCode()).as(report.output()).isZero();
            JsonNode doc = JSON.readTree(report.stdout());
            assertThat(doc.path("since").isNull()).as("no --since").isTrue();
            assertThat(doc.path("schema").asText()).isEqualTo("poststack/log-report/v1");
            assertThat(doc.path("linePrefix").asText()).isEqualTo("%m [%p] %q%u@%d ");
            assertThat(doc.path("parsedLines").asLong()).isPositive();
            assertThat(doc.path("statements").asLong()).as("only the slow statement is logged: %s", doc).isEqualTo(1);
            JsonNode slowest = doc.path("slowest").get(0);
            assertThat(slowest.path("statement").asText()).contains("lr-slow-marker");
            assertThat(slowest.path("millis").asDouble()).isGreaterThanOrEqualTo(700);
            assertThat(slowest.path("database").asText()).isEqualTo("postgres");
            assertThat(slowest.path("user").asText()).isEqualTo("postgres");
            assertThat(doc.path("errors").asLong()).as("the missing table").isGreaterThanOrEqualTo(1);
            assertThat(doc.path("connections").asLong()).as("the test's connection, and the checks'").isGreaterThanOrEqualTo(1);
            Path html = Path.of(doc.path("html").asText());
            assertThat(html).isEqualTo(project.files().file("logs/log-report-db.html"));
            String page = Files.readString(html);
            assertThat(page).contains("pgBadger", "lr-slow-marker", "lr_no_such_table").doesNotContain("lr-fast-marker");
            assertThat(project.files().file("logs/.gitignore")).exists();
            assertThat(project.containers()).as("pgBadger's container is removed")
                    .noneMatch(c -> c.getNames()[0].contains("pgbadger"));

            // A stopped container's log, from a moment after the statements: its shutdown lines only.
            Instant afterStatements = Instant.now();
            Thread.sleep(1500);
            project.docker().stopContainerCmd(project.containerId("db")).exec();
            Path custom = dir.resolve("out/stopped.html");
            Cli.Run stopped = project.run("log-report", "--output", custom.toString(), "--since", afterStatements.toString());
            assertThat(stopped.exitCode()).as(stopped.output()).isZero();
            assertThat(stopped.stdout()).contains("db: ", "; 0 statements logged", "report: " + custom);
            assertThat(Files.readString(custom)).doesNotContain("lr-slow-marker");
            Cli.Run stoppedJson = project.run("log-report", "--json", "--output", custom.toString(), "--since",
                    afterStatements.toString());
            assertThat(stoppedJson.exitCode()).as(stoppedJson.output()).isZero();
            assertThat(JSON.readTree(stoppedJson.stdout()).path("since").asText()).as("--since, echoed")
                    .isEqualTo(afterStatements.toString());
        }
    }
}
