package dev.poststack.run;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.poststack.api.CheckResult;
import dev.poststack.api.PoststackException;
import dev.poststack.api.RunEvent;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.api.ServiceOutcome.Action;
import dev.poststack.manifest.ServiceSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code restart}: the same containers stopped (SIGTERM, stop timeout, SIGKILL) and started again, in
 * dependency order, keeping their volumes and secrets, then proved by their checks as {@code up} proves a
 * started one. Another checkout's container is refused as {@code up} refuses to replace it.
 */
final class ServiceRestart {

    private final RunContext context;
    private final RunningServices runningServices;
    private final ServiceStarter starter;
    private final ServiceChecks checks;
    private final Ownership ownership;

    ServiceRestart(RunContext context, RunningServices runningServices, ServiceStarter starter, ServiceChecks checks,
                   Ownership ownership) {
        this.context = context;
        this.runningServices = runningServices;
        this.starter = starter;
        this.checks = checks;
        this.ownership = ownership;
    }

    List<ServiceOutcome> restart(List<String> requested) throws InterruptedException {
        requested.forEach(name -> ServicePlans.service(context.manifest(), name));
        List<String> order = ServiceOrder.of(context.manifest().services(), requested).stream()
                .filter(name -> requested.isEmpty() || requested.contains(name)).toList();
        List<InspectContainerResponse> containers = new ArrayList<>();
        for (String name : order) {
            InspectContainerResponse container = runningServices.inspect(context.resources().container(name))
                    .orElseThrow(() -> new PoststackException(PoststackException.Kind.FAILED, "service `" + name
                            + "` has no container to restart\nfix: start it with `poststack up " + name + "`", null));
            ownership.checkMayReplace(name, container);
            containers.add(container);
        }
        List<ServiceOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            outcomes.add(restart(ServicePlans.service(context.manifest(), order.get(i)), containers.get(i).getId()));
        }
        return outcomes;
    }

    private ServiceOutcome restart(ServiceSpec service, String id) throws InterruptedException {
        Instant began = context.clock().instant();
        try {
            context.docker().stopContainerCmd(id).exec(); // the container's own stop timeout applies
        } catch (NotModifiedException alreadyStopped) {
            // Started below all the same.
        }
        context.listener().on(new RunEvent.ServiceStopped(service.name(),
                Duration.between(began, context.clock().instant()), context.clock().instant()));
        RunningService running = starter.startCreated(service, id, context.clock().instant());
        List<CheckResult> results = checks.runOrFail(running);
        Duration ready = Duration.between(running.startedAt(), context.clock().instant());
        context.listener().on(new RunEvent.ServiceReady(service.name(), ready, context.clock().instant()));
        return new ServiceOutcome(service.name(), Action.RESTARTED, id, running.ports(), ready, results);
    }
}
