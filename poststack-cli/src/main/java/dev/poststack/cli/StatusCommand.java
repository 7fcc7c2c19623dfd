package dev.poststack.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.Poststack;
import dev.poststack.api.Durations;
import dev.poststack.api.ServiceStatus;
import dev.poststack.report.RunConsole;
import dev.poststack.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code poststack status} (or {@code ps}): the services, their state, health, ports and uptime. */
@Command(name = "status", aliases = "ps", mixinStandardHelpOptions = true,
        description = "Shows each service of images.yaml: state, health, published ports, uptime, and whether its container is current (runs the image and configuration the manifest asks for now). `ps` is the same command.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        try (Poststack poststack = main.globals.open()) {
            List<ServiceStatus> statuses = poststack.status();
            Instant now = Instant.now();
            if (main.globals.json) {
                ObjectNode document = JsonOutput.document("status");
                document.put("project", poststack.projectName());
                ArrayNode services = document.putArray("services");
                statuses.forEach(s -> services.add(ApiJson.status(s, now)));
                JsonOutput.print(document);
                return 0;
            }
            TextTable table = TextTable.withColumns("SERVICE", "STATE", "HEALTH", "PORTS", "UPTIME", "CURRENT", "IMAGE");
            for (ServiceStatus s : statuses) {
                table.row(s.service(), s.state().keyword(), s.health().orElse("-"),
                        s.ports().isEmpty() ? "-" : RunConsole.ports(s.ports()),
                        s.startedAt().map(t -> Durations.format(Duration.between(t, now))).orElse("-"),
                        s.containerId().isEmpty() ? "-" : s.current() ? "yes" : "no (run poststack up)", s.image());
            }
            System.out.print(table.render());
            return 0;
        }
    }
}
