package dev.poststack.testcontainers;

import dev.poststack.Poststack;
import dev.poststack.api.CheckResult;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Testcontainers {@code WaitStrategy} that is poststack's own checks: the service's health checks, then
 * its side-effect checks, with the timeouts {@code images.yaml} gives them (Testcontainers' startup timeout
 * does not apply). A failure throws the check's whole story: expected, seen, last error, exit code, last
 * log lines.
 * <pre>{@code
 * new GenericContainer<>("poststack/postgres:latest").waitingFor(new PoststackWaitStrategy(poststack, "db"));
 * }</pre>
 */
public class PoststackWaitStrategy extends AbstractWaitStrategy {

    private final Poststack poststack;
    private final String service;

    public PoststackWaitStrategy(Poststack poststack, String service) {
        this.poststack = poststack;
        this.service = service;
    }

    @Override
    protected void waitUntilReady() {
        List<CheckResult> results;
        try {
            results = poststack.check(service, waitStrategyTarget.getContainerId(), ports(waitStrategyTarget));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while checking service " + service, e);
        }
        results.stream().filter(r -> !r.passed()).findFirst().ifPresent(failed -> {
            throw new ContainerLaunchException(failed.failureMessage());
        });
    }

    static Map<Integer, Integer> ports(WaitStrategyTarget target) {
        Map<Integer, Integer> ports = new HashMap<>();
        for (Integer port : target.getExposedPorts()) {
            ports.put(port, target.getMappedPort(port));
        }
        return ports;
    }
}
