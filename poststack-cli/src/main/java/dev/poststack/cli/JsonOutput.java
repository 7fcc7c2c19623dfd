package dev.poststack.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documents {@code --json} prints: one JSON object per run on stdout, whose {@code schema} names the command
 * and the version of its shape ({@code poststack/status/v1}); fields are only ever added within a version.
 * docs/JSON.md describes each, docs/json/ holds their JSON Schemas.
 */
final class JsonOutput {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String ERROR = "error";

    /** {@code file:line:column: message} or {@code file:line: message}, as every located problem starts. */
    private static final Pattern LOCATED = Pattern.compile("^(\\S[^:\\n]*):(\\d+)(?::(\\d+))?: (.+)$",
            Pattern.MULTILINE);

    private JsonOutput() {
    }

    /** A new document of {@code command}'s schema. */
    static ObjectNode document(String command) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", schemaOf(command));
        return root;
    }

    static String schemaOf(String command) {
        return "poststack/" + command + "/v1";
    }

    /** A JSON text made elsewhere (a report) as {@code command}'s document: the schema first, then its fields. */
    static ObjectNode document(String command, String json) {
        ObjectNode root = document(command);
        try {
            JsonNode body = MAPPER.readTree(json);
            root.setAll((ObjectNode) body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("poststack made JSON it cannot read back", e);
        }
        return root;
    }

    static void print(ObjectNode document) {
        print(document, System.out);
    }

    static void print(ObjectNode document, PrintStream out) {
        try {
            out.println(MAPPER.writeValueAsString(document));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /**
     * The document of a failed run: which command, and an {@code error} with its kind, message, exit code, and
     * where its message names places ({@code file:line[:column]}), the first as {@code file}/{@code line}/
     * {@code column} and all of them as {@code problems}.
     */
    static ObjectNode error(String command, String kind, String message, int exitCode) {
        ObjectNode root = document(ERROR);
        root.put("command", command);
        ObjectNode error = root.putObject("error");
        error.put("kind", kind);
        error.put("message", message);
        error.put("exitCode", exitCode);
        ArrayNode problems = MAPPER.createArrayNode();
        Matcher located = LOCATED.matcher(message);
        while (located.find()) {
            ObjectNode problem = problems.addObject();
            problem.put("file", located.group(1));
            problem.put("line", Integer.parseInt(located.group(2)));
            if (located.group(3) != null) {
                problem.put("column", Integer.parseInt(located.group(3)));
            }
            problem.put("message", located.group(4));
        }
        if (!problems.isEmpty()) {
            JsonNode first = problems.get(0);
            error.set("file", first.get("file"));
            error.set("line", first.get("line"));
            if (first.has("column")) {
                error.set("column", first.get("column"));
            }
            error.set("problems", problems);
        }
        return root;
    }
}
