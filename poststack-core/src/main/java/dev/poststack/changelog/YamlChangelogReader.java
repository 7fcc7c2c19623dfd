package dev.poststack.changelog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.poststack.text.Suggestions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML or JSON changelog with Jackson's streaming parser, which knows where every token is; the
 * changes inside a changeset are skipped, only the entries' identities and targets are kept.
 */
final class YamlChangelogReader {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonFactory JSON = new JsonFactory();
    private static final List<String> YAML_ENTRIES = concat(Entries.ELEMENTS, Entries.ATTRIBUTES);
    private static final String ENTRY_HINT = "write each entry as a list item, e.g. `- changeSet: {id: ..., author: ...,"
            + " changes: [...]}` or `- include: {file: ...}`";

    private final Path file;
    private final Problems problems;
    private final JsonParser parser;
    private final List<ChangelogEntry> entries = new ArrayList<>();
    private String logicalFilePath;
    /** The {@code sqlFile} changes of the changeset being read. */
    private List<ChangelogEntry.SqlFile> sqlFiles = new ArrayList<>();

    private YamlChangelogReader(Path file, Problems problems, JsonParser parser) {
        this.file = file;
        this.problems = problems;
        this.parser = parser;
    }

    /** Reads {@code text}, the content of {@code file}; a syntax error leaves no entries (Liquibase reads none). */
    static ParsedChangelog read(Path file, String text, ChangelogFormat format, Problems problems) {
        String kind = format == ChangelogFormat.JSON ? "JSON" : "YAML";
        try (JsonParser parser = (format == ChangelogFormat.JSON ? JSON : YAML).createParser(text)) {
            YamlChangelogReader reader = new YamlChangelogReader(file, problems, parser);
            reader.document();
            return new ParsedChangelog(reader.entries, Optional.ofNullable(reader.logicalFilePath));
        } catch (JsonProcessingException e) {
            problems.add(file, mark(e.getLocation()), kind + " syntax error: " + reason(e),
                    "check the indentation, quoting and brackets on this line and the one before it");
        } catch (IOException e) {
            // Only a String is read, so this is a parser failure without a position.
            problems.add(file, Mark.START, "cannot parse the changelog: " + e.getMessage(), "check that it is valid " + kind);
        }
        return ParsedChangelog.UNREADABLE;
    }

    private void document() throws IOException {
        JsonToken first = parser.nextToken();
        String hint = "start the file with `" + Entries.ROOT + ":` and a list of entries under it";
        if (first == null) {
            problems.add(file, Mark.START, "the changelog is empty", hint);
            return;
        }
        if (first != JsonToken.START_OBJECT) {
            problems.add(file, here(), "a changelog is a map with the key `" + Entries.ROOT + "`, not " + describe(first), hint);
            return;
        }
        boolean rootSeen = false;
        boolean otherSeen = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Mark at = here();
            JsonToken value = parser.nextToken();
            if (Entries.ROOT.equals(key)) {
                rootSeen = true;
                entries(value);
            } else {
                otherSeen = true;
                problems.add(file, at, "unknown key `" + key + "`; a changelog has the single key `" + Entries.ROOT + "`",
                        Suggestions.didYouMean(key, List.of(Entries.ROOT),
                                "remove it, or move it under `" + Entries.ROOT + "`"));
                parser.skipChildren();
            }
        }
        if (!rootSeen && !otherSeen) {
            problems.add(file, Mark.START, "the changelog has no `" + Entries.ROOT + "` key", hint);
        }
    }

    private void entries(JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_ARRAY) {
            problems.add(file, here(), "`" + Entries.ROOT + "` must be a list of entries, not " + describe(token), ENTRY_HINT);
            parser.skipChildren();
            return;
        }
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                problems.add(file, here(), "an entry of `" + Entries.ROOT + "` must be a map, not " + describe(token),
                        ENTRY_HINT);
                parser.skipChildren();
                continue;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                entry(parser.currentName(), here());
            }
        }
    }

    private void entry(String kind, Mark at) throws IOException {
        JsonToken value = parser.nextToken();
        if (!YAML_ENTRIES.contains(kind)) {
            Entries.reportUnknown(kind, YAML_ENTRIES, at, file, problems);
            parser.skipChildren();
        } else if (kind.equals("logicalFilePath") && value.isScalarValue()) {
            logicalFilePath = parser.getText();
        } else if (kind.equals("changeSet") || kind.equals("include") || kind.equals("includeAll")) {
            sqlFiles = new ArrayList<>();
            attributes(kind, value, at)
                    .flatMap(attributes -> Entries.of(kind, attributes, at, file, problems))
                    .map(entry -> entry instanceof ChangelogEntry.Declared declared
                            ? declared.withSqlFiles(sqlFiles) : entry)
                    .ifPresent(entries::add);
        } else {
            parser.skipChildren();
        }
    }

    /**
     * The scalar attributes of an entry; of nested values only a changeset's {@code changes} are looked at,
     * for their change types and {@code sqlFile} paths.
     */
    private Optional<Map<String, Entries.Value>> attributes(String kind, JsonToken token, Mark at) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            problems.add(file, here(), "`" + kind + "` must be a map of attributes, not " + describe(token),
                    kind.equals("changeSet") ? "write `- changeSet: {id: ..., author: ..., changes: [...]}`"
                            : "write `- " + kind + ": {" + (kind.equals("include") ? "file" : "path") + ": ...}`");
            parser.skipChildren();
            return Optional.empty();
        }
        Map<String, Entries.Value> attributes = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value.isScalarValue()) {
                attributes.put(name, new Entries.Value(value == JsonToken.VALUE_NULL ? null : parser.getText(), here()));
            } else if (kind.equals("changeSet") && name.equals("changes") && value == JsonToken.START_ARRAY) {
                changes();
            } else {
                parser.skipChildren();
            }
        }
        return Optional.of(attributes);
    }

    /** The items of {@code changes:}, each a map from its change type to the change's attributes. */
    private void changes() throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String type = parser.currentName();
                ChangeTypes.check(type, here(), file, problems);
                JsonToken change = parser.nextToken();
                if (type.equals("sqlFile") && change == JsonToken.START_OBJECT) {
                    sqlFile();
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private void sqlFile() throws IOException {
        Map<String, Entries.Value> attributes = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken().isScalarValue()) {
                attributes.put(name, new Entries.Value(parser.getText(), here()));
            } else {
                parser.skipChildren();
            }
        }
        Entries.Value path = attributes.get("path");
        if (path != null && path.text() != null && !path.text().isBlank()) {
            sqlFiles.add(new ChangelogEntry.SqlFile(path.text(), Entries.isTrue(attributes, "relativeToChangelogFile")));
        }
    }

    private Mark here() {
        return mark(parser.currentTokenLocation());
    }

    private static Mark mark(JsonLocation location) {
        return location == null ? Mark.START : Mark.of(location.getLineNr(), location.getColumnNr());
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a map";
            case VALUE_NULL -> "empty";
            default -> "a single value";
        };
    }

    /** SnakeYAML's problem text without the excerpt it appends: the location already points there. */
    private static String reason(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            return yaml.getProblem();
        }
        String message = e.getOriginalMessage() == null ? "unreadable input" : e.getOriginalMessage().strip();
        return message.lines().findFirst().orElse(message);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
