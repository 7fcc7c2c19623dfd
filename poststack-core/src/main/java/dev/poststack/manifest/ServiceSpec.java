package dev.poststack.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code services}: a container of a manifest image, how it is configured, and the checks
 * that prove it works.
 *
 * @param name        the service's name: its container's name suffix and default network alias
 * @param image       the manifest name of the image it runs
 * @param env         plain environment variables (never secrets' values)
 * @param secrets     names of {@code secrets} entries, each placed in the container at
 *                    {@code /run/secrets/<name>} (mode 0400, owned by the image's user) before it starts
 * @param volumes     named volume (without the namespace prefix) to the absolute container path it is
 *                    mounted at; kept across runs unless removed on request
 * @param ports       container ports published on 127.0.0.1 only
 * @param aliases     extra network aliases (the service name is always one)
 * @param dependsOn   services that must be ready (and verified) before this one starts
 * @param stopTimeout how long a stop waits after SIGTERM before the engine kills the container
 * @param database    how to connect to it when it is a PostgreSQL database
 * @param health      checks waited on, in order, after the container starts
 * @param verify      side-effect checks run once, in order, after every health check passed
 * @param location    where the service was declared
 * @param inMemory    container paths held in memory (tmpfs, owned by the image's user) instead of on a volume:
 *                    never read from a manifest; a test stack's database keeps its data there
 *                    ({@link #withVolumesInMemory()}), which lives exactly as long as its container runs
 */
public record ServiceSpec(String name, String image, Map<String, String> env, List<String> secrets,
                          Map<String, String> volumes, List<PortSpec> ports, List<String> aliases,
                          List<String> dependsOn, Duration stopTimeout, Optional<DatabaseSpec> database,
                          List<CheckSpec> health, List<CheckSpec> verify, Location location,
                          List<String> inMemory) {

    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Where secrets are placed inside a container. */
    public static final String SECRETS_DIR = "/run/secrets";

    public ServiceSpec {
        env = OrderedMaps.copyOf(env);
        secrets = List.copyOf(secrets);
        volumes = OrderedMaps.copyOf(volumes);
        ports = List.copyOf(ports);
        aliases = List.copyOf(aliases);
        dependsOn = List.copyOf(dependsOn);
        health = List.copyOf(health);
        verify = List.copyOf(verify);
        inMemory = List.copyOf(inMemory);
    }

    /** A service as a manifest declares it: nothing held in memory. */
    public ServiceSpec(String name, String image, Map<String, String> env, List<String> secrets,
                       Map<String, String> volumes, List<PortSpec> ports, List<String> aliases,
                       List<String> dependsOn, Duration stopTimeout, Optional<DatabaseSpec> database,
                       List<CheckSpec> health, List<CheckSpec> verify, Location location) {
        this(name, image, env, secrets, volumes, ports, aliases, dependsOn, stopTimeout, database, health, verify,
                location, List.of());
    }

    /**
     * This service with each of its volumes' mount paths held in memory instead: no named volume is made or
     * mounted, so nothing it writes reaches a disk, and nothing is left when its container goes.
     */
    public ServiceSpec withVolumesInMemory() {
        List<String> paths = new java.util.ArrayList<>(inMemory);
        volumes.values().stream().filter(path -> !paths.contains(path)).forEach(paths::add);
        return new ServiceSpec(name, image, env, secrets, Map.of(), ports, aliases, dependsOn, stopTimeout, database,
                health, verify, location, paths);
    }

    /** The container path of one of this service's secrets. */
    public static String secretPath(String secret) {
        return SECRETS_DIR + "/" + secret;
    }
}
