package dev.poststack.manifest;

import dev.poststack.manifest.LoggingSpec.Statements;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads {@code database.logging} and adds the server settings it stands for to the service's environment (the
 * postgres images' {@code POSTGRES_SETTING_*}), so the container and its config digest follow from it like from
 * anything the service declares itself.
 */
final class LoggingReader {

    static final List<String> KEYS = List.of("statements", "min-duration", "connections", "checkpoints", "lock-waits",
            "temp-files", "autovacuum");

    /**
     * @param database the service's {@code database} section
     * @param env      the service's environment, which gets the settings
     */
    Optional<LoggingSpec> read(Section database, Map<String, String> env) {
        Optional<Section> section = database.section("logging", "{statements: slow, min-duration: 250ms}", KEYS);
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Section l = section.get();
        LoggingSpec d = LoggingSpec.DEFAULTS;
        Optional<YamlNode.Scalar> written = l.scalar("statements", "slow");
        Optional<Statements> read = written.flatMap(s -> statements(l, s));
        Statements statements = read.orElse(d.statements());
        Duration minDuration = Durations.read(l, "min-duration", "250ms").orElse(d.minDuration());
        // A statements value that is itself a problem says nothing about whether min-duration fits it.
        boolean known = written.isEmpty() || read.isPresent();
        l.raw("min-duration").filter(m -> known && statements != Statements.SLOW).ifPresent(m -> l.problem(m.key().location(),
                "`" + l.path("min-duration") + "` applies to `statements: slow` only, and the statements logged are `"
                        + statements.text() + "`", "write statements: slow next to it, or remove min-duration"));
        LoggingSpec spec = new LoggingSpec(statements, minDuration,
                flag(l, "connections", d.connections()), flag(l, "checkpoints", d.checkpoints()),
                flag(l, "lock-waits", d.lockWaits()), flag(l, "temp-files", d.tempFiles()), autovacuum(l));
        Map<String, String> settings = spec.serverEnv();
        env.keySet().stream().filter(settings::containsKey).forEach(k -> l.problem(l.anchor(), "`" + l.path() + "` sets "
                + k + ", and the service's `env` sets it too", "remove " + k + " from `env`, or say it in `logging:`"));
        env.putAll(settings);
        return Optional.of(spec);
    }

    private static Optional<Statements> statements(Section l, YamlNode.Scalar value) {
        try {
            return Optional.of(Statements.valueOf(value.text().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            l.problem(value.location(), "`" + l.path("statements") + "` `" + value.text() + "` is not one of "
                    + Arrays.stream(Statements.values()).map(Statements::text).collect(Collectors.joining(", ")),
                    "write statements: slow (those lasting min-duration or longer), all (every statement; costs on a"
                            + " busy server) or none (the default)");
            return Optional.empty();
        }
    }

    private static boolean flag(Section l, String key, boolean otherwise) {
        return l.scalar(key, "true").flatMap(v -> bool(l, key, v)).orElse(otherwise);
    }

    private static Optional<Boolean> bool(Section l, String key, YamlNode.Scalar v) {
        if (v.text().equals("true") || v.text().equals("false")) {
            return Optional.of(v.text().equals("true"));
        }
        l.problem(v.location(), "`" + l.path(key) + "` `" + v.text() + "` is not true or false",
                "write " + key + ": true or " + key + ": false");
        return Optional.empty();
    }

    /** {@code true}: every run; {@code false}: none; a duration: runs at least that long. */
    private static Optional<Duration> autovacuum(Section l) {
        Optional<YamlNode.Scalar> value = l.scalar("autovacuum", "1m");
        if (value.isEmpty()) {
            return LoggingSpec.DEFAULTS.autovacuum();
        }
        String text = value.get().text();
        if (text.equals("true") || text.equals("false")) {
            return text.equals("true") ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        if (Durations.parse(text).isEmpty() && !text.matches("[0-9]+(?:\\.[0-9]+)?")) {
            l.problem(value.get().location(), "`" + l.path("autovacuum") + "` `" + text + "` is neither true, false"
                    + " nor a duration", "write autovacuum: true (every run), false (none) or the shortest run to log,"
                    + " e.g. autovacuum: 1m (the default is PostgreSQL's, 10m)");
            return LoggingSpec.DEFAULTS.autovacuum();
        }
        if (Durations.parse(text).filter(Duration::isZero).isPresent()) {
            l.problem(value.get().location(), "`" + l.path("autovacuum") + "` `" + text + "` is zero",
                    "write autovacuum: true to log every run, or the shortest run to log, e.g. autovacuum: 1m");
            return LoggingSpec.DEFAULTS.autovacuum();
        }
        return Durations.read(l, "autovacuum", "1m").or(LoggingSpec.DEFAULTS::autovacuum);
    }
}
