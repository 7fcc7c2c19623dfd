package dev.poststack.logreport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poststack.api.LogReport;
import dev.poststack.api.LogReport.SlowStatement;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The counts of pgBadger's JSON report ({@code -o report.json}, written next to the HTML in the same run): lines
 * parsed, statements with their durations, errors, connections, sessions and the slowest statements. pgBadger keys
 * most of it by the log's source (one, named {@code postgres}, for a single log), so the first key is taken.
 *
 * @param logLines    lines pgBadger read
 * @param parsedLines of them, server log lines it understood
 */
public record PgBadgerJson(long logLines, long parsedLines, Optional<String> firstLine, Optional<String> lastLine,
                           long statements, double statementMillis, long errors, long connections, long sessions,
                           List<SlowStatement> slowest) {

    /** At most this many of the slowest statements are kept. */
    public static final int SLOWEST = 10;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public PgBadgerJson {
        slowest = List.copyOf(slowest);
    }

    /** @throws IllegalArgumentException when {@code json} is not JSON */
    public static PgBadgerJson parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("pgBadger's JSON report cannot be read: " + e.getOriginalMessage(), e);
        }
        JsonNode overall = root.path("overall_stat");
        JsonNode stats = overall.path("postgres");
        JsonNode types = first(root.path("logs_type"));
        long errors = types.path("ERROR").asLong() + types.path("FATAL").asLong() + types.path("PANIC").asLong();
        List<SlowStatement> slowest = new ArrayList<>();
        for (JsonNode row : first(root.path("top_slowest"))) {
            if (slowest.size() < SLOWEST && row.isArray() && row.size() >= 3) {
                slowest.add(new SlowStatement(row.path(0).asDouble(), row.path(1).asText(), row.path(2).asText(),
                        text(row.path(3)), text(row.path(4))));
            }
        }
        JsonNode duration = stats.path("queries_duration");
        double millis = 0;
        for (Iterator<JsonNode> it = duration.elements(); it.hasNext(); ) {
            millis += it.next().asDouble();
        }
        return new PgBadgerJson(root.path("nlines").asLong(), first(overall.path("nlines")).asLong(),
                timestamp(stats.path("first_log_ts")), timestamp(stats.path("last_log_ts")),
                overall.path("queries_number").asLong(), millis, errors,
                first(root.path("connection_info")).path("count").asLong(),
                first(root.path("session_info")).path("count").asLong(), slowest);
    }

    /** The report of {@code service}'s log, with this run's counts. */
    public LogReport report(String service, Path html, String linePrefix, long readLines, Duration took) {
        return new LogReport(service, html, linePrefix, Math.max(readLines, logLines), parsedLines, firstLine, lastLine,
                statements, statementMillis, errors, connections, sessions, slowest, took);
    }

    /** The value of an object's first key (pgBadger's log source); a missing node when it has none. */
    private static JsonNode first(JsonNode node) {
        Iterator<JsonNode> values = node.isObject() ? node.elements() : java.util.Collections.emptyIterator();
        return values.hasNext() ? values.next() : MAPPER.missingNode();
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static Optional<String> timestamp(JsonNode node) {
        return text(node).filter(t -> !t.equals("-"));
    }
}
