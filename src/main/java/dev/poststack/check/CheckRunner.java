package dev.poststack.check;

import com.github.dockerjava.api.DockerClient;
import dev.poststack.api.CheckResult;
import dev.poststack.manifest.CheckSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * List<CheckResult> health = checks.run(target, CheckRunner.HEALTH, service.health(), listener::checked);
 * if (health.stream().allMatch(CheckResult::passed)) {
 *     List<CheckResult> verify = checks.run(target, CheckRunner.VERIFY, service.verify(), listener::checked);
 * }
 * }</pre>
 */
public final class CheckRunner {

    /** Readiness checks: run in order; the first that fails ends the run. */
    public static final String HEALTH = "health";
    /** Side-effect checks: every one runs, whatever the others did, all at once (they are independent). */
    public static final String VERIFY = "verify";

    /** How many of the container's last output lines a failed check keeps. */
    static final int LOG_TAIL_LINES = 30;
    /** Enough for every side effect of a service at once; each is mostly waiting on the engine. */
    private static final int MAX_CONCURRENT_CHECKS = 8;

    private final DockerClient docker;

    public CheckRunner(DockerClient docker) {
        this.docker = Objects.requireNonNull(docker, "docker");
    }

    /**
     * Runs {@code checks} in order. In the {@link #HEALTH} phase the first failure ends the run (later checks
     * are not attempted, and have no result); in {@link #VERIFY} all run.
     *
     * @param phase  {@link #HEALTH} or {@link #VERIFY}
     * @param onEach told of each result as soon as it is known
     * @return the results, in the order of {@code checks}
     * @throws InterruptedException when the thread is interrupted; the check under way stops at once
     */
    public List<CheckResult> run(CheckTarget target, String phase, List<CheckSpec> checks,
                                 Consumer<CheckResult> onEach) throws InterruptedException {
        if (!HEALTH.equals(phase) && !VERIFY.equals(phase)) {
            throw new IllegalArgumentException("phase must be " + HEALTH + " or " + VERIFY + ", not " + phase);
        }
        EngineContainer container = new EngineContainer(docker, target.containerId());
        Waiter waiter = new Waiter(WaitClock.system(), container);
        if (VERIFY.equals(phase) && checks.size() > 1) {
            return concurrently(target, container, waiter, checks, onEach);
        }
        List<CheckResult> results = new ArrayList<>();
        for (CheckSpec check : checks) {
            CheckResult result = runOne(target, container, waiter, phase, check);
            results.add(result);
            onEach.accept(result);
            if (HEALTH.equals(phase) && !result.passed()) {
                break;
            }
        }
        return List.copyOf(results);
    }

    /**
     * Side effects do not depend on each other, and most of a check's time is an engine round trip (an
     * exec) or a connection: run together, a service's verify phase takes about as long as its slowest check.
     */
    private static List<CheckResult> concurrently(CheckTarget target, EngineContainer container, Waiter waiter,
                                                  List<CheckSpec> checks, Consumer<CheckResult> onEach)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(checks.size(), MAX_CONCURRENT_CHECKS), r -> {
            Thread thread = new Thread(r, "poststack-check-" + target.service());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<CheckResult>> futures = new ArrayList<>();
            for (CheckSpec check : checks) {
                futures.add(pool.submit(() -> {
                    CheckResult result = runOne(target, container, waiter, VERIFY, check);
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

    private static CheckResult runOne(CheckTarget target, EngineContainer container, Waiter waiter, String phase,
                                      CheckSpec check) throws InterruptedException {
        Probe probe = Probes.of(check);
        WaitOutcome outcome = waiter.await(check.timing(),
                deadline -> probe.attempt(new CheckContext(target, container, deadline)));
        List<String> logTail = outcome.passed() ? List.of() : container.logTail(LOG_TAIL_LINES);
        return result(target.service(), phase, check, probe, outcome, logTail);
    }

    /** Every field of the result, from the check, its probe's words and how waiting ended. */
    static CheckResult result(String service, String phase, CheckSpec check, Probe probe, WaitOutcome outcome,
                              List<String> logTail) {
        OptionalInt exitCode = outcome.exit().map(ContainerExit::exitCode).orElse(OptionalInt.empty());
        return new CheckResult(service, check.kind(), probe.describe(), phase, check.location().toString(),
                probe.expected(), outcome.seen(), outcome.passed(), outcome.took(), outcome.attempts(),
                outcome.lastError(), exitCode, logTail);
    }
}
