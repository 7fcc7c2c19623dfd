package dev.poststack.manifest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code database.logging}: what the server logs for {@code poststack log-report} (pgBadger), as server settings.
 * What costs (every statement, every connection) is off unless asked for; the line prefix pgBadger parses is the
 * postgres images' own ({@link #IMAGE_LINE_PREFIX}), set whether or not the section is written.
 *
 * @param statements  which statements are logged with their duration ({@code log_min_duration_statement})
 * @param minDuration with {@link Statements#SLOW}: the shortest duration logged
 * @param connections {@code log_connections} and {@code log_disconnections}
 * @param checkpoints {@code log_checkpoints}
 * @param lockWaits   {@code log_lock_waits}: a wait longer than {@code deadlock_timeout} (1 s)
 * @param tempFiles   {@code log_temp_files = 0}: every temporary file a query spills to
 * @param autovacuum  {@code log_autovacuum_min_duration}: autovacuum runs at least this long; empty: none
 */
public record LoggingSpec(Statements statements, Duration minDuration, boolean connections, boolean checkpoints,
                          boolean lockWaits, boolean tempFiles, Optional<Duration> autovacuum) {

    /**
     * The {@code log_line_prefix} the postgres images write on every start: time with milliseconds, process id,
     * and for sessions user and database ({@code %q} ends the prefix for background processes). pgBadger is told
     * it with {@code --prefix}.
     */
    public static final String IMAGE_LINE_PREFIX = "%m [%p] %q%u@%d ";

    /** The report's image: the manifest image of this name (the catalog's, added when a service logs for it). */
    public static final String REPORT_IMAGE = "pgbadger";

    public static final Duration DEFAULT_MIN_DURATION = Duration.ofMillis(250);
    /** PostgreSQL's own default of {@code log_autovacuum_min_duration}. */
    public static final Duration DEFAULT_AUTOVACUUM = Duration.ofMinutes(10);

    /** What the section stands for when written empty ({@code logging: {}}). */
    public static final LoggingSpec DEFAULTS = new LoggingSpec(Statements.NONE, DEFAULT_MIN_DURATION, false, true,
            true, false, Optional.of(DEFAULT_AUTOVACUUM));

    /** Which statements are logged with their duration. */
    public enum Statements {
        /** none ({@code log_min_duration_statement = -1}) */
        NONE,
        /** those lasting at least {@code min-duration} */
        SLOW,
        /** every statement ({@code log_min_duration_statement = 0}): costs on a busy server */
        ALL;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The server settings, as the postgres images' {@code POSTGRES_SETTING_*} variables, in a stable order. */
    public Map<String, String> serverEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(variable("log_min_duration_statement"), switch (statements) {
            case NONE -> "-1";
            case SLOW -> String.valueOf(minDuration.toMillis());
            case ALL -> "0";
        });
        env.put(variable("log_connections"), onOff(connections));
        env.put(variable("log_disconnections"), onOff(connections));
        env.put(variable("log_checkpoints"), onOff(checkpoints));
        env.put(variable("log_lock_waits"), onOff(lockWaits));
        env.put(variable("log_temp_files"), tempFiles ? "0" : "-1");
        env.put(variable("log_autovacuum_min_duration"), autovacuum.map(d -> String.valueOf(d.toMillis())).orElse("-1"));
        return env;
    }

    /** The image's variable for a server setting. */
    public static String variable(String setting) {
        return "POSTGRES_SETTING_" + setting.replace(".", "__");
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
