package dev.poststack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks {@code --json} output against the JSON Schemas of docs/json/, which docs/JSON.md describes. */
public final class JsonSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private JsonSchemas() {
    }

    /** docs/json/ of the repository the tests run in. */
    public static Path folder() {
        return Path.of(System.getProperty("poststack.repo", ".")).toAbsolutePath().resolve("docs/json");
    }

    /**
     * Asserts that {@code stdout} is exactly one JSON document valid against the schema its own {@code schema}
     * field names ({@code poststack/NAME/v1} is docs/json/NAME.schema.json), and that it is {@code expected}.
     *
     * @return the document
     */
    public static JsonNode assertValid(String stdout, String expected) throws IOException {
        assertThat(stdout.strip()).as("one JSON document on stdout").startsWith("{").doesNotContain("\n");
        JsonNode document = MAPPER.readTree(stdout);
        assertThat(document.path("schema").asText()).isEqualTo(expected);
        String name = expected.split("/")[1];
        assertThat(errors(document, name)).as("%s against docs/json/%s.schema.json", stdout, name).isEmpty();
        return document;
    }

    /** {@link #assertValid(String, String)} for a document made in the test, as --json prints it. */
    public static JsonNode assertValid(JsonNode document, String expected) throws IOException {
        return assertValid(MAPPER.writeValueAsString(document), expected);
    }

    /** What docs/json/NAME.schema.json finds wrong with {@code document}. */
    public static List<Error> errors(JsonNode document, String name) throws IOException {
        Schema schema = REGISTRY.getSchema(Files.readString(folder().resolve(name + ".schema.json")));
        return schema.validate(document);
    }
}
