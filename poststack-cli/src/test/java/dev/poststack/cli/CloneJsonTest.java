package dev.poststack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.clone.CopyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The --json documents of clone, clones and drop-clone against docs/json/: bad input (refused before the engine
 * is asked), and the documents made of the library's values. CliParityIT checks them against a running database.
 */
class CloneJsonTest {

    @TempDir
    Path dir;

    private InProcessCli cli;
    private Path manifest;

    @BeforeEach
    void captureStdout() throws Exception {
        cli = InProcessCli.open();
        manifest = dir.resolve("images.yaml");
        // No service with a database: block, so nothing here reaches an engine.
        Files.writeString(manifest, """
                version: 1
                images:
                  base:
                    rootfs: {suite: trixie}
                services:
                  app:
                    image: base
                """);
    }

    @AfterEach
    void restoreStdout() {
        cli.close();
    }

    private JsonNode errorOf(int expectedExit, String command, String... args) throws Exception {
        assertThat(cli.run(args)).as(cli.err()).isEqualTo(expectedExit);
        JsonNode error = JsonSchemas.assertValid(cli.out(), "poststack/error/v1");
        assertThat(error.path("command").asText()).isEqualTo(command);
        assertThat(error.path("error").path("exitCode").asInt()).isEqualTo(expectedExit);
        return error.path("error");
    }

    @Test
    void aNameThatIsNoPlainDatabaseNameIsInvalidInput() throws Exception {
        JsonNode clone = errorOf(2, "clone", "clone", "qa; drop", "--json", "--manifest", manifest.toString());
        assertThat(clone.path("kind").asText()).isEqualTo("INVALID_INPUT");
        assertThat(clone.path("message").asText()).contains("`qa; drop`", "letters, digits and underscores");
        JsonNode from = errorOf(2, "clone", "--json", "clone", "qa", "--from", "my-db", "--manifest", manifest.toString());
        assertThat(from.path("message").asText()).contains("`my-db`");
        JsonNode drop = errorOf(2, "drop-clone", "drop-clone", "9lives", "--json", "--manifest", manifest.toString());
        assertThat(drop.path("kind").asText()).isEqualTo("INVALID_INPUT");
        assertThat(drop.path("message").asText()).contains("`9lives`");
    }

    @Test
    void aManifestWithoutADatabaseServiceIsInvalidInput() throws Exception {
        for (String command : List.of("clone", "clones", "drop-clone")) {
            String[] args = command.equals("clones") ? new String[]{command, "--json", "--manifest", manifest.toString()}
                    : new String[]{command, "qa", "--json", "--manifest", manifest.toString()};
            JsonNode error = errorOf(2, command, args);
            assertThat(error.path("kind").asText()).isEqualTo("INVALID_INPUT");
            assertThat(error.path("message").asText()).contains("has a `database:` block", "fix:");
        }
    }

    @Test
    void aMissingNameIsAUsageError() throws Exception {
        JsonNode error = errorOf(2, "clone", "clone", "--json", "--manifest", manifest.toString());
        assertThat(error.path("kind").asText()).isEqualTo("USAGE");
        assertThat(error.path("message").asText()).contains("NAME");
    }

    @Test
    void cloneDocumentSaysHowToConnectButNeverThePassword() throws Exception {
        DatabaseAccess copy = new DatabaseAccess("db", "127.0.0.1", 32771, "app_qa", "app", "pw-never-shown",
                Optional.of(Path.of("/p/.poststack/secrets/app-password")));
        JsonNode document = JsonSchemas.assertValid(CloneCommands.cloneJson(JsonOutput.document("clone").put("project", "p")
                .put("service", "db"), "app", copy, "application", Duration.ofMillis(412)), "poststack/clone/v1");
        assertThat(document.path("source").asText()).isEqualTo("app");
        assertThat(document.path("clone").asText()).isEqualTo("app_qa");
        assertThat(document.path("tookMillis").asLong()).isEqualTo(412);
        assertThat(document.path("connect").path("jdbcUrl").asText()).isEqualTo("jdbc:postgresql://127.0.0.1:32771/app_qa");
        assertThat(document.path("connect").path("role").asText()).isEqualTo("application");
        assertThat(document.toString()).doesNotContain("pw-never-shown");
    }

    @Test
    void clonesDocumentTellsClonesFromTestCopies() throws Exception {
        List<CopyInfo> copies = List.of(new CopyInfo("app_qa", "app", OptionalLong.empty(), true),
                new CopyInfo("app_4242_1", "app", OptionalLong.of(4242), false));
        JsonNode document = JsonSchemas.assertValid(CloneCommands.clonesJson(JsonOutput.document("clones").put("project", "p")
                .put("service", "db"), copies), "poststack/clones/v1");
        JsonNode clones = document.path("clones");
        assertThat(clones).hasSize(2);
        assertThat(clones.get(0).path("testRunPid").isNull()).isTrue();
        assertThat(clones.get(0).path("kept").asBoolean()).isTrue();
        assertThat(clones.get(1).path("testRunPid").asLong()).isEqualTo(4242);
        assertThat(clones.get(1).path("kept").asBoolean()).isFalse();
        JsonSchemas.assertValid(CloneCommands.clonesJson(JsonOutput.document("clones").put("project", "p").put("service", "db"),
                List.of()), "poststack/clones/v1");
    }

    @Test
    void theSchemasRefuseIncompleteDocuments() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(JsonSchemas.errors(mapper.readTree("{\"schema\":\"poststack/clone/v1\",\"project\":\"p\","
                + "\"service\":\"db\",\"source\":\"app\",\"clone\":\"qa\",\"tookMillis\":3}"), "clone")).isNotEmpty();
        assertThat(JsonSchemas.errors(mapper.readTree("{\"schema\":\"poststack/clones/v1\",\"project\":\"p\","
                + "\"service\":\"db\",\"clones\":[{\"name\":\"qa\",\"source\":\"app\"}]}"), "clones")).isNotEmpty();
        assertThat(JsonSchemas.errors(mapper.readTree("{\"schema\":\"poststack/drop-clone/v1\",\"project\":\"p\","
                + "\"service\":\"db\",\"dropped\":\"bad name\"}"), "drop-clone")).isNotEmpty();
    }
}
