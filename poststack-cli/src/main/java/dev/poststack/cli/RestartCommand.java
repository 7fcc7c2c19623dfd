package dev.poststack.cli;

import dev.poststack.Poststack;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.report.RunConsole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code poststack restart [SERVICE...]}: stop and start again, same container, then the checks. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Restarts services' containers and proves each one with its checks.",
                "Stops each container (SIGTERM, its stop timeout, SIGKILL) and starts the same container again, in dependency order: its volumes, secrets and configuration are kept, as they were when it was created (run `poststack up` to apply a changed image or manifest). Then its health and side-effect checks run, as `up` runs them."})
final class RestartCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Services to restart. Default: all.")
    List<String> services = new ArrayList<>();

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws InterruptedException {
        try (Poststack poststack = main.globals.open()) {
            List<ServiceOutcome> outcomes = poststack.restart(services, new RunConsole(main.globals.progress()));
            if (main.globals.json) {
                JsonOutput.print(UpCommand.Connection.json("restart", outcomes, poststack));
                return 0;
            }
            for (ServiceOutcome outcome : outcomes) {
                System.out.println(UpCommand.Connection.describe(outcome, poststack));
            }
            return 0;
        }
    }
}
