package dev.poststack.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The bash completion script, run by bash itself, with names from a real manifest through the real CLI. */
class CompletionScriptsTest {

    @TempDir
    Path dir;

    private Path script;
    private Path launcher;
    private PrintStream originalOut;

    @BeforeEach
    void writeScriptAndManifest() throws Exception {
        Files.writeString(dir.resolve("images.yaml"), """
                images:
                  base-debian: {rootfs: {suite: trixie}}
                  postgres: {dockerfile: {from: base-debian, context: pg}}
                services:
                  db: {image: postgres}
                  cache: {image: postgres}
                """);
        Files.createDirectories(dir.resolve("other"));
        Files.writeString(dir.resolve("other/stack.yaml"), "images:\n  jre: {rootfs: {suite: trixie}}\nservices:\n  api: {image: jre}\n");
        // The real command line, on the test's class path, as the launcher would start it.
        launcher = dir.resolve("poststack-launcher");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -cp '" + System.getProperty("java.class.path") + "' dev.poststack.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("completion", "bash")).isZero();
        System.setOut(originalOut);
        script = dir.resolve("poststack.bash");
        Files.writeString(script, out.toString(StandardCharsets.UTF_8).replace("_poststack_launcher='poststack'",
                "_poststack_launcher='" + launcher + "'"));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
    }

    /** What bash offers for the line {@code words}, the last word being the one completed. */
    private List<String> complete(String... words) throws IOException, InterruptedException {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(CompletionScripts.quote(w)).append(' ');
        }
        String program = "source " + CompletionScripts.quote(script.toString()) + "; COMP_WORDS=(" + array
                + "); COMP_CWORD=" + (words.length - 1) + "; _poststack; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", program).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return Arrays.stream(output.split("\n")).filter(s -> !s.isEmpty()).toList();
    }

    private String script(String shell) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(new StringWriter(), true));
            assertThat(cli.execute("completion", shell)).isZero();
        } finally {
            System.setOut(originalOut);
        }
        return out.toString(StandardCharsets.UTF_8).replace("'poststack'\n", "'" + launcher + "'\n");
    }

    private static List<String> lines(String program, Path workDir, String... shell) throws Exception {
        // Skipped with the reason where the shell is missing, except on CI, where ./run-tests installs it.
        assumeTrue(onPath(shell[0]) || "true".equals(System.getenv("CI")), shell[0] + " is not installed here:"
                + " ./run-tests installs it (bin/host-setup, ensure_completion_shells)");
        List<String> command = new ArrayList<>(List.of(shell));
        command.add(program);
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Arrays.stream(output.split("\n")).filter(l -> !l.isEmpty()).toList();
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    /** zsh runs the bash script through bashcompinit, whose compgen calls the function in sh emulation. */
    @Test
    void zshCompletesThroughItsBashSupport() throws Exception {
        Path zsh = dir.resolve("poststack.zsh");
        Files.writeString(zsh, script("zsh"));
        String line = "source " + CompletionScripts.quote(zsh.toString()) + "; emulate -L sh; setopt kshglob noshglob"
                + " braceexpand; COMP_WORDS=(poststack %s); COMP_CWORD=%d; _poststack; printf '%%s\\n' \"${COMPREPLY[@]}\"";
        assertThat(lines(String.format(line, "build-images ''", 2), dir, "zsh", "-f", "-c"))
                .containsExactly("base-debian", "postgres");
        assertThat(lines(String.format(line, "--manifest other/stack.yaml exec ''", 4), dir, "zsh", "-f", "-c"))
                .containsExactly("api");
        assertThat(lines(String.format(line, "bu", 1), dir, "zsh", "-f", "-c")).containsExactly("build-images");
    }

    /** fish's own completion engine, asked what it offers for a line. */
    @Test
    void fishCompletesCommandsOptionsAndNames() throws Exception {
        Path fish = dir.resolve("poststack.fish");
        Files.writeString(fish, script("fish"));
        String source = "source " + CompletionScripts.quote(fish.toString()) + "; complete -C ";
        assertThat(words(lines(source + "'poststack build-images '", dir, "fish", "--no-config", "-c")))
                .contains("base-debian", "postgres");
        assertThat(words(lines(source + "'poststack --manifest other/stack.yaml up '", dir, "fish", "--no-config", "-c")))
                .contains("api").doesNotContain("db");
        assertThat(words(lines(source + "'poststack bu'", dir, "fish", "--no-config", "-c"))).containsExactly("build-images");
        assertThat(words(lines(source + "'poststack build-images --no-'", dir, "fish", "--no-config", "-c")))
                .contains("--no-cache", "--no-color");
    }

    /** fish prints {@code candidate<TAB>description}. */
    private static List<String> words(List<String> lines) {
        return lines.stream().map(l -> l.split("\t")[0]).toList();
    }

    @Test
    void completesCommandsAndAliases() throws Exception {
        assertThat(complete("poststack", "bu")).containsExactly("build-images");
        assertThat(complete("poststack", "--json", "p")).containsExactly("push", "ps");
        assertThat(complete("poststack", "")).contains("setup", "status", "exec", "restart", "config", "completion")
                .doesNotContain("__complete");
    }

    @Test
    void completesOptionsOfTheCommandAndGlobalOnes() throws Exception {
        assertThat(complete("poststack", "build-images", "--no")).containsExactlyInAnyOrder("--no-cache", "--no-color");
        assertThat(complete("poststack", "--ma")).containsExactly("--manifest");
        assertThat(complete("poststack", "down", "--v")).containsExactlyInAnyOrder("--volumes", "--verbose", "--version");
    }

    @Test
    void completesImageAndServiceNamesOfTheManifest() throws Exception {
        assertThat(complete("poststack", "build-images", "")).containsExactly("base-debian", "postgres");
        assertThat(complete("poststack", "build-images", "postgres", "b")).containsExactly("base-debian");
        assertThat(complete("poststack", "up", "")).containsExactly("db", "cache");
        assertThat(complete("poststack", "exec", "d")).containsExactly("db");
        assertThat(complete("poststack", "reset-password", "")).containsExactly("db", "cache");
        assertThat(complete("poststack", "reset-password", "--take")).containsExactly("--take-over");
        assertThat(complete("poststack", "verify-db", "--service", "")).containsExactly("db", "cache");
        assertThat(complete("poststack", "--manifest", "other/stack.yaml", "restart", "")).containsExactly("api");
        assertThat(complete("poststack", "logs", "--manifest=other/stack.yaml", "")).containsExactly("api");
        assertThat(complete("poststack", "completion", "")).containsExactly("bash", "zsh", "fish");
        assertThat(complete("poststack", "help", "sta")).containsExactly("status");
    }

    @Test
    void namesComeFromACacheThatFollowsTheManifest() throws Exception {
        assertThat(complete("poststack", "up", "")).containsExactly("db", "cache");
        Path cache = dir.resolve(".poststack/state/completion-images.yaml.names");
        assertThat(cache).exists();
        assertThat(Files.readString(dir.resolve(".poststack/.gitignore"))).contains("*");
        // Served from the cache, not from the CLI: a launcher that fails no longer matters.
        Files.writeString(launcher, "#!/bin/sh\nexit 1\n");
        assertThat(complete("poststack", "up", "")).containsExactly("db", "cache");
        // An edited manifest (another size) makes the script ask again: now the failing launcher yields nothing.
        Files.writeString(dir.resolve("images.yaml"), Files.readString(dir.resolve("images.yaml"))
                + "  worker: {image: postgres}\n");
        assertThat(complete("poststack", "up", "")).isEmpty();
    }

    @Test
    void aManifestBeingEditedStillCompletes() throws Exception {
        Files.writeString(dir.resolve("images.yaml"), "images:\n  half-done: {rootfs: {}}\n  Bad Name: {}\nservices:\n  db:\n");
        assertThat(complete("poststack", "build-images", "")).containsExactly("half-done");
        assertThat(complete("poststack", "up", "")).containsExactly("db");
    }

    @Test
    void optionValuesCompleteFilesWhereTheyAreFiles() throws Exception {
        List<String> offered = new ArrayList<>(complete("poststack", "--manifest", "oth"));
        assertThat(offered).containsExactly("other");
        assertThat(complete("poststack", "status", "--project", "")).isEmpty();
    }
}
