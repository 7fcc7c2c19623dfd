package dev.poststack.run;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.DatabaseTls;
import dev.poststack.api.PoststackException;
import dev.poststack.manifest.DatabaseSpec;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.manifest.TlsSpec;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A service's container as checks and callers see it: its published ports and how to reach its database. */
final class RunningServices {

    private final RunContext context;

    RunningServices(RunContext context) {
        this.context = context;
    }

    /** @throws PoststackException {@code FAILED} when the service has no running container */
    RunningService running(String serviceName) {
        ServiceSpec service = ServicePlans.service(context.manifest(), serviceName);
        return inspect(context.resources().container(serviceName))
                .filter(c -> Boolean.TRUE.equals(c.getState().getRunning()))
                .map(c -> of(service, c))
                .orElseThrow(() -> new PoststackException(PoststackException.Kind.FAILED, "service `" + serviceName
                        + "` is not running\nfix: start it with `poststack up " + serviceName + "`", null));
    }

    RunningService of(ServiceSpec service, InspectContainerResponse container) {
        Map<Integer, Integer> ports = publishedPorts(container);
        Instant startedAt = Instant.parse(container.getState().getStartedAt());
        // A container that already died has no published ports: no database access then, and its checks
        // report the exit instead.
        return new RunningService(service.name(), container.getId(), ports,
                service.database().filter(db -> ports.containsKey(db.port()))
                        .map(db -> access(service.name(), db, ports)), startedAt);
    }

    Optional<DatabaseAccess> databaseOf(String serviceName, Map<Integer, Integer> ports) {
        ServiceSpec service = ServicePlans.service(context.manifest(), serviceName);
        return service.database().map(db -> access(serviceName, db, ports));
    }

    private DatabaseAccess access(String service, DatabaseSpec db, Map<Integer, Integer> ports) {
        Integer port = ports.get(db.port());
        if (port == null) {
            throw new IllegalStateException("database port " + db.port() + " of " + service + " is not published");
        }
        return new DatabaseAccess(service, "127.0.0.1", port, db.name(), db.user(),
                context.secrets().value(db.passwordSecret()), context.secrets().file(db.passwordSecret()),
                tlsOf(db.tls()));
    }

    /** The manifest's {@code database.tls} as pgjdbc's settings; empty when the manifest leaves it to the driver. */
    static Optional<DatabaseTls> tlsOf(TlsSpec tls) {
        return tls.mode().map(mode -> DatabaseTls.of(DatabaseTls.Mode.valueOf(mode.name()), tls.ca()));
    }

    /** The container named {@code container}, when there is one. */
    Optional<InspectContainerResponse> inspect(String container) {
        try {
            return Optional.of(context.docker().inspectContainerCmd(container).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    static Map<Integer, Integer> publishedPorts(InspectContainerResponse container) {
        Map<Integer, Integer> ports = new HashMap<>();
        Map<ExposedPort, Ports.Binding[]> bindings = container.getNetworkSettings().getPorts().getBindings();
        bindings.forEach((exposed, bound) -> {
            if (bound != null) {
                for (Ports.Binding binding : bound) {
                    if ("127.0.0.1".equals(binding.getHostIp())) {
                        ports.put(exposed.getPort(), Integer.parseInt(binding.getHostPortSpec()));
                    }
                }
            }
        });
        return ports;
    }
}
