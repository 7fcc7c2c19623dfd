package dev.poststack.check;

import com.github.dockerjava.api.DockerClient;
import dev.poststack.api.CheckPhase;
import dev.poststack.api.CheckResult;
import dev.poststack.manifest.CheckSpec;
import dev.poststack.thread.Daemons;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Runs one service's checks against its running container, through the engine API.
 *
 * <pre>{@code
 * CheckRunner checks = new CheckRunner(engine.client());
 * List<CheckResult> results = checks.check(target, service.health(), service.verify(), listener::checked);
 * }</pre>
 */
public final class CheckRunner {

    /** How many of the container's last output lines a failed check keeps. */
    static final int LOG_TAIL_LINES = 30;
    /** Enough for every side effect of a service at once; each is mostly waiting on the engine. */
    private static final int MAX_CONCURRENT_CHECKS = 8;

    private final DockerClient docker;

    public CheckRunner(DockerClient docker) {
        this.docker = Objects.requireNonNull(docker, "docker");
    }

    /**
     * Runs a service's {@code health} checks in order, the first failure ending the run (later checks are not
     * attempted, and have no result); when all passed, its {@code verify} checks, all of them.
     * <p>
     * While the health checks wait, a shell is started in the container for the side-effect checks' looks,
     * so they need no exec of their own once the service is healthy (see {@link LookShell}).
     *
     * @param onEach told of each result as soon as it is known
     * @return the results, health first, each phase in the order of its checks
     * @throws InterruptedException when the thread is interrupted; the check under way stops at once
     */
    public List<CheckResult> check(CheckTarget target, List<CheckSpec> health, List<CheckSpec> verify,
                                   Consumer<CheckResult> onEach) throws InterruptedException {
        if (health.isEmpty() && verify.isEmpty()) {
            return List.of();
        }
        EngineContainer container = new EngineContainer(docker, target.containerId());
        List<Probe> verifyProbes = verify.stream().map(Probes::of).toList();
        List<List<String>> looks = FirstAttempts.looksOf(verifyProbes);
        Optional<LookShell> shell = looks.isEmpty() || health.isEmpty() ? Optional.empty()
                : Optional.of(LookShell.start(container, looks));
        try (OutputWatch output = OutputWatch.of(container);
             FirstAttempts shared = new FirstAttempts(container, looks, shell)) {
            List<CheckResult> results = new ArrayList<>(run(new Run(target, container, output, shared, CheckPhase.HEALTH),
                    health, health.stream().map(Probes::of).toList(), onEach));
            if (results.stream().allMatch(CheckResult::passed)) {
                shell.ifPresent(LookShell::look);
                results.addAll(run(new Run(target, container, output, shared, CheckPhase.VERIFY), verify, verifyProbes, onEach));
            }
            return List.copyOf(results);
        } finally {
            shell.ifPresent(LookShell::close);
        }
    }

    /**
     * Runs one phase alone: {@code checks} as a service's health checks, or as its verify checks when it is
     * healthy already.
     */
    public List<CheckResult> run(CheckTarget target, CheckPhase phase, List<CheckSpec> checks,
                                 Consumer<CheckResult> onEach) throws InterruptedException {
        return phase == CheckPhase.HEALTH ? check(target, checks, List.of(), onEach)
                : check(target, List.of(), checks, onEach);
    }

    /** One phase's checks; the first failure ends a health phase. */
    private static List<CheckResult> run(Run run, List<CheckSpec> checks, List<Probe> probes,
                                         Consumer<CheckResult> onEach) throws InterruptedException {
        if (run.phase() == CheckPhase.VERIFY && checks.size() > 1) {
            return concurrently(run, checks, probes, onEach);
        }
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            CheckResult result = run.check(checks.get(i), probes.get(i));
            results.add(result);
            onEach.accept(result);
            if (run.phase() == CheckPhase.HEALTH && !result.passed()) {
                break;
            }
        }
        return List.copyOf(results);
    }

    /** One run's checks of one container, and what they share. */
    private record Run(CheckTarget target, EngineContainer container, OutputWatch output, FirstAttempts shared,
                       CheckPhase phase) {

        /** Waits for one check; its first attempt uses what the run shares, later ones look on their own. */
        CheckResult check(CheckSpec check, Probe probe) throws InterruptedException {
            Waiter waiter = new Waiter(WaitClock.system(), container, output.newPause());
            boolean[] first = {true};
            WaitOutcome outcome = waiter.await(check.timing(), deadline -> {
                boolean firstAttempt = first[0];
                first[0] = false;
                return probe.attempt(new CheckContext(target, container, deadline, shared, firstAttempt,
                        firstAttempt && phase == CheckPhase.VERIFY));
            });
            List<String> logTail = outcome.passed() ? List.of() : container.logTail(LOG_TAIL_LINES);
            return result(target.service(), phase, check, probe, outcome, logTail);
        }
    }

    /**
     * Side effects do not depend on each other, and most of a check's time is an engine round trip (an
     * exec) or a connection: run together, a service's verify phase takes about as long as its slowest check.
     */
    private static List<CheckResult> concurrently(Run run, List<CheckSpec> checks, List<Probe> probes,
                                                  Consumer<CheckResult> onEach) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(checks.size(), MAX_CONCURRENT_CHECKS),
                Daemons.factory("poststack-check-" + run.target().service()));
        try {
            List<Future<CheckResult>> futures = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                CheckSpec check = checks.get(i);
                Probe probe = probes.get(i);
                futures.add(pool.submit(() -> {
                    CheckResult result = run.check(check, probe);
                    onEach.accept(result);
                    return result;
                }));
            }
            List<CheckResult> results = new ArrayList<>();
            for (Future<CheckResult> future : futures) {
                results.add(resultOf(future));
            }
            return List.copyOf(results);
        } finally {
            pool.shutdownNow();
        }
    }

    private static CheckResult resultOf(Future<CheckResult> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("a check failed unexpectedly", cause);
        }
    }

    /** Every field of the result, from the check, its probe's words and how waiting ended. */
    static CheckResult result(String service, CheckPhase phase, CheckSpec check, Probe probe, WaitOutcome outcome,
                              List<String> logTail) {
        OptionalInt exitCode = outcome.exit().map(ContainerExit::exitCode).orElse(OptionalInt.empty());
        return CheckResult.builder().service(service).kind(check.kind()).check(probe.describe()).phase(phase)
                .declaredAt(check.location().toString()).expected(probe.expected()).seen(outcome.seen())
                .passed(outcome.passed()).took(outcome.took()).attempts(outcome.attempts())
                .lastError(outcome.lastError().orElse(null)).exitCode(exitCode).logTail(logTail).build();
    }
}
