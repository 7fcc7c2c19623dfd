package dev.poststack.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged poststack CLI as a user would, in a given folder, and captures what it prints. */
public final class Cli {

    /** What a finished run printed and returned. */
    public record Run(int exitCode, String stdout, String stderr, Duration wall) {
        public String output() {
            return stdout + stderr;
        }
    }

    private final Path workDir;
    private final Map<String, String> env;

    private Cli(Path workDir, Map<String, String> env) {
        this.workDir = workDir;
        this.env = Map.copyOf(env);
    }

    public static Cli in(Path workDir) {
        return new Cli(workDir, Map.of());
    }

    public Cli withEnv(Map<String, String> extra) {
        Map<String, String> merged = new java.util.HashMap<>(env);
        merged.putAll(extra);
        return new Cli(workDir, merged);
    }

    public static Path jar() {
        return Path.of(System.getProperty("poststack.jar", "target/poststack.jar")).toAbsolutePath();
    }

    public static Path repo() {
        return Path.of(System.getProperty("poststack.repo", ".")).toAbsolutePath();
    }

    /** Starts the CLI without waiting; output goes to files in the work folder. */
    public Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve(".cli-stdout").toFile())
                .redirectError(workDir.resolve(".cli-stderr").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs the CLI to its end (at most 15 minutes). */
    public Run run(String... args) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = start(args);
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("poststack " + String.join(" ", args) + " did not end within 15 minutes");
        }
        return finished(process, start);
    }

    public Run finished(Process process, long startNanos) throws IOException {
        return new Run(process.exitValue(),
                Files.readString(workDir.resolve(".cli-stdout"), StandardCharsets.UTF_8),
                Files.readString(workDir.resolve(".cli-stderr"), StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Ctrl-C for a started CLI: SIGINT, which ends it with 130. A shell that started the test run in the
     * background makes its children ignore SIGINT, and the JVM then never sees it; SIGTERM takes the same
     * shutdown path and ends it with 143.
     *
     * @return the exit code the CLI should end with
     */
    public static int interrupt(Process process) throws IOException, InterruptedException {
        boolean sigintIgnored = false;
        Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
        for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
            if (line.startsWith("SigIgn:")) {
                sigintIgnored = (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
            }
        }
        String signal = sigintIgnored ? "-TERM" : "-INT";
        new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start().waitFor();
        return sigintIgnored ? 143 : 130;
    }
}
