package dev.poststack.build.maven;

import dev.poststack.thread.Daemons;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Runs the host's {@code mvn}, so the user's settings.xml, mirrors, proxies and credentials apply.
 * Environment: {@code POSTSTACK_MVN} names the executable (default {@code mvn}); {@code POSTSTACK_MAVEN_OFFLINE=1}
 * adds {@code -o}; {@code POSTSTACK_MAVEN_ARGS} adds options (split on white space). {@code MAVEN_ARGS} and
 * {@code MAVEN_OPTS} reach mvn untouched, as they are inherited.
 */
final class MavenCommand {

    /** The result of one run: its exit code and its output, stdout and stderr merged. */
    record Run(int exitCode, List<String> output) {
    }

    private final String executable;
    private final List<String> options;

    MavenCommand(String executable, List<String> options) {
        this.executable = executable;
        this.options = List.copyOf(options);
    }

    static MavenCommand fromEnvironment(Map<String, String> env) {
        String executable = env.getOrDefault("POSTSTACK_MVN", "mvn");
        // -B: no colours or progress; -q: only errors, keeping the output we must search small.
        List<String> options = new ArrayList<>(List.of("-B", "-q", "-Dstyle.color=never"));
        if ("1".equals(env.get("POSTSTACK_MAVEN_OFFLINE")) || "true".equals(env.get("POSTSTACK_MAVEN_OFFLINE"))) {
            options.add("-o");
        }
        String extra = env.getOrDefault("POSTSTACK_MAVEN_ARGS", "").strip();
        if (!extra.isEmpty()) {
            options.addAll(Arrays.asList(extra.split("\\s+")));
        }
        return new MavenCommand(executable, options);
    }

    /** The full command line for {@code arguments}. */
    List<String> commandLine(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(options);
        command.addAll(arguments);
        return command;
    }

    /**
     * Runs mvn in {@code workDir} and waits for it.
     *
     * @throws IOException          when mvn cannot be started
     * @throws InterruptedException when interrupted; mvn and its children are stopped first
     */
    Run run(Path workDir, List<String> arguments) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(commandLine(arguments))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        // A reader thread drains the output so that waitFor(), which answers interrupts, can do the waiting.
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread reader = Daemons.start("mvn-output", () -> drain(process, output));
        try {
            int exitCode = process.waitFor();
            reader.join();
            return new Run(exitCode, List.copyOf(output));
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
            }
        }
    }

    private static void drain(Process process, List<String> output) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.add(line);
            }
        } catch (IOException e) {
            // The stream closes when mvn is stopped; what was read so far is all there is.
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
