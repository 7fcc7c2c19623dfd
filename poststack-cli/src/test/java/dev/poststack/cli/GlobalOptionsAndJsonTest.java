package dev.poststack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Global options anywhere on the line, and the --json documents of commands that need no engine. */
class GlobalOptionsAndJsonTest {

    @TempDir
    Path dir;

    private InProcessCli cli;
    private Path manifest;

    @BeforeEach
    void captureStdout() throws Exception {
        cli = InProcessCli.open();
        manifest = dir.resolve("images.yaml");
        Files.writeString(dir.resolve("token.txt"), "s3cr3t-value-never-shown\n");
        Files.writeString(manifest, """
                version: 1
                images:
                  base:
                    rootfs: {suite: trixie}
                secrets:
                  token: {file: token.txt}
                services:
                  app:
                    image: base
                    secrets: [token]
                    env: {MODE: test}
                """);
    }

    @AfterEach
    void restoreStdout() {
        cli.close();
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private String out() {
        return cli.out();
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        assertThat(run("--manifest", manifest.toString(), "--json", "config")).isZero();
        String before = out();
        assertThat(run("config", "--json", "--manifest", manifest.toString())).isZero();
        assertThat(out()).isEqualTo(before).contains("\"services\"");
        assertThat(run("--json", "config", "--manifest=" + manifest)).isZero();
        assertThat(out()).isEqualTo(before);
    }

    @Test
    void projectOptionNamesTheProject() throws Exception {
        assertThat(run("config", "--json", "--manifest", manifest.toString(), "--project", "other-copy")).isZero();
        JsonNode config = JsonSchemas.assertValid(out(), "poststack/config/v1");
        assertThat(config.path("project").asText()).isEqualTo("other-copy");
    }

    @Test
    void invalidProjectNameIsInvalidInput() throws Exception {
        assertThat(run("--project", "Not A Name", "--json", "config", "--manifest", manifest.toString())).isEqualTo(2);
        JsonNode error = JsonSchemas.assertValid(out(), "poststack/error/v1");
        assertThat(error.path("error").path("kind").asText()).isEqualTo("INVALID_INPUT");
    }

    @Test
    void configShowsTheResolvedManifestWithSecretsByNameOnly() throws Exception {
        assertThat(run("config", "--manifest", manifest.toString())).isZero();
        String yaml = out();
        assertThat(yaml).contains("token", "kind: fromFile", "MODE: test", "suite: trixie")
                .doesNotContain("s3cr3t-value-never-shown");
        assertThat(run("config", "--json", "--manifest", manifest.toString())).isZero();
        JsonNode config = JsonSchemas.assertValid(out(), "poststack/config/v1");
        assertThat(config.path("manifest").path("secrets").path("token").path("source").path("path").asText())
                .isEqualTo("token.txt");
        assertThat(out()).doesNotContain("s3cr3t-value-never-shown");
    }

    @Test
    void missingManifestWithJsonPrintsAnErrorDocumentWithItsPlace() throws Exception {
        Path missing = dir.resolve("nope.yaml");
        assertThat(run("status", "--json", "--manifest", missing.toString())).isEqualTo(2);
        JsonNode error = JsonSchemas.assertValid(out(), "poststack/error/v1");
        assertThat(error.path("command").asText()).isEqualTo("status");
        assertThat(error.path("error").path("kind").asText()).isEqualTo("INVALID_INPUT");
        assertThat(error.path("error").path("exitCode").asInt()).isEqualTo(2);
        assertThat(error.path("error").path("file").asText()).isEqualTo(missing.toString());
        assertThat(error.path("error").path("line").asInt()).isEqualTo(1);
        assertThat(error.path("error").path("column").asInt()).isEqualTo(1);
        assertThat(cli.err()).contains("no manifest at");
    }

    @Test
    void everyManifestProblemIsListedInTheErrorDocument() throws Exception {
        Files.writeString(manifest, "images:\n  Bad:\n    rootfs: {suite: trixie}\n  b:\n    jib: {}\n");
        assertThat(run("--json", "build-images", "--manifest", manifest.toString())).isEqualTo(2);
        JsonNode error = JsonSchemas.assertValid(out(), "poststack/error/v1");
        List<Integer> lines = new ArrayList<>();
        error.path("error").path("problems").forEach(p -> lines.add(p.path("line").asInt()));
        assertThat(lines).contains(2, 5);
    }

    @Test
    void usageErrorsWithJsonPrintAnErrorDocument() throws Exception {
        assertThat(run("status", "--no-such-option", "--json")).isEqualTo(2);
        JsonNode error = JsonSchemas.assertValid(out(), "poststack/error/v1");
        assertThat(error.path("error").path("kind").asText()).isEqualTo("USAGE");
        assertThat(error.path("error").path("message").asText()).contains("--no-such-option");
    }

    @Test
    void logsFollowHasNoJsonForm() throws Exception {
        assertThat(run("logs", "app", "-f", "--json", "--manifest", manifest.toString())).isEqualTo(2);
        JsonNode error = JsonSchemas.assertValid(out(), "poststack/error/v1");
        assertThat(error.path("error").path("message").asText()).contains("--follow");
    }

    @Test
    void execNeedsACommand() {
        assertThat(run("exec", "app", "--", "--manifest", manifest.toString())).isNotZero();
        assertThat(run("exec", "--manifest", manifest.toString(), "app", "--")).isEqualTo(2);
        assertThat(cli.err()).contains("no command given");
    }

    @Test
    void completionScriptsHaveADocument() throws Exception {
        for (String shell : List.of("bash", "zsh", "fish")) {
            assertThat(run("completion", shell, "--json")).isZero();
            JsonNode completion = JsonSchemas.assertValid(out(), "poststack/completion/v1");
            assertThat(completion.path("script").asText()).contains("poststack");
        }
    }

    @Test
    void downTestsListsTheTestStacksItRemoved() throws Exception {
        JsonNode down = JsonSchemas.assertValid(DownCommand.testStacksJson("app", java.util.Set.of("pstest-9", "pstest-10")),
                "poststack/down/v1");
        assertThat(down.path("testStacks")).extracting(JsonNode::asText).containsExactly("pstest-10", "pstest-9");
        assertThat(down.path("removed")).isEmpty();
    }

    @Test
    void theSchemasRefuseDocumentsOfAnotherShape() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(JsonSchemas.errors(mapper.readTree("{\"schema\":\"poststack/status/v1\"}"), "status")).isNotEmpty();
        assertThat(JsonSchemas.errors(mapper.readTree("{\"schema\":\"poststack/error/v1\",\"command\":\"x\","
                + "\"error\":{\"kind\":\"OOPS\",\"message\":\"m\",\"exitCode\":1}}"), "error")).isNotEmpty();
    }

    @Test
    void noColorComesFromTheOptionOrTheEnvironment() {
        assertThat(new GlobalOptions(Map.of()).color()).isTrue();
        assertThat(new GlobalOptions(Map.of("NO_COLOR", "1")).color()).isFalse();
        assertThat(new GlobalOptions(Map.of("NO_COLOR", "")).color()).isTrue();
        GlobalOptions flagged = new GlobalOptions(Map.of());
        flagged.noColor = true;
        assertThat(flagged.color()).isFalse();
    }

    @Test
    void quietSendsProgressNowhereAndJsonSendsItToStderr() {
        GlobalOptions options = new GlobalOptions(Map.of());
        assertThat(options.progress()).isSameAs(System.out);
        options.json = true;
        assertThat(options.progress()).isSameAs(System.err);
        options.quiet = true;
        assertThat(options.progress()).isNotSameAs(System.out).isNotSameAs(System.err);
    }

    @Test
    void verboseLetsInformationalLinesThrough() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level before = root.getLevel();
        try {
            assertThat(run("config", "-v", "--manifest", manifest.toString())).isZero();
            assertThat(root.isInfoEnabled()).isTrue();
            assertThat(org.slf4j.LoggerFactory.getLogger("dev.poststack.run").isDebugEnabled()).isTrue();
        } finally {
            root.setLevel(before);
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.poststack")).setLevel(null);
        }
    }

    @Test
    void psIsStatus() {
        CommandLine cli = Main.commandLine();
        assertThat(cli.getSubcommands().get("ps").getCommandSpec()).isSameAs(cli.getSubcommands().get("status")
                .getCommandSpec());
    }

    /** picocli wraps to the terminal: a description line that is not a whole paragraph shows hard-wrapped. */
    @Test
    void helpTextsAreNotHardWrapped() {
        List<String> wrapped = new ArrayList<>();
        for (CommandLine line : Main.commandLine().getSubcommands().values()) {
            CommandSpec command = line.getCommandSpec();
            checkParagraphs(command.name(), command.usageMessage().description(), wrapped);
            for (OptionSpec option : command.options()) {
                checkParagraphs(command.name() + " " + option.longestName(), option.description(), wrapped);
            }
        }
        assertThat(wrapped).isEmpty();
    }

    private static void checkParagraphs(String where, String[] paragraphs, List<String> wrapped) {
        for (String paragraph : paragraphs) {
            String text = paragraph.replace("%n", "").strip();
            if (!text.isEmpty() && !text.matches("(?s).*[.:)`]$")) {
                wrapped.add(where + ": " + text);
            }
        }
    }
}
