package dev.poststack.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A database service's server log turned into pgBadger's report ({@code poststack log-report}), with the counts
 * pgBadger found in it.
 *
 * @param service     the service whose container's log was read
 * @param html        where pgBadger's HTML report was written
 * @param linePrefix  the {@code log_line_prefix} pgBadger parsed the log with
 * @param logLines    lines of the container's output read
 * @param parsedLines of them, server log lines pgBadger understood
 * @param firstLine   the time of the first server log line, as the server wrote it (its time zone)
 * @param lastLine    the time of the last one
 * @param statements  statements logged with their duration ({@code database.logging.statements})
 * @param statementMillis their total duration
 * @param errors      lines of level ERROR, FATAL or PANIC (pgBadger's events)
 * @param connections connections received ({@code database.logging.connections})
 * @param sessions    sessions that ended (disconnections)
 * @param slowest     the slowest statements, slowest first (at most 10)
 * @param took        how long collecting and reporting took
 */
public record LogReport(String service, Path html, String linePrefix, long logLines, long parsedLines,
                        Optional<String> firstLine, Optional<String> lastLine, long statements, double statementMillis,
                        long errors, long connections, long sessions, List<SlowStatement> slowest, Duration took) {

    public LogReport {
        slowest = List.copyOf(slowest);
    }

    /**
     * One of the slowest statements.
     *
     * @param millis    its duration
     * @param at        when it ended, as the server wrote the time
     * @param statement its text, as logged
     * @param database  the database it ran in, when the line prefix names it
     * @param user      the user it ran as, when the line prefix names it
     */
    public record SlowStatement(double millis, String at, String statement, Optional<String> database,
                                Optional<String> user) {
    }
}
