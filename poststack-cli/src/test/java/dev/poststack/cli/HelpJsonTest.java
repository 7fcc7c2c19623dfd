package dev.poststack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** --help, help COMMAND and --version print a document with --json, wherever --json stands. */
class HelpJsonTest {

    private InProcessCli cli;

    @BeforeEach
    void captureStdout() {
        cli = InProcessCli.open();
    }

    @AfterEach
    void restoreStdout() {
        cli.close();
    }

    private JsonNode documentOf(String schema, String... args) throws Exception {
        assertThat(cli.run(args)).as(cli.err()).isZero();
        return JsonSchemas.assertValid(cli.out(), schema);
    }

    @Test
    void helpOfTheToolAndOfACommandBeforeOrAfterIt() throws Exception {
        JsonNode tool = documentOf("poststack/help/v1", "--json", "--help");
        assertThat(tool.path("command").asText()).isEqualTo("poststack");
        assertThat(tool.path("usage").asText()).contains("Usage: poststack").contains("build-images");

        JsonNode up = documentOf("poststack/help/v1", "up", "--help", "--json");
        assertThat(up.path("command").asText()).isEqualTo("poststack up");
        assertThat(up.path("usage").asText()).contains("Usage: poststack up").contains("--take-over")
                .doesNotContain("\u001b[");
    }

    @Test
    void theHelpCommandNamesItsTarget() throws Exception {
        JsonNode status = documentOf("poststack/help/v1", "help", "status", "--json");
        assertThat(status.path("command").asText()).isEqualTo("poststack status");

        JsonNode tool = documentOf("poststack/help/v1", "--json", "help");
        assertThat(tool.path("command").asText()).isEqualTo("poststack");
    }

    @Test
    void versionAsADocument() throws Exception {
        JsonNode version = documentOf("poststack/version/v1", "--version", "--json");
        assertThat(version.path("java").asText()).isEqualTo(System.getProperty("java.version"));
        assertThat(version.path("text").asText()).startsWith("poststack " + version.path("version").asText());
    }

    @Test
    void withoutJsonHelpStaysText() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).isEmpty();
    }
}
