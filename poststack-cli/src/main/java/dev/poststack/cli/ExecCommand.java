package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code poststack exec SERVICE -- COMMAND...}: a command in a running service's container, as compose's exec. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Runs a command in a service's running container and exits with the command's exit code.",
                "The command runs through the engine's exec API as the image's user, without a terminal; its stdout and stderr are streamed as they come. Everything after the service name is the command (options included); `--` before it is optional."},
        footer = {"", "Examples:",
                "  poststack exec db -- psql -U postgres -c 'select version()'",
                "  poststack exec db ls -l /run/secrets"})
final class ExecCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service whose container runs the command.")
    String service;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command = new ArrayList<>();

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws InterruptedException {
        List<String> argv = !command.isEmpty() && "--".equals(command.get(0)) ? command.subList(1, command.size())
                : command;
        if (argv.isEmpty()) {
            throw dev.poststack.api.PoststackException.invalidInput("exec " + service + ": no command given"
                    + "\nfix: name it after the service, e.g. `poststack exec " + service + " -- ls /`");
        }
        try (Poststack poststack = main.globals.open()) {
            if (!main.globals.json) {
                int code = poststack.exec(service, argv, System.out, System.err);
                System.out.flush();
                return code;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = poststack.exec(service, argv, out, err);
            ObjectNode document = JsonOutput.document("exec");
            document.put("service", service);
            argv.forEach(document.putArray("command")::add);
            document.put("exitCode", code);
            document.put("stdout", out.toString(StandardCharsets.UTF_8));
            document.put("stderr", err.toString(StandardCharsets.UTF_8));
            JsonOutput.print(document);
            return code;
        }
    }
}
