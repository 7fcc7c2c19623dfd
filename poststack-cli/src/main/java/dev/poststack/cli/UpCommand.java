package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.report.RunConsole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code poststack up}: starts services and proves them with their checks. */
@Command(name = "up",
        mixinStandardHelpOptions = true,
        description = {"Starts services and proves each one with its checks.",
                "Starts the services of images.yaml (and those they depend on) in dependency order on the project's network, each proved by its health and side-effect checks before the next starts. A running service that is current is kept; one whose image or configuration changed is replaced (its volumes are kept). Output of each container goes to logs/containers/<service>.log."},
        footer = {"", "Examples:", "  poststack up            every service", "  poststack up db         db and its dependencies"})
final class UpCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Services to start. Default: all.")
    List<String> services = new ArrayList<>();

    @ParentCommand
    Main main;

    @Mixin
    TakeOverOption takeOver;

    @Override
    public Integer call() throws InterruptedException {
        try (Poststack poststack = takeOver.applyTo(main.globals.open())) {
            List<ServiceOutcome> outcomes = poststack.up(services, new RunConsole(main.globals.progress()));
            if (main.globals.json) {
                JsonOutput.print(Connection.json("up", outcomes, poststack));
                return 0;
            }
            for (ServiceOutcome outcome : outcomes) {
                System.out.println(Connection.describe(outcome, poststack));
            }
            return 0;
        }
    }

    /** How to reach a service: its ports, and for a database the psql line (never the password). */
    static final class Connection {
        private Connection() {
        }

        static String describe(ServiceOutcome outcome, Poststack poststack) {
            String line = outcome.service() + ": " + outcome.action().name().toLowerCase(java.util.Locale.ROOT)
                    + (outcome.ports().isEmpty() ? "" : ", " + RunConsole.ports(outcome.ports()));
            if (poststack.databaseServices().contains(outcome.service())) {
                DatabaseAccess db = poststack.database(outcome.service(), outcome.ports());
                line += System.lineSeparator() + "  connect: " + RunConsole.psql(db);
            }
            return line;
        }

        /** The document of up and restart ({@code command}): each service's outcome and, for a database, how to connect. */
        static ObjectNode json(String command, List<ServiceOutcome> outcomes, Poststack poststack) {
            ObjectNode document = JsonOutput.document(command);
            document.put("project", poststack.projectName());
            ArrayNode services = document.putArray("services");
            for (ServiceOutcome outcome : outcomes) {
                ObjectNode service = ApiJson.outcome(outcome);
                if (poststack.databaseServices().contains(outcome.service())) {
                    service.set("connect", ApiJson.access(poststack.database(outcome.service(), outcome.ports())));
                }
                services.add(service);
            }
            return document;
        }
    }
}
