package dev.poststack.run;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.poststack.api.ServiceState;
import dev.poststack.api.ServiceStatus;
import dev.poststack.manifest.ServiceSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the engine shows of each declared service now: state, health, ports, uptime, whether current. */
final class ProjectStatus {

    private final RunContext context;
    private final ServicePlans plans;
    private final RunningServices runningServices;

    ProjectStatus(RunContext context, ServicePlans plans, RunningServices runningServices) {
        this.context = context;
        this.plans = plans;
        this.runningServices = runningServices;
    }

    List<ServiceStatus> status() {
        List<ServiceStatus> statuses = new ArrayList<>();
        for (ServiceSpec service : context.manifest().services().values()) {
            String reference = context.manifest().referenceOf(service.image());
            Optional<InspectContainerResponse> container = runningServices.inspect(
                    context.resources().container(service.name()));
            if (container.isEmpty()) {
                statuses.add(new ServiceStatus(service.name(), reference, ServiceState.ABSENT, Optional.empty(), Map.of(),
                        Optional.empty(), Optional.empty(), false));
                continue;
            }
            InspectContainerResponse c = container.get();
            boolean running = Boolean.TRUE.equals(c.getState().getRunning());
            Optional<String> health = Optional.ofNullable(c.getState().getHealth()).map(h -> h.getStatus());
            boolean current = plans.planOf(service).map(plan -> plan.isCurrent(c)).orElse(false);
            statuses.add(new ServiceStatus(service.name(), reference, ServiceState.of(c.getState().getStatus()), health,
                    running ? RunningServices.publishedPorts(c) : Map.of(),
                    running ? Optional.of(Instant.parse(c.getState().getStartedAt())) : Optional.empty(),
                    Optional.of(c.getId()), current));
        }
        return statuses;
    }
}
