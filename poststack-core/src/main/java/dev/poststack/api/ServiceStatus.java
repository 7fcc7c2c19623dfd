package dev.poststack.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A service as the engine sees it now.
 *
 * @param service     the manifest name
 * @param image       the image reference it runs (or would run)
 * @param state       running, exited, created, ... or absent when there is no container
 * @param health      the image HEALTHCHECK's status ({@code healthy}, {@code starting}, ...) when it has one
 * @param ports       container port to the host port published on 127.0.0.1
 * @param startedAt   when the running container started
 * @param containerId the container, when there is one
 * @param current     whether the container runs the current image and configuration
 */
public record ServiceStatus(String service, String image, ServiceState state, Optional<String> health,
                            Map<Integer, Integer> ports, Optional<Instant> startedAt, Optional<String> containerId,
                            boolean current) {

    public ServiceStatus {
        ports = Map.copyOf(ports);
    }

    public boolean running() {
        return state == ServiceState.RUNNING;
    }
}
