package dev.poststack.run;

import dev.poststack.api.DatabaseAccess;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A service's started container as checks and callers see it.
 *
 * @param service     the manifest name
 * @param containerId its container
 * @param ports       container port to the host port published on 127.0.0.1
 * @param database    how to connect, for a service with a {@code database} block
 * @param startedAt   when the container started
 */
public record RunningService(String service, String containerId, Map<Integer, Integer> ports,
                             Optional<DatabaseAccess> database, Instant startedAt) {

    public RunningService {
        ports = Map.copyOf(ports);
    }
}
