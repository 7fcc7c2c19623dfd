package dev.poststack.manifest;

import dev.poststack.text.Suggestions;
import dev.poststack.manifest.CheckReader.Kind;
import dev.poststack.manifest.CheckSpec.Timing;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the map of one check (a short form already turned into its map) into its {@link CheckSpec}, checking
 * it against the service it belongs to: its published ports and whether it has a {@code database:} block.
 */
final class CheckBodyReader {

    private static final List<String> FROM = List.of("host", "container", "both");
    private static final List<String> FILE_TYPES = List.of("file", "directory");
    private static final Pattern FILE_MODE = Pattern.compile("[0-7]{3,4}");
    /** A user or uid, optionally followed by {@code :group} or {@code :gid}. */
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?");

    private final String service;
    private final Set<Integer> published;
    private final boolean hasDatabase;

    /**
     * @param published   the container ports the service publishes on the host
     * @param hasDatabase whether the service declares {@code database:} (even one with problems of its own)
     */
    CheckBodyReader(String service, Set<Integer> published, boolean hasDatabase) {
        this.service = service;
        this.published = Set.copyOf(published);
        this.hasDatabase = hasDatabase;
    }

    /** The check, or empty when a required value is missing; every problem is recorded. */
    Optional<CheckSpec> read(Kind kind, Section s, Timing t, Location at) {
        return switch (kind) {
            case TCP -> tcp(s, t, at);
            case SQL -> sql(s, t, at);
            case HTTP -> http(s, t, at);
            case HEALTHCHECK -> Optional.of(new CheckSpec.Healthcheck(t, at));
            case LOG -> log(s, t, at);
            case EXEC, COMMAND -> exec(kind.keyword, s, t, at);
            case FILE -> file(s, t, at);
            case PROCESS -> s.required("name", "postgres").map(n -> new CheckSpec.Process(n.text(),
                    text(s, "user", "postgres"), t, at));
            case PORT -> port(s).map(p -> new CheckSpec.Port(p, t, at));
            case EXTENSION -> extension(s, t, at);
            case SETTING -> setting(s, t, at);
        };
    }

    private Optional<CheckSpec> tcp(Section s, Timing t, Location at) {
        Optional<Integer> port = port(s);
        String from = s.scalar("from", "container").map(f -> oneOf(s, "from", f, FROM)).orElse("both");
        boolean fromHost = !from.equals("container");
        // After an unknown `from` (reported already) nobody knows whether the host was meant to look.
        if (fromHost && FROM.contains(from)) {
            port.ifPresent(p -> needsPublished(s, p, "from the host",
                    ", or check from inside the container only with `from: container`"));
        }
        return port.map(p -> new CheckSpec.Tcp(p, fromHost, !from.equals("host"), t, at));
    }

    private Optional<CheckSpec> sql(Section s, Timing t, Location at) {
        needsDatabase(s, at);
        return s.required("query", "select 1").map(q -> new CheckSpec.Sql(q.text(), text(s, "expect", "\"1\""),
                text(s, "database", "app"), t, at));
    }

    private Optional<CheckSpec> http(Section s, Timing t, Location at) {
        Optional<Integer> port = port(s);
        port.ifPresent(p -> needsPublished(s, p, "over HTTP from the host", ""));
        String path = s.scalar("path", "/health").map(p -> {
            if (!p.text().startsWith("/")) {
                s.problem(p.location(), "`" + s.path("path") + "` `" + p.text() + "` does not start with `/`",
                        "write the path of the URL, e.g. path: /" + p.text());
            }
            return p.text();
        }).orElse("/");
        int status = s.integer("status", 100, 599, "200").orElse(200);
        Optional<Pattern> body = regex(s, "body", "\"ok\"");
        return port.map(p -> new CheckSpec.Http(p, path, status, body, t, at));
    }

    private Optional<CheckSpec> log(Section s, Timing t, Location at) {
        String example = "\"ready to accept connections\"";
        Optional<Pattern> pattern = s.require("pattern", example) ? regex(s, "pattern", example) : Optional.empty();
        int count = s.integer("count", 1, 1_000_000, "2").orElse(1);
        return pattern.map(p -> new CheckSpec.Log(p, count, t, at));
    }

    private Optional<CheckSpec> exec(String keyword, Section s, Timing t, Location at) {
        Optional<List<String>> command = command(s);
        int exit = s.integer("exit", 0, 255, "0").orElse(0);
        Optional<Pattern> output = regex(s, "output", "\"accepting connections\"");
        return command.map(c -> new CheckSpec.Exec(keyword, c, exit, output, t, at));
    }

    private static Optional<List<String>> command(Section s) {
        String example = "[pg_isready, -q]";
        if (!s.require("command", example)) {
            return Optional.empty();
        }
        YamlNode value = s.raw("command").orElseThrow().value();
        if (value instanceof YamlNode.Scalar line) {
            s.problem(line.location(), "`" + s.path("command") + "` is one string; a command is the list of its"
                    + " arguments (it runs without a shell)", "write it as a list, e.g. ["
                    + String.join(", ", line.text().trim().split("\\s+")) + "]");
            return Optional.empty();
        }
        List<String> args = s.scalars("command", example, false).stream().map(YamlNode.Scalar::text).toList();
        if (args.isEmpty()) {
            s.problem(value.location(), "`" + s.path("command") + "` is empty",
                    "name the program and its arguments, e.g. command: " + example);
        }
        return Optional.of(args);
    }

    private Optional<CheckSpec> file(Section s, Timing t, Location at) {
        Optional<String> path = s.required("path", "/var/lib/postgresql/data/PG_VERSION")
                .map(p -> Rules.absolute(s, "path", p));
        Optional<String> type = s.scalar("type", "file").map(v -> oneOf(s, "type", v, FILE_TYPES));
        Optional<String> mode = s.scalar("mode", "\"600\"").map(m -> {
            if (!FILE_MODE.matcher(m.text()).matches()) {
                s.problem(m.location(), "`" + s.path("mode") + "` `" + m.text() + "` is not an octal mode",
                        "write 3 or 4 octal digits in quotes, e.g. mode: \"600\" or mode: \"2750\"");
            }
            // 0600 and 600 are the same mode; one spelling keeps comparisons simple.
            return m.text().length() == 4 && m.text().startsWith("0") ? m.text().substring(1) : m.text();
        });
        Optional<String> owner = s.scalar("owner", "postgres:postgres").map(o -> {
            if (!OWNER.matcher(o.text()).matches()) {
                s.problem(o.location(), "`" + s.path("owner") + "` `" + o.text() + "` is not an owner",
                        "write a user, user:group or uid:gid, e.g. owner: postgres or owner: \"999:999\"");
            }
            return o.text();
        });
        return path.map(p -> new CheckSpec.File(p, type, mode, owner, t, at));
    }

    private Optional<CheckSpec> extension(Section s, Timing t, Location at) {
        needsDatabase(s, at);
        return s.required("name", "vector").map(n -> new CheckSpec.Extension(n.text(), text(s, "version", "\"0.8.0\""),
                text(s, "database", "app"), t, at));
    }

    private Optional<CheckSpec> setting(Section s, Timing t, Location at) {
        needsDatabase(s, at);
        Optional<YamlNode.Scalar> name = s.required("name", "shared_preload_libraries");
        Optional<YamlNode.Scalar> value = s.required("value", "pg_cron");
        return name.flatMap(n -> value.map(v -> new CheckSpec.Setting(n.text(), v.text(), t, at)));
    }

    private static Optional<Integer> port(Section s) {
        return s.require("port", "5432") ? s.integer("port", Rules.MIN_PORT, Rules.MAX_PORT, "5432")
                : Optional.empty();
    }

    private void needsPublished(Section s, int port, String how, String orElse) {
        if (!published.contains(port)) {
            s.problem(s.raw("port").orElseThrow().value().location(), "`" + s.path() + "` reaches port " + port + " "
                    + how + ", but service `" + service + "` does not publish it",
                    "add " + port + " to the service's `ports:`" + orElse);
        }
    }

    private void needsDatabase(Section s, Location at) {
        if (!hasDatabase) {
            s.problem(at, "`" + s.path() + "` connects to PostgreSQL, but service `" + service
                    + "` has no `database:` block", "add e.g. database: {password: db-password} to service `"
                    + service + "`");
        }
    }

    private static Optional<String> text(Section s, String key, String example) {
        return s.scalar(key, example).map(YamlNode.Scalar::text);
    }

    private static String oneOf(Section s, String key, YamlNode.Scalar value, List<String> allowed) {
        if (!allowed.contains(value.text())) {
            s.problem(value.location(), "`" + s.path(key) + "` `" + value.text() + "` is not one of "
                    + String.join(", ", allowed), Suggestions.didYouMean(value.text(), allowed,
                    "use one of " + String.join(", ", allowed)));
        }
        return value.text();
    }

    /** A regular expression; checks search for it anywhere in the text, so plain words work as they are. */
    private static Optional<Pattern> regex(Section s, String key, String example) {
        return s.scalar(key, example).flatMap(v -> {
            try {
                return Optional.of(Pattern.compile(v.text()));
            } catch (PatternSyntaxException e) {
                s.problem(v.location(), "`" + s.path(key) + "` `" + v.text() + "` is not a valid regular expression: "
                        + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""),
                        "fix it, or put `\\` before special characters such as ( [ { * + ?");
                return Optional.empty();
            }
        });
    }
}
