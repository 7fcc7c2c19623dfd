package dev.poststack.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The command line run in the test's JVM: stdout (where commands print, --json documents included) is captured
 * from {@link #open()} until {@link #close()}, and so are picocli's error stream and usage help.
 */
final class InProcessCli implements AutoCloseable {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();
    private final PrintStream originalOut;

    private InProcessCli() {
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    static InProcessCli open() {
        return new InProcessCli();
    }

    /** Runs {@code poststack ARGS}; {@link #out()} then holds only what this run printed. */
    int run(String... args) {
        stdout.reset();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    /** Everything printed on the error stream since {@link #open()}. */
    String err() {
        return err.toString();
    }

    @Override
    public void close() {
        System.setOut(originalOut);
    }
}
