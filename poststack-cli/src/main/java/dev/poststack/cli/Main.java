package dev.poststack.cli;

import dev.poststack.api.PoststackException;
import dev.poststack.thread.Interrupts;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code poststack} command. Exit codes: 0 success, 1 the work failed (e.g. a build step), 2 invalid
 * input (manifest, arguments), 3 the Docker engine does not answer, 130 interrupted (Ctrl-C).
 */
@Command(name = "poststack",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Builds, runs and verifies a PostgreSQL stack declared in images.yaml.",
        footer = {"", "The options above work before or after the command's name.",
                "Exit codes: 0 ok, 1 failed, 2 invalid input, 3 Docker engine not answering, 130 interrupted."})
public final class Main implements Runnable {

    @CommandLine.Mixin
    GlobalOptions globals = new GlobalOptions();

    public static final int INTERRUPTED = 130;

    /**
     * The commands, in the order help lists them, by name and aliases (checked against their {@code @Command}
     * by MainTest). picocli builds a command's model by reflection, a quarter of a second for all of them, so a
     * run that names one builds that one only.
     */
    static final List<KnownCommand> COMMANDS = List.of(
            new KnownCommand(SetupCommand.class, "setup"),
            new KnownCommand(BuildImagesCommand.class, "build-images"),
            new KnownCommand(PushCommand.class, "push"),
            new KnownCommand(UpCommand.class, "up"),
            new KnownCommand(DownCommand.class, "down"),
            new KnownCommand(StatusCommand.class, "status", "ps"),
            new KnownCommand(RestartCommand.class, "restart"),
            new KnownCommand(ResetPasswordCommand.class, "reset-password"),
            new KnownCommand(ExecCommand.class, "exec"),
            new KnownCommand(LogsCommand.class, "logs"),
            new KnownCommand(LogReportCommand.class, "log-report"),
            new KnownCommand(VerifyDbCommand.class, "verify-db"),
            new KnownCommand(SchemaCommands.Init.class, "init-schema"),
            new KnownCommand(SchemaCommands.Update.class, "update-schema"),
            new KnownCommand(SchemaCommands.Status.class, "schema-status"),
            new KnownCommand(ConfigCommand.class, "config"),
            new KnownCommand(ExportCommand.class, "export"),
            new KnownCommand(CompletionCommand.class, "completion"),
            new KnownCommand(CompleteCommand.class, "__complete"),
            new KnownCommand(CloneCommands.Clone.class, "clone"),
            new KnownCommand(CloneCommands.Clones.class, "clones"),
            new KnownCommand(CloneCommands.DropClone.class, "drop-clone"),
            new KnownCommand(BackupCommands.Backup.class, "backup"),
            new KnownCommand(BackupCommands.Backups.class, "backups"),
            new KnownCommand(BackupCommands.Restore.class, "restore"),
            new KnownCommand(BackupCommands.DropRestored.class, "drop-restored"),
            new KnownCommand(BackupCommands.Drill.class, "drill"),
            new KnownCommand(UpgradeCommand.class, "upgrade"),
            new KnownCommand(CommandLine.HelpCommand.class, "help"));

    /** A command's class with the name and aliases its {@code @Command} gives it. */
    record KnownCommand(Class<?> type, String... names) {
        boolean isNamed(String word) {
            return List.of(names).contains(word);
        }
    }

    /** Commands that read the whole command model (help, completion scripts): they get every command. */
    private static final Set<String> NEED_ALL = Set.of("help", "completion", "__complete");
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
        int code = commandLine(args).execute(args);
        FINISHED.set(true);
        // During a Ctrl-C shutdown System.exit would wait for the hook that waits for us.
        if (!SHUTTING_DOWN.get()) {
            System.exit(code);
        }
    }

    /** The configured command line with every command; tests run it in-process. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code line}: with only the command it names, or with every command when
     * they name none, one that is not known (picocli suggests names), or one that reads the whole model.
     */
    static CommandLine commandLine(String[] line) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        Optional<String> named = commandWord(cli.getCommandSpec(), line).filter(word -> !NEED_ALL.contains(word));
        Optional<KnownCommand> only = named.flatMap(word -> COMMANDS.stream().filter(c -> c.isNamed(word)).findFirst());
        for (KnownCommand command : only.map(List::of).orElse(COMMANDS)) {
            cli.addSubcommand(newCommand(command.type()));
        }
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
        CommandLine exec = cli.getSubcommands().get("exec");
        if (exec != null) {
            exec.setStopAtPositional(true);
        }
        return cli;
    }

    /**
     * The first word of {@code args} that is neither an option of the top command nor an option's value: the
     * command picocli will run. Empty when there is none, or when the line is one picocli must read whole.
     */
    static Optional<String> commandWord(CommandLine.Model.CommandSpec top, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return Optional.empty();
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                return Optional.of(arg);
            }
            if (arg.startsWith("--") && arg.contains("=")) {
                continue;
            }
            CommandLine.Model.OptionSpec option = top.findOption(arg);
            if (option == null) {
                // A clustered short option or one picocli will reject: let it see every command.
                if (!arg.startsWith("--") && arg.chars().skip(1).allMatch(c -> top.findOption((char) c) != null
                        && top.findOption((char) c).arity().max() == 0)) {
                    continue;
                }
                return Optional.empty();
            }
            if (option.arity().max() > 0) {
                i++;
            }
        }
        return Optional.empty();
    }

    private static Object newCommand(Class<?> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the command " + type.getName(), e);
        }
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
