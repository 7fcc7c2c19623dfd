package dev.poststack.cli;

import dev.poststack.Poststack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code poststack logs SERVICE}: a service's container output. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Prints a service's container output (stdout and stderr), from the engine.")
final class LogsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SERVICE", description = "The service.")
    String service;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the container stops or Ctrl-C.")
    boolean follow;

    @Mixin
    ManifestOption manifest;

    @Override
    public Integer call() throws InterruptedException {
        try (Poststack poststack = manifest.open()) {
            poststack.logs(service, follow, System.out);
            System.out.flush();
            return 0;
        }
    }
}
