package dev.poststack.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one service ended in an {@code up}: started or reused, its ports, and its checks.
 *
 * @param service     the manifest name
 * @param action      what was done to it
 * @param containerId its container
 * @param ports       container port to the host port published on 127.0.0.1
 * @param ready       from the container's start (or from the check, when reused) until every check passed
 * @param checks      its health and side-effect checks, in the order they ran
 */
public record ServiceOutcome(String service, Action action, String containerId, Map<Integer, Integer> ports,
                             Duration ready, List<CheckResult> checks) {

    public enum Action {
        /** There was no container; one was created and started. */
        STARTED,
        /** A container ran an older image or configuration, or was not running; it was replaced. */
        REPLACED,
        /** A current container was running and passed its checks; it was kept. */
        REUSED,
        /** The container was stopped and started again ({@code restart}), then passed its checks. */
        RESTARTED
    }

    public ServiceOutcome {
        ports = Map.copyOf(ports);
        checks = List.copyOf(checks);
    }
}
