package dev.poststack.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads one entry of {@code secrets}: where its value comes from. Values themselves are never read here. */
final class SecretReader {

    static final List<String> SOURCES = List.of("generate", "env", "file");
    static final int MIN_LENGTH = 16;
    static final int MAX_LENGTH = 256;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Path baseDir;
    private final Problems problems;

    SecretReader(Path baseDir, Problems problems) {
        this.baseDir = baseDir;
        this.problems = problems;
    }

    /** The secret, or empty when it has problems (they are recorded). */
    Optional<SecretSpec> read(YamlNode.Entry entry) {
        int before = problems.count();
        String name = entry.name();
        Location at = entry.key().location();
        if (!Rules.NAME.matcher(name).matches()) {
            problems.add(at, "secret name `" + name + "` is not valid", "use lowercase letters, digits and `.`, `_`,"
                    + " `-`, starting with a letter or digit"
                    + Rules.example(name, Rules.NAME, "a-z0-9._-", Rules.MAX_NAME_LENGTH));
        }
        Optional<SecretSpec.Source> source = Section.of(entry.value(), at, "secrets." + name, problems,
                "{generate: 32}", SOURCES).flatMap(this::source);
        if (problems.count() > before) {
            return Optional.empty();
        }
        return source.map(s -> new SecretSpec(name, s, at));
    }

    private Optional<SecretSpec.Source> source(Section s) {
        List<YamlNode.Entry> given = s.written(SOURCES);
        if (given.isEmpty()) {
            s.problem(s.anchor(), "`" + s.path() + "` does not say where the secret comes from",
                    "add exactly one of `generate: 32`, `env: VARIABLE` or `file: path/to/file`");
            return Optional.empty();
        }
        if (given.size() > 1) {
            List<String> named = given.stream().map(k -> "`" + k.name() + "`").toList();
            s.problem(given.get(1).key().location(), "`" + s.path() + "` has " + String.join(" and ", named)
                    + "; a secret comes from exactly one source", "keep one of " + String.join(", ", named));
            return Optional.empty();
        }
        return switch (given.get(0).name()) {
            case "generate" -> generated(s);
            case "env" -> fromEnv(s);
            default -> fromFile(s);
        };
    }

    /** {@code generate} is true, false or a length; read once, so that a list or map is reported once. */
    private Optional<SecretSpec.Source> generated(Section s) {
        return s.required("generate", "32").flatMap(value -> switch (value.text()) {
            case "true" -> Optional.of(new SecretSpec.Generated(SecretSpec.Generated.DEFAULT_LENGTH));
            case "false" -> {
                s.problem(value.location(), "`" + s.path("generate") + "` is false, so the secret has no source",
                        "write `generate: true` (32 characters), a length, or use `env:` or `file:` instead");
                yield Optional.empty();
            }
            default -> s.integer("generate", value, MIN_LENGTH, MAX_LENGTH, "32").map(SecretSpec.Generated::new);
        });
    }

    private Optional<SecretSpec.Source> fromEnv(Section s) {
        return s.required("env", "API_TOKEN").flatMap(v -> {
            if (!ENV_NAME.matcher(v.text()).matches()) {
                s.problem(v.location(), "`" + s.path("env") + "` `" + v.text() + "` is not an environment variable name",
                        "use letters, digits and `_`, not starting with a digit, e.g. env: API_TOKEN");
                return Optional.empty();
            }
            return Optional.of(new SecretSpec.FromEnv(v.text()));
        });
    }

    /** The file need not exist yet: it is read when the secret is used, which may be after it was created. */
    private Optional<SecretSpec.Source> fromFile(Section s) {
        return s.required("file", "keys/tls.key").flatMap(v -> HostPaths.resolve(s, "file", v, baseDir))
                .map(SecretSpec.FromFile::new);
    }
}
