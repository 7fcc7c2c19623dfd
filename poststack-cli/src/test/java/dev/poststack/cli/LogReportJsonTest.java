package dev.poststack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poststack.api.LogReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * log-report's bad input, refused before the engine is asked (an unknown service, one that is no PostgreSQL, a
 * manifest without the pgbadger image), and its --json document against docs/json/. LogReportIT runs it on a real
 * server's log.
 */
class LogReportJsonTest {

    @TempDir
    Path dir;

    private InProcessCli cli;

    @BeforeEach
    void captureStdout() {
        cli = InProcessCli.open();
    }

    @AfterEach
    void restoreStdout() {
        cli.close();
    }

    private Path manifest(String services) throws Exception {
        return Files.writeString(dir.resolve("images.yaml"), """
                version: 1
                images:
                  base: {rootfs: {suite: trixie}}
                secrets:
                  db-password: {generate: 32}
                services:
                """ + services.indent(2));
    }

    private JsonNode errorOf(String... args) throws Exception {
        assertThat(cli.run(args)).as(cli.err()).isEqualTo(2);
        JsonNode error = JsonSchemas.assertValid(cli.out(), "poststack/error/v1");
        assertThat(error.path("command").asText()).isEqualTo("log-report");
        assertThat(error.path("error").path("kind").asText()).isEqualTo("INVALID_INPUT");
        return error.path("error");
    }

    @Test
    void aServiceThatIsNoPostgresIsRefusedNamingTheDatabaseServices() throws Exception {
        Path file = manifest("""
                web: {image: base}
                db: {image: base, database: {password: db-password}}
                """);
        JsonNode error = errorOf("log-report", "web", "--json", "--manifest", file.toString());
        assertThat(error.path("message").asText()).contains("service `web` is not a PostgreSQL service",
                "fix: name a database service: db");
        JsonNode unknown = errorOf("log-report", "dbb", "--json", "--manifest", file.toString());
        assertThat(unknown.path("message").asText()).contains("no service named `dbb`", "services: web, db");
    }

    @Test
    void aManifestWithoutThePgbadgerImageSaysHowToGetIt() throws Exception {
        Path file = manifest("db: {image: base, database: {password: db-password}}\n");
        JsonNode error = errorOf("log-report", "--json", "--manifest", file.toString());
        assertThat(error.path("message").asText()).contains("has no image `pgbadger`", "`database.logging`",
                "pgbadger: {catalog: pgbadger}", "poststack build-images pgbadger");
    }

    @Test
    void anOutputThatIsAFolderIsRefused() throws Exception {
        Path file = manifest("db: {image: base, database: {password: db-password, logging: {}}}\n");
        Path folder = Files.createDirectories(dir.resolve("reports"));
        JsonNode error = errorOf("log-report", "--output", folder.toString(), "--json", "--manifest", file.toString());
        assertThat(error.path("message").asText()).contains("is a folder", "--output " + folder.resolve("log-report-db.html"));
    }

    @Test
    void sinceIsATimeAgoOrATimeWithAnOffset() throws Exception {
        java.time.Instant now = java.time.Instant.parse("2026-12-02T12:00:00Z");
        assertThat(LogReportCommand.since("30m", now)).isEqualTo(java.time.Instant.parse("2026-12-02T11:30:00Z"));
        assertThat(LogReportCommand.since("1d2h", now)).isEqualTo(java.time.Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(LogReportCommand.since("1h30m15s", now)).isEqualTo(java.time.Instant.parse("2026-12-02T10:29:45Z"));
        assertThat(LogReportCommand.since("2026-12-02 05:44:55+01:00", now))
                .isEqualTo(java.time.Instant.parse("2026-12-02T04:44:55Z"));
        Path file = manifest("db: {image: base, database: {password: db-password, logging: {}}}\n");
        JsonNode error = errorOf("log-report", "--since", "yesterday", "--json", "--manifest", file.toString());
        assertThat(error.path("message").asText()).contains("--since `yesterday` is neither a time ago nor a time with"
                + " an offset", "--since 30m");
    }

    @Test
    void theDocumentHoldsTheCountsAndTheSlowestStatements() throws Exception {
        LogReport report = new LogReport("db", Path.of("/p/logs/log-report-db.html"), "%m [%p] %q%u@%d ", 120, 117,
                Optional.of("2026-12-02 13:11:26"), Optional.of("2026-12-02 13:11:40"), 2, 812.5, 1, 3, 3,
                List.of(new LogReport.SlowStatement(612.25, "2026-12-02 13:11:39", "select pg_sleep(0.6)",
                        Optional.of("postgres"), Optional.of("postgres")),
                        new LogReport.SlowStatement(200.25, "2026-12-02 13:11:40", "select 2", Optional.empty(),
                                Optional.empty())), Duration.ofMillis(2400));
        JsonNode document = JsonSchemas.assertValid(LogReportCommand.json(JsonOutput.document("log-report")
                .put("project", "p"), report, Optional.of(java.time.Instant.parse("2026-12-02T13:00:00Z"))),
                "poststack/log-report/v1");
        assertThat(document.path("since").asText()).isEqualTo("2026-12-02T13:00:00Z");
        assertThat(JsonSchemas.assertValid(LogReportCommand.json(JsonOutput.document("log-report").put("project", "p"),
                report, Optional.empty()), "poststack/log-report/v1").path("since").isNull())
                .as("no --since: null, not left out").isTrue();
        assertThat(document.path("html").asText()).isEqualTo("/p/logs/log-report-db.html");
        assertThat(document.path("statements").asLong()).isEqualTo(2);
        assertThat(document.path("slowest").get(0).path("statement").asText()).isEqualTo("select pg_sleep(0.6)");
        assertThat(document.path("slowest").get(1).path("database").isNull()).isTrue();
        assertThat(document.path("tookMillis").asLong()).isEqualTo(2400);
    }

    @Test
    void theSchemaRefusesADocumentWithoutItsCounts() throws Exception {
        assertThat(JsonSchemas.errors(new ObjectMapper().readTree("{\"schema\":\"poststack/log-report/v1\","
                + "\"project\":\"p\",\"service\":\"db\",\"html\":\"/r.html\"}"), "log-report")).isNotEmpty();
    }
}
