package dev.poststack.cli;

import dev.poststack.api.PoststackException;
import dev.poststack.thread.Interrupts;
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
        subcommands = {SetupCommand.class, BuildImagesCommand.class, PushCommand.class, UpCommand.class, DownCommand.class, StatusCommand.class,
                RestartCommand.class, ResetPasswordCommand.class, ExecCommand.class, LogsCommand.class, VerifyDbCommand.class, SchemaCommands.Init.class,
                SchemaCommands.Update.class, SchemaCommands.Status.class, ConfigCommand.class, CompletionCommand.class,
                CompleteCommand.class, CloneCommands.Clone.class, CloneCommands.Clones.class, CloneCommands.DropClone.class,
                CommandLine.HelpCommand.class},
        footer = {"", "The options above work before or after the command's name.",
                "Exit codes: 0 ok, 1 failed, 2 invalid input, 3 Docker engine not answering, 130 interrupted."})
public final class Main implements Runnable {

    @CommandLine.Mixin
    GlobalOptions globals = new GlobalOptions();

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
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setExecutionStrategy(parsed -> {
            if (main.globals.verbose) {
                LogConfigurator.verbose();
            }
            if (main.globals.json) {
                var document = HelpJson.of(parsed);
                if (document.isPresent()) {
                    JsonOutput.print(document.get());
                    return 0;
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, failed, parsed) -> explain(e, failed, main.globals.json));
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> usageError(usage, e, args));
        // Everything after exec's service is the command, its options included.
        cli.getSubcommands().get("exec").setStopAtPositional(true);
        return cli;
    }

    /** Known failures print their message only; anything else is a bug and says where to report it. */
    private static int explain(Exception e, CommandLine cli, boolean json) {
        PrintWriter err = cli.getErr();
        int code;
        String kind;
        String message;
        // After Ctrl-C, whatever the interrupt broke (an engine call, a build stream, a JDBC call) is the interrupt.
        if (e instanceof InterruptedException || SHUTTING_DOWN.get() || Interrupts.isInterrupt(e)) {
            err.println("poststack: interrupted");
            code = INTERRUPTED;
            kind = "INTERRUPTED";
            message = "interrupted";
        } else if (e instanceof PoststackException known) {
            err.println("poststack: " + known.getMessage());
            code = known.kind().exitCode();
            kind = known.kind().name();
            message = known.getMessage();
        } else {
            err.println("poststack: internal error: " + e);
            e.printStackTrace(err);
            err.println("This is a bug in poststack; please report it with the lines above.");
            code = 1;
            kind = "INTERNAL";
            message = "internal error: " + e;
        }
        err.flush();
        if (json) {
            JsonOutput.print(JsonOutput.error(cli.getCommandName(), kind, message, code));
        }
        return code;
    }

    /**
     * Unknown options and missing arguments: picocli's message and the usage, as usual; with {@code --json} on the
     * line (it may not have been parsed yet) also as an error document.
     */
    private static int usageError(CommandLine.IParameterExceptionHandler usage, CommandLine.ParameterException e,
                                  String[] args) throws Exception {
        int code = usage.handleParseException(e, args);
        for (String arg : args) {
            if ("--".equals(arg)) {
                break;
            }
            if ("--json".equals(arg)) {
                JsonOutput.print(JsonOutput.error(e.getCommandLine().getCommandName(), "USAGE", e.getMessage(),
                        code));
                break;
            }
        }
        return code;
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
