package dev.poststack.run;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.poststack.api.CheckResult;
import dev.poststack.api.RunEvent;
import dev.poststack.api.ServiceOutcome;
import dev.poststack.api.ServiceOutcome.Action;
import dev.poststack.engine.Labels;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.thread.Interrupts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code up}: the requested services and their dependencies in order, each kept when its running container is
 * current and passes its checks, otherwise (re)started and proved. What it refuses (another checkout's
 * containers, a volume of other credentials) it refuses before it stops or starts anything. On a failure or
 * an interrupt, every container this call created is removed again.
 */
final class ServiceUp {

    private final RunContext context;
    private final ServicePlans plans;
    private final RunningServices runningServices;
    private final NetworkAndVolumes networkAndVolumes;
    private final ServiceStarter starter;
    private final ServiceChecks checks;
    private final ContainerRemoval removal;
    private final Ownership ownership;

    ServiceUp(RunContext context, ServicePlans plans, RunningServices runningServices,
              NetworkAndVolumes networkAndVolumes, ServiceStarter starter, ServiceChecks checks,
              ContainerRemoval removal, Ownership ownership) {
        this.context = context;
        this.plans = plans;
        this.runningServices = runningServices;
        this.networkAndVolumes = networkAndVolumes;
        this.starter = starter;
        this.checks = checks;
        this.removal = removal;
        this.ownership = ownership;
    }

    List<ServiceOutcome> up(List<String> requested) throws InterruptedException {
        return up(requested, Optional.empty());
    }

    /**
     * As {@link #up(List)}; with {@code verifiedAt}, a running current container not started since then (when
     * its verify checks last passed) is kept after its health checks alone.
     */
    List<ServiceOutcome> up(List<String> requested, Optional<Instant> verifiedAt) throws InterruptedException {
        List<String> order = ServiceOrder.of(context.manifest().services(), requested);
        Map<String, ContainerPlan> toRun = new LinkedHashMap<>();
        for (String name : order) {
            ServiceSpec service = context.manifest().services().get(name);
            toRun.put(name, plans.plan(service));
        }
        // Refusals come before anything is stopped or started: whose the stack is first, then its data.
        Map<String, Optional<InspectContainerResponse>> existing = new LinkedHashMap<>();
        for (ContainerPlan plan : toRun.values()) {
            Optional<InspectContainerResponse> container = runningServices.inspect(
                    context.resources().container(plan.service().name()));
            existing.put(plan.service().name(), container);
            container.filter(c -> !keepable(plan, c))
                    .ifPresent(c -> ownership.checkMayReplace(plan.service().name(), c));
        }
        for (ContainerPlan plan : toRun.values()) {
            ownership.checkVolumesMatchPassword(plan);
        }
        Map<String, String> created = new LinkedHashMap<>();
        List<ServiceOutcome> outcomes = new ArrayList<>();
        // Kept containers are on the network already: it is made (or found) before the first start only.
        Runnable network = new Runnable() {
            private boolean ensured;

            @Override
            public void run() {
                if (!ensured) {
                    networkAndVolumes.ensureNetwork();
                    ensured = true;
                }
            }
        };
        try {
            for (ContainerPlan plan : toRun.values()) {
                outcomes.add(up(plan, existing.get(plan.service().name()), network, created, verifiedAt));
            }
            return outcomes;
        } catch (InterruptedException e) {
            removal.removeWithoutInterruption(created);
            throw e;
        } catch (RuntimeException e) {
            removal.removeWithoutInterruption(created);
            // An interrupt that surfaced as an engine or JDBC failure somewhere on the way is still an interrupt.
            Interrupts.rethrowIfInterrupt(e, "starting services");
            throw e;
        }
    }

    /**
     * One service: {@code existing} is its container as inspected before anything started (a service started
     * earlier in this call is another service); {@code network} ensures the project's network, once.
     */
    private ServiceOutcome up(ContainerPlan plan, Optional<InspectContainerResponse> existing, Runnable network,
                              Map<String, String> created, Optional<Instant> verifiedAt) throws InterruptedException {
        ServiceSpec service = plan.service();
        String reason = "it has no container yet";
        if (existing.isPresent()) {
            InspectContainerResponse container = existing.get();
            boolean running = Boolean.TRUE.equals(container.getState().getRunning());
            if (keepable(plan, container)) {
                RunningService kept = runningServices.of(service, container);
                if (lostItsMemory(plan, kept, verifiedAt)) {
                    reason = "its data was held in memory and its container started again since it was last verified";
                } else {
                    Optional<ServiceOutcome> reused = tryReuse(plan, kept, verifiedAt);
                    if (reused.isPresent()) {
                        return reused.get();
                    }
                    reason = "its running container failed its checks";
                }
            } else if (running && plan.isCurrent(container) && sameSecrets(plan, container)) {
                reason = "it is taken over from the checkout at " + ownership.takenOverFrom(container).orElse("?");
            } else if (running && plan.isCurrent(container)) {
                reason = "its running container was given other secrets";
            } else {
                reason = running ? "its image or configuration changed"
                        : "its container was " + container.getState().getStatus();
            }
            ownership.checkMayReplace(service.name(), container);
            removal.remove(service.name(), container.getId());
        }
        context.listener().on(new RunEvent.ServiceStarting(service.name(), plan.image().reference(), reason,
                context.clock().instant()));
        network.run();
        RunningService running = starter.start(plan, created);
        List<CheckResult> results = checks.runOrFail(running);
        Duration ready = Duration.between(running.startedAt(), context.clock().instant());
        context.listener().on(new RunEvent.ServiceReady(service.name(), ready, context.clock().instant()));
        return new ServiceOutcome(service.name(), existing.isPresent() ? Action.REPLACED : Action.STARTED,
                running.containerId(), running.ports(), ready, results);
    }

    /**
     * Whether {@code container} may be kept as it is: running, current and given this checkout's secrets, and
     * not being taken over (a checkout that shares another's project name and secrets shares its containers).
     */
    private boolean keepable(ContainerPlan plan, InspectContainerResponse container) {
        return Boolean.TRUE.equals(container.getState().getRunning()) && plan.isCurrent(container)
                && sameSecrets(plan, container) && ownership.takenOverFrom(container).isEmpty();
    }

    /**
     * Whether {@code container} holds paths in memory and may have lost them: started after it was last verified,
     * or not known to be verified at all. A restarted test database is a fresh, empty cluster whose checks pass.
     */
    private static boolean lostItsMemory(ContainerPlan plan, RunningService container, Optional<Instant> verifiedAt) {
        return !plan.service().inMemory().isEmpty()
                && (verifiedAt.isEmpty() || container.startedAt().isAfter(verifiedAt.get()));
    }

    private static boolean sameSecrets(ContainerPlan plan, InspectContainerResponse container) {
        return plan.sameSecrets(container.getConfig().getLabels().get(Labels.SECRETS));
    }

    /**
     * Keeps {@code running} when its checks pass: all of them, or only the health checks when it has not been
     * started since {@code verifiedAt}, when its verify checks passed: what those prove (files, processes,
     * settings, extensions of the server) is made by the container's start from its image, configuration and
     * secrets, which its labels show unchanged.
     */
    private Optional<ServiceOutcome> tryReuse(ContainerPlan plan, RunningService running,
                                              Optional<Instant> verifiedAt) throws InterruptedException {
        String name = plan.service().name();
        Instant began = context.clock().instant();
        boolean verified = verifiedAt.isPresent() && !running.startedAt().isAfter(verifiedAt.get())
                && !plan.service().health().isEmpty();
        List<CheckResult> results = verified ? checks.runHealth(running) : checks.run(running);
        if (results.stream().allMatch(CheckResult::passed)) {
            context.listener().on(new RunEvent.ServiceReused(name, running.containerId(), context.clock().instant()));
            return Optional.of(new ServiceOutcome(name, Action.REUSED, running.containerId(), running.ports(),
                    Duration.between(began, context.clock().instant()), results));
        }
        return Optional.empty();
    }
}
