package dev.poststack.cli;

import dev.poststack.Poststack;
import dev.poststack.api.Durations;
import dev.poststack.api.ServiceStatus;
import dev.poststack.report.RunConsole;
import dev.poststack.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code poststack status}: the services, their state, health, ports and uptime. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows each service of images.yaml: state, health, published ports, uptime, and whether its"
                + " container is current (runs the image and configuration the manifest asks for now).")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ManifestOption manifest;

    @Override
    public Integer call() {
        try (Poststack poststack = manifest.open()) {
            TextTable table = TextTable.withColumns("SERVICE", "STATE", "HEALTH", "PORTS", "UPTIME", "CURRENT", "IMAGE");
            Instant now = Instant.now();
            for (ServiceStatus s : poststack.status()) {
                table.row(s.service(), s.state(), s.health().orElse("-"),
                        s.ports().isEmpty() ? "-" : RunConsole.ports(s.ports()),
                        s.startedAt().map(t -> Durations.format(Duration.between(t, now))).orElse("-"),
                        s.containerId().isEmpty() ? "-" : s.current() ? "yes" : "no (run poststack up)", s.image());
            }
            System.out.print(table.render());
            return 0;
        }
    }
}
