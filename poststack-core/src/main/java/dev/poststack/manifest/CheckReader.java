package dev.poststack.manifest;

import dev.poststack.text.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a service's {@code health} and {@code verify} lists. Each item is a one-key map naming the check's
 * kind, whose value is a short form ({@code tcp: 5432}) or a map ({@code tcp: {port: 5432, timeout: 30s}}).
 */
final class CheckReader {

    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(60);
    static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);
    static final List<String> TIMING_KEYS = List.of("timeout", "interval", "backoff", "max-interval");

    /**
     * The check kinds, the list each belongs to, and the key a short form stands for ({@code tcp: 5432} reads
     * as {@code tcp: {port: 5432}}); null where there is no such short form.
     */
    enum Kind {
        TCP("tcp", true, "port", "{port: 5432, from: container}", "port", "from"),
        SQL("sql", true, "query", "{query: select 1, expect: \"1\"}", "query", "expect", "database"),
        HTTP("http", true, "port", "{port: 8080, path: /health}", "port", "path", "status", "body"),
        HEALTHCHECK("healthcheck", true, null, "{timeout: 2m}, or true"),
        LOG("log", true, "pattern", "{pattern: ready to accept connections, count: 2}", "pattern", "count"),
        EXEC("exec", true, "command", "{command: [pg_isready, -q]}", "command", "exit", "output"),
        FILE("file", false, "path", "{path: /var/lib/postgresql/data/PG_VERSION, mode: \"600\"}", "path", "type",
                "mode", "owner"),
        PROCESS("process", false, "name", "{name: postgres, user: postgres}", "name", "user"),
        PORT("port", false, "port", "{port: 5432}", "port"),
        EXTENSION("extension", false, "name", "{name: vector, version: \"0.8.0\"}", "name", "version", "database"),
        SETTING("setting", false, null, "{name: shared_preload_libraries, value: pg_cron}", "name", "value"),
        COMMAND("command", false, "command", "{command: [psql, -c, select 1], exit: 0}", "command", "exit",
                "output");

        final String keyword;
        final boolean health;
        final String shortKey;
        final String example;
        final List<String> keys;

        Kind(String keyword, boolean health, String shortKey, String example, String... keys) {
            this.keyword = keyword;
            this.health = health;
            this.shortKey = shortKey;
            this.example = example;
            List<String> all = new ArrayList<>(Arrays.asList(keys));
            all.addAll(TIMING_KEYS);
            this.keys = List.copyOf(all);
        }

        static List<String> keywords(boolean health) {
            return Arrays.stream(values()).filter(k -> k.health == health).map(k -> k.keyword).toList();
        }

        static Optional<Kind> of(String keyword) {
            return Arrays.stream(values()).filter(k -> k.keyword.equals(keyword)).findFirst();
        }
    }

    private final Problems problems;
    private final CheckBodyReader bodies;

    CheckReader(Problems problems, CheckBodyReader bodies) {
        this.problems = problems;
        this.bodies = bodies;
    }

    List<CheckSpec> health(Section service) {
        return list(service, "health", true, "tcp: 5432");
    }

    List<CheckSpec> verify(Section service) {
        return list(service, "verify", false, "port: 5432");
    }

    private List<CheckSpec> list(Section service, String key, boolean health, String item) {
        List<YamlNode> items = service.sequence(key, "a list of checks", "[" + item + "]")
                .map(YamlNode.Sequence::items).orElse(List.of());
        return service.eachMap(key, items, "- " + item, null, check -> check(check, key, health));
    }

    private Optional<CheckSpec> check(Section item, String list, boolean health) {
        List<YamlNode.Entry> entries = item.entries();
        if (entries.size() != 1) {
            String keys = String.join(", ", entries.stream().map(e -> "`" + e.name() + "`").toList());
            item.problem(item.anchor(), "`" + item.path() + "` " + (entries.isEmpty() ? "names no check"
                    : "has " + entries.size() + " keys (" + keys + ")") + "; each item is exactly one check",
                    "write one kind per item; timing goes inside its map, e.g. - tcp: {port: 5432, timeout: 30s}");
            return Optional.empty();
        }
        YamlNode.Entry entry = entries.get(0);
        Optional<Kind> kind = Kind.of(entry.name()).filter(k -> k.health == health);
        if (kind.isEmpty()) {
            reportWrongKind(item, entry, list, health);
            return Optional.empty();
        }
        int before = problems.count();
        Optional<Section> body = body(item, entry, kind.get());
        Optional<CheckSpec.Timing> timing = body.map(b -> timing(b, health ? HEALTH_TIMEOUT : VERIFY_TIMEOUT));
        Optional<CheckSpec> check = body.flatMap(b -> bodies.read(kind.get(), b, timing.orElseThrow(),
                entry.key().location()));
        return problems.count() > before ? Optional.empty() : check;
    }

    private void reportWrongKind(Section item, YamlNode.Entry entry, String list, boolean health) {
        String other = health ? "verify" : "health";
        List<String> allowed = Kind.keywords(health);
        if (Kind.of(entry.name()).isPresent()) {
            item.problem(entry.key().location(), "`" + entry.name() + "` is a `" + other + ":` check, not a `" + list
                    + ":` one (`" + item.path() + "`)", "move it under `" + other + ":`; `" + list + ":` takes "
                    + String.join(", ", allowed));
        } else {
            item.problem(entry.key().location(), "unknown check `" + entry.name() + "` in `" + item.path() + "`; `"
                    + list + ":` takes " + String.join(", ", allowed),
                    Suggestions.didYouMean(entry.name(), allowed, "use one of them"));
        }
    }

    /** The check's map; a short form becomes the map holding only its short key. */
    private Optional<Section> body(Section item, YamlNode.Entry entry, Kind kind) {
        YamlNode value = entry.value();
        Location at = entry.key().location();
        String path = item.path(kind.keyword);
        if (kind == Kind.HEALTHCHECK && value instanceof YamlNode.Scalar s && (s.isNull() || s.text().equals("true"))) {
            value = new YamlNode.Mapping(List.of(), value.location());
        } else if (!(value instanceof YamlNode.Mapping) && kind.shortKey != null) {
            YamlNode.Scalar key = new YamlNode.Scalar(kind.shortKey, value.location());
            value = new YamlNode.Mapping(List.of(new YamlNode.Entry(key, value)), value.location());
        }
        return Section.of(value, at, path, problems, kind.keyword + ": " + kind.example, kind.keys);
    }

    /**
     * The timing keys of a check map. A first wait longer than the default cap raises the cap, so that
     * {@code interval: 1s} alone means what it says.
     */
    private CheckSpec.Timing timing(Section s, Duration defaultTimeout) {
        CheckSpec.Timing standard = CheckSpec.Timing.defaults(defaultTimeout);
        Duration timeout = Durations.read(s, "timeout", "30s").orElse(standard.timeout());
        Duration interval = Durations.read(s, "interval", "100ms").orElse(standard.interval());
        double backoff = backoff(s).orElse(standard.backoff());
        Optional<Duration> maxInterval = Durations.read(s, "max-interval", "1s");
        if (maxInterval.isPresent() && maxInterval.get().compareTo(interval) < 0) {
            s.problem(s.raw("max-interval").orElseThrow().value().location(), "`" + s.path("max-interval")
                    + "` is shorter than the first wait (`interval`)", "make max-interval at least as long as interval");
        }
        Duration cap = maxInterval.orElse(interval.compareTo(standard.maxInterval()) > 0 ? interval
                : standard.maxInterval());
        return new CheckSpec.Timing(timeout, interval, backoff, cap);
    }

    private static Optional<Double> backoff(Section s) {
        return s.scalar("backoff", "1.5").flatMap(v -> {
            if (v.text().matches("[0-9]{1,6}(\\.[0-9]{1,6})?") && Double.parseDouble(v.text()) >= 1) {
                return Optional.of(Double.parseDouble(v.text()));
            }
            s.problem(v.location(), "`" + s.path("backoff") + "` `" + v.text() + "` is not a number of at least 1",
                    "write e.g. backoff: 1.5 (each wait is the last one times this; 1 keeps it constant)");
            return Optional.empty();
        });
    }
}
