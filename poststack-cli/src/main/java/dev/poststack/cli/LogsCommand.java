package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.api.PoststackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code poststack logs SERVICE}: a service's container output. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Prints a service's container output (stdout and stderr), from the engine.")
final class LogsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SERVICE", description = "The service.")
    String service;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the container stops or Ctrl-C.")
    boolean follow;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws InterruptedException {
        if (follow && main.globals.json) {
            throw PoststackException.invalidInput("logs --follow prints output as it comes and has no --json form"
                    + "\nfix: drop --follow to get the output so far as one JSON document, or drop --json");
        }
        try (Poststack poststack = main.globals.open()) {
            if (main.globals.json) {
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                poststack.logs(service, false, output);
                ObjectNode document = JsonOutput.document("logs");
                document.put("service", service);
                document.put("output", output.toString(StandardCharsets.UTF_8));
                JsonOutput.print(document);
                return 0;
            }
            poststack.logs(service, follow, System.out);
            System.out.flush();
            return 0;
        }
    }
}
