package dev.poststack.logreport;

import dev.poststack.api.LogReport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * pgBadger's JSON report read into the counts log-report prints. The resources are pgBadger 13's real output (the
 * catalog's pgbadger image) on {@code pgbadger/postgres.log}, a postgres container's log with the image's line
 * prefix, four slow statements, a syntax error and five sessions; and on a file with no server line in it.
 */
class PgBadgerJsonTest {

    @Test
    void countsStatementsErrorsAndConnectionsAndKeepsTheSlowestFirst() throws Exception {
        PgBadgerJson counts = PgBadgerJson.parse(resource("pgbadger/report.json"));

        assertThat(counts.logLines()).isEqualTo(36);
        assertThat(counts.parsedLines()).isPositive();
        assertThat(counts.statements()).isEqualTo(4);
        assertThat(counts.statementMillis()).isEqualTo(2301.391);
        assertThat(counts.errors()).as("the syntax error; the LOG lines are no errors").isEqualTo(1);
        assertThat(counts.connections()).isEqualTo(5);
        assertThat(counts.sessions()).isEqualTo(5);
        assertThat(counts.firstLine()).contains("2026-12-02 13:11:26");
        assertThat(counts.lastLine()).contains("2026-12-02 13:11:40");
        assertThat(counts.slowest()).hasSize(4);
        LogReport.SlowStatement slowest = counts.slowest().get(0);
        assertThat(slowest.millis()).isEqualTo(1556.069);
        assertThat(slowest.statement()).contains("generate_series(1,3000000)");
        assertThat(slowest.database()).contains("postgres");
        assertThat(slowest.user()).contains("postgres");
        assertThat(counts.slowest()).extracting(LogReport.SlowStatement::statement)
                .anySatisfy(s -> assertThat(s).contains("'multi-line'"));
    }

    @Test
    void aLogWithoutServerLinesHasNoParsedLinesAndNoTimes() throws Exception {
        PgBadgerJson counts = PgBadgerJson.parse(resource("pgbadger/no-server-lines.json"));

        assertThat(counts.logLines()).isEqualTo(2);
        assertThat(counts.parsedLines()).isZero();
        assertThat(counts.statements()).isZero();
        assertThat(counts.firstLine()).isEmpty();
        assertThat(counts.slowest()).isEmpty();
    }

    @Test
    void theReportCarriesTheRunsFacts() throws Exception {
        LogReport report = PgBadgerJson.parse(resource("pgbadger/report.json"))
                .report("db", Path.of("/p/logs/log-report-db.html"), "%m [%p] ", 36, Duration.ofMillis(900));

        assertThat(report.service()).isEqualTo("db");
        assertThat(report.linePrefix()).isEqualTo("%m [%p] ");
        assertThat(report.logLines()).isEqualTo(36);
        assertThat(report.took()).isEqualTo(Duration.ofMillis(900));
    }

    @Test
    void somethingElseThanJsonIsSaidSo() {
        assertThatThrownBy(() -> PgBadgerJson.parse("<html>")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pgBadger's JSON report cannot be read");
    }

    @Test
    void aPrefixWithoutTimeOrProcessIsRefusedWithWhatIsMissing() {
        assertThat(PgBadger.prefixProblem("%m [%p] %q%u@%d ")).isEmpty();
        assertThat(PgBadger.prefixProblem("%t [%c] ")).isEmpty();
        assertThat(PgBadger.prefixProblem("[%p] ")).contains("the server's log_line_prefix `[%p] ` has no time (%m or"
                + " %t), which pgBadger needs");
        assertThat(PgBadger.prefixProblem("")).hasValueSatisfying(p -> assertThat(p).contains("no time (%m or %t) and"
                + " no process id (%p)"));
        assertThat(PgBadger.prefixProblem("%m ")).hasValueSatisfying(p -> assertThat(p).contains("has no process id"));
        assertThat(PgBadger.arguments("%m [%p] ")).containsSequence("--prefix", "%m [%p] ")
                .containsSequence("--outfile", "report.html", "--outfile", "report.json").endsWith("/report/postgres.log");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PgBadgerJsonTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(Optional.ofNullable(in).orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
