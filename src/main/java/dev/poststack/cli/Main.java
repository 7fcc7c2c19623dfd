package dev.poststack.cli;

import dev.poststack.api.PoststackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code poststack} command. Exit codes: 0 success, 1 the work failed (e.g. a build step), 2 invalid
 * input (manifest, arguments), 3 the Docker engine does not answer, 130 interrupted (Ctrl-C).
 */
@Command(name = "poststack",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Builds, runs and verifies a PostgreSQL stack declared in images.yaml.",
        subcommands = {SetupCommand.class, BuildImagesCommand.class, UpCommand.class, DownCommand.class, StatusCommand.class,
                LogsCommand.class, VerifyDbCommand.class, SchemaCommands.Init.class,
                SchemaCommands.Update.class, SchemaCommands.Status.class, CloneCommands.Clone.class,
                CloneCommands.Clones.class, CloneCommands.DropClone.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failed, 2 invalid input, 3 Docker engine not answering, 130 interrupted."})
public final class Main implements Runnable {

    public static final int INTERRUPTED = 130;
    private static final AtomicBoolean SHUTTING_DOWN = new AtomicBoolean();
    private static final AtomicBoolean FINISHED = new AtomicBoolean();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. `poststack build-images`");
    }

    public static void main(String[] args) {
        // Before anything logs: Logback's configuration is poststack's own only in the command line.
        System.setProperty(LogConfigurator.CLI_PROPERTY, "true");
        installInterruptHandler(Thread.currentThread());
        int code = commandLine().execute(args);
        FINISHED.set(true);
        // During a Ctrl-C shutdown System.exit would wait for the hook that waits for us.
        if (!SHUTTING_DOWN.get()) {
            System.exit(code);
        }
    }

    /** The configured command line; tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::explain);
        return cli;
    }

    /** Known failures print their message only; anything else is a bug and says where to report it. */
    private static int explain(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof PoststackException known) {
            err.println("poststack: " + known.getMessage());
            err.flush();
            return known.kind().exitCode();
        }
        if (e instanceof InterruptedException) {
            err.println("poststack: interrupted");
            err.flush();
            return INTERRUPTED;
        }
        err.println("poststack: internal error: " + e);
        e.printStackTrace(err);
        err.println("This is a bug in poststack; please report it with the lines above.");
        err.flush();
        return 1;
    }

    /** Ctrl-C interrupts the command, which cancels running work and cleans up before the JVM exits. */
    private static void installInterruptHandler(Thread main) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SHUTTING_DOWN.set(true);
            if (FINISHED.get()) {
                return;
            }
            // Interrupted again and again: a library call (an HTTP or JDBC client) may swallow one interrupt.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            try {
                while (main.isAlive() && System.nanoTime() < deadline) {
                    main.interrupt();
                    main.join(250);
                }
            } catch (InterruptedException ignored) {
                // Exiting anyway.
            }
        }, "poststack-interrupt"));
    }
}
