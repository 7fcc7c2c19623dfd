package dev.poststack.api;

import java.time.Duration;
import java.util.List;

/**
 * What a {@code reset-password} did: which roles of a service's cluster now have this checkout's passwords.
 *
 * @param service the manifest name
 * @param volumes the data volumes whose password record now names the new superuser password
 * @param roles   the roles whose passwords were set, the superuser first
 * @param absent  roles whose password secret the manifest names but that the cluster does not have (yet), left out
 * @param server  where the statement ran
 * @param took    from the start until the passwords were set (and a temporary server removed)
 */
public record PasswordResetResult(String service, List<String> volumes, List<String> roles, List<String> absent,
                                  Server server, Duration took) {

    public enum Server {
        /** The service's running container: its server was asked over its Unix socket. */
        RUNNING_CONTAINER,
        /** No container ran on the data: a server was started on it for the reset, socket only, and removed. */
        TEMPORARY
    }

    public PasswordResetResult {
        volumes = List.copyOf(volumes);
        roles = List.copyOf(roles);
        absent = List.copyOf(absent);
    }
}
