package dev.poststack.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree with the streaming parser, because data binding forgets
 * where values came from. Duplicate keys are reported (YAML forbids them; most parsers keep the last).
 */
final class YamlTreeReader {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final Path file;
    private final Problems problems;
    private JsonParser parser;

    private YamlTreeReader(Path file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * Parses the first document of {@code text}; {@code file} is only used in locations.
     *
     * @return the root node, or null for an empty document
     * @throws ManifestException for a syntax error, located where the parser stopped
     */
    static YamlNode read(String text, Path file, Problems problems) throws ManifestException {
        YamlTreeReader reader = new YamlTreeReader(file, problems);
        try (JsonParser p = FACTORY.createParser(new StringReader(text))) {
            reader.parser = p;
            JsonToken first = p.nextToken();
            return first == null ? null : reader.value(first);
        } catch (JsonProcessingException e) {
            throw new ManifestException(syntaxError(file, e));
        } catch (IOException e) {
            // Only a StringReader is read, so this is a parser failure without a position.
            throw new ManifestException(new Problem(Location.of(file, 1, 1),
                    "cannot parse the manifest: " + e.getMessage(), "check that the file is valid YAML"));
        }
    }

    private YamlNode value(JsonToken token) throws IOException {
        Location at = here();
        return switch (token) {
            case START_OBJECT -> mapping(at);
            case START_ARRAY -> sequence(at);
            case VALUE_NULL -> new YamlNode.Scalar(null, at);
            default -> scalar(at);
        };
    }

    private YamlNode.Scalar scalar(Location at) throws IOException {
        // The streaming parser hands an alias over as its anchor name; reading that as the value would mislead.
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            problems.add(at, "YAML alias `*" + parser.getText() + "` is not supported in a manifest",
                    "write the value out in full");
            return new YamlNode.Scalar(null, at);
        }
        return new YamlNode.Scalar(parser.getText(), at);
    }

    private YamlNode.Mapping mapping(Location at) throws IOException {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            YamlNode.Scalar key = new YamlNode.Scalar(parser.currentName(), here());
            YamlNode value = value(parser.nextToken());
            Location first = seen.putIfAbsent(key.text(), key.location());
            if (first != null) {
                problems.add(key.location(), "duplicate key `" + key.text() + "` (first declared at line "
                        + first.line() + ")", "remove one of the two `" + key.text() + "` entries; keys must be unique");
            } else {
                entries.add(new YamlNode.Entry(key, value));
            }
        }
        return new YamlNode.Mapping(entries, at);
    }

    private YamlNode.Sequence sequence(Location at) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            items.add(value(token));
        }
        return new YamlNode.Sequence(items, at);
    }

    private Location here() {
        JsonLocation l = parser.currentTokenLocation();
        return Location.of(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private static Problem syntaxError(Path file, JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        Location at = l == null ? Location.of(file, 1, 1)
                : Location.of(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
        return new Problem(at, "YAML syntax error: " + reason(e),
                "check the indentation and quoting on this line and the one before it");
    }

    /** SnakeYAML's own problem text, without the excerpt it appends (the location already points there). */
    private static String reason(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            String context = marked.getContext() == null ? "" : " (" + marked.getContext()
                    + (marked.getContextMark() == null ? "" : " from line " + (marked.getContextMark().getLine() + 1))
                    + ")";
            return marked.getProblem() + context;
        }
        String message = e.getOriginalMessage() == null ? "unreadable YAML" : e.getOriginalMessage().strip();
        return message.lines().findFirst().orElse(message).strip();
    }
}
