package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.api.LogReport;
import dev.poststack.api.PoststackException;
import dev.poststack.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code poststack log-report [SERVICE]}: a database service's server log as pgBadger's HTML report. */
@Command(name = "log-report", mixinStandardHelpOptions = true,
        description = {"Turns a database service's server log (its container's output) into pgBadger's HTML report.",
                "What the server logs is set by `database.logging` in the manifest; pgBadger runs in a container of"
                        + " the `pgbadger` image without network."})
final class LogReportCommand implements Callable<Integer> {

    /** A time ago, largest unit first: 1d, 2h, 30m, 1h30m, 90s. */
    private static final Pattern AGO = Pattern.compile(
            "(?:([0-9]{1,6})d)?(?:([0-9]{1,6})h)?(?:([0-9]{1,6})m)?(?:([0-9]{1,9})s)?");

    @Parameters(paramLabel = "SERVICE", arity = "0..1",
            description = "The database service (default: the only one, or the schema's).")
    String service;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where the HTML report goes (default: logs/log-report-SERVICE.html).")
    Path output;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only the lines written since then: a time ago (30m, 2h, 1h30m, 1d) or a time with an offset (2026-12-02T05:44:55Z).")
    String since;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws InterruptedException {
        Optional<Path> html = Optional.ofNullable(output).map(Path::toAbsolutePath);
        Optional<Instant> from = Optional.ofNullable(since).map(s -> since(s, Instant.now()));
        try (Poststack poststack = main.globals.open()) {
            LogReport report = poststack.logReport(Optional.ofNullable(service).orElseGet(poststack::databaseService),
                    html, from, main.globals.progress()::println);
            String target = report.service();
            if (main.globals.json) {
                JsonOutput.print(json(JsonOutput.document("log-report").put("project", poststack.projectName()), report,
                        from));
                return 0;
            }
            System.out.println(target + ": " + report.parsedLines() + " server log lines"
                    + report.firstLine().map(f -> " from " + f + " to " + report.lastLine().orElse(f)).orElse("")
                    + "; " + report.statements() + " statements logged ("
                    + String.format(Locale.ROOT, "%.1f s", report.statementMillis() / 1000) + "), " + report.errors()
                    + " errors, " + report.connections() + " connections");
            if (!report.slowest().isEmpty()) {
                TextTable table = TextTable.withColumns("MS", "AT", "DATABASE", "STATEMENT");
                report.slowest().stream().limit(5).forEach(s -> table.row(String.format(Locale.ROOT, "%.1f", s.millis()),
                        s.at(), s.database().orElse(""), oneLine(s.statement())));
                System.out.print(table.render());
            }
            System.out.println("report: " + report.html());
            return 0;
        }
    }

    /**
     * A {@code --since} value: a time ago in units, largest first ({@code 30m}, {@code 1h30m}, {@code 2d}), or an
     * ISO-8601 time with an offset.
     *
     * @throws PoststackException {@code INVALID_INPUT} for anything else
     */
    static Instant since(String text, Instant now) {
        Matcher ago = AGO.matcher(text.strip());
        if (ago.matches() && !text.isBlank()) {
            Duration back = Duration.ofDays(number(ago, 1)).plusHours(number(ago, 2)).plusMinutes(number(ago, 3))
                    .plusSeconds(number(ago, 4));
            return now.minus(back);
        }
        try {
            return OffsetDateTime.parse(text.strip().replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            throw PoststackException.invalidInput("--since `" + text + "` is neither a time ago nor a time with an"
                    + " offset\nfix: write e.g. --since 30m, --since 2h, --since 1d or --since 2026-12-02T05:44:55Z");
        }
    }

    private static long number(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }

    /** The {@code --json} document; {@code since}: where {@code --since} said to begin, echoed as an instant. */
    static ObjectNode json(ObjectNode document, LogReport report, Optional<Instant> since) {
        document.put("service", report.service());
        document.put("html", report.html().toString());
        document.put("linePrefix", report.linePrefix());
        document.put("logLines", report.logLines());
        document.put("parsedLines", report.parsedLines());
        document.put("firstLine", report.firstLine().orElse(null));
        document.put("lastLine", report.lastLine().orElse(null));
        document.put("since", since.map(Instant::toString).orElse(null));
        document.put("statements", report.statements());
        document.put("statementMillis", report.statementMillis());
        document.put("errors", report.errors());
        document.put("connections", report.connections());
        document.put("sessions", report.sessions());
        ArrayNode slowest = document.putArray("slowest");
        for (LogReport.SlowStatement s : report.slowest()) {
            slowest.addObject().put("millis", s.millis()).put("at", s.at()).put("statement", s.statement())
                    .put("database", s.database().orElse(null)).put("user", s.user().orElse(null));
        }
        document.put("tookMillis", report.took().toMillis());
        return document;
    }

    private static String oneLine(String statement) {
        String line = statement.replaceAll("\\s+", " ").strip();
        return line.length() > 80 ? line.substring(0, 79) + "…" : line;
    }
}
