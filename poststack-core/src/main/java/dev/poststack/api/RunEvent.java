package dev.poststack.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What happens while services start, are checked and stop, as typed events; the console renders them and
 * test integrations may log them. See {@link RunListener}.
 */
public sealed interface RunEvent {

    /** The service the event is about. */
    String service();

    Instant at();

    /** A container is being created for a service; {@code reason} says why (none yet, image changed, ...). */
    record ServiceStarting(String service, String image, String reason, Instant at) implements RunEvent {
    }

    /** A service's container started; its ports are published on 127.0.0.1 (container port to host port). */
    record ServiceStarted(String service, String containerId, Map<Integer, Integer> ports, Duration took, Instant at)
            implements RunEvent {
        public ServiceStarted {
            ports = Map.copyOf(ports);
        }
    }

    /** A running container was already current (same image and configuration) and is kept. */
    record ServiceReused(String service, String containerId, Instant at) implements RunEvent {
    }

    /** One check of a service ended, passed or not. */
    record CheckFinished(String service, CheckResult result, Instant at) implements RunEvent {
    }

    /** Every health and side-effect check of a service passed; {@code sinceStart} counts from its start. */
    record ServiceReady(String service, Duration sinceStart, Instant at) implements RunEvent {
    }

    /** A service failed to start or failed a check; {@code message} says what to do. */
    record ServiceFailed(String service, String message, Instant at) implements RunEvent {
    }

    /** A service's container was stopped and removed. */
    record ServiceStopped(String service, Duration took, Instant at) implements RunEvent {
    }
}
