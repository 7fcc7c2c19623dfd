package dev.poststack.check;

import dev.poststack.api.DatabaseAccess;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The running container a service's checks look at.
 *
 * <pre>{@code
 * CheckTarget db = new CheckTarget("db", containerId, Map.of(5432, 49153), Optional.of(access));
 * }</pre>
 *
 * @param service        the service's name, as results report it
 * @param containerId    the engine's id (or name) of its container
 * @param publishedPorts container port to the host port it is published on, on 127.0.0.1
 * @param database       how to reach it as a PostgreSQL database, for sql, extension and setting checks
 */
public record CheckTarget(String service, String containerId, Map<Integer, Integer> publishedPorts,
                          Optional<DatabaseAccess> database) {

    public CheckTarget {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(containerId, "containerId");
        publishedPorts = Map.copyOf(publishedPorts);
        Objects.requireNonNull(database, "database");
    }

    /** The host port {@code containerPort} is published on, if it is. */
    public OptionalInt hostPort(int containerPort) {
        Integer port = publishedPorts.get(containerPort);
        return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }
}
