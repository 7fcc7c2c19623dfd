package dev.poststack.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's contract without an engine: exit codes and messages for input it rejects. */
class MainTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void parallelismBelowOneIsInvalidInput() {
        assertThat(run("build-images", "--parallel", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--parallel must be at least 1, not 0");
    }

    @Test
    void missingManifestIsInvalidInputWithoutAStackTrace() {
        assertThat(run("build-images", "--manifest", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.yaml:1:1").doesNotContain("\tat ");
    }

    @Test
    void invalidManifestListsEveryProblem() throws Exception {
        Files.writeString(dir.resolve("images.yaml"), "images:\n  Bad:\n    rootfs: {suite: trixie}\n  b:\n    jib: {}\n");
        assertThat(run("build-images", "--manifest", dir.resolve("images.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("images.yaml:2:").contains("images.yaml:5:");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("build-images", "--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("--no-such-option");
    }

    @Test
    void noCommandSaysWhichToName() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("name a command");
    }

    @Test
    void theCommandTableMatchesEachCommandsOwnNames() {
        for (Main.KnownCommand known : Main.COMMANDS) {
            CommandLine.Command annotation = known.type().getAnnotation(CommandLine.Command.class);
            java.util.List<String> declared = new java.util.ArrayList<>(java.util.List.of(annotation.name()));
            declared.addAll(java.util.List.of(annotation.aliases()));
            assertThat(known.names()).as(known.type().getName()).containsExactlyElementsOf(declared);
        }
    }

    @Test
    void aLineThatNamesOneCommandBuildsItAloneAndTheSameAsInTheWholeModel() {
        CommandLine whole = Main.commandLine();
        for (Main.KnownCommand known : Main.COMMANDS) {
            String name = known.names()[0];
            CommandLine lazy = Main.commandLine(new String[] {"--manifest", "x.yaml", "-q", name, "--help"});
            if (name.equals("help") || name.equals("completion") || name.equals("__complete")) {
                assertThat(lazy.getSubcommands()).as(name).hasSameSizeAs(whole.getSubcommands());
                continue;
            }
            assertThat(lazy.getSubcommands().keySet()).as(name).containsExactlyInAnyOrder(known.names());
            assertThat(lazy.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF)).as(name)
                    .isEqualTo(whole.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
    }

    @Test
    void theCommandWordSkipsTopLevelOptionsAndTheirValues() {
        CommandLine.Model.CommandSpec top = Main.commandLine(new String[] {"--version"}).getCommandSpec();
        assertThat(Main.commandWord(top, new String[] {"--manifest", "up", "down"})).contains("down");
        assertThat(Main.commandWord(top, new String[] {"--manifest=a.yaml", "-qv", "up"})).contains("up");
        assertThat(Main.commandWord(top, new String[] {"--json", "status", "--manifest", "x"})).contains("status");
        assertThat(Main.commandWord(top, new String[] {"--help"})).isEmpty();
        assertThat(Main.commandWord(top, new String[] {"--no-such", "up"})).isEmpty();
        assertThat(Main.commandWord(top, new String[] {"--", "up"})).isEmpty();
    }

    @Test
    void anUnknownCommandStillGetsSuggestionsFromEveryName() {
        assertThat(run("build-image")).isEqualTo(2);
        assertThat(err.toString()).contains("build-images");
    }
}
