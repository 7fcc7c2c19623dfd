package dev.poststack.api;

import java.util.List;
import java.util.Map;

/**
 * What a container of a service is made of, for tools that start it themselves (the Testcontainers
 * integration). Secrets are named, not given: {@code Poststack.placeSecrets} copies them into a created
 * container.
 *
 * @param service the manifest name
 * @param image   the image reference
 * @param env     plain environment variables
 * @param secrets the service's secrets, each placed at {@code /run/secrets/<name>}
 * @param ports   the container ports to publish (on 127.0.0.1)
 * @param aliases network aliases, the service's name first
 */
public record ServiceSettings(String service, String image, Map<String, String> env, List<String> secrets,
                              List<Integer> ports, List<String> aliases) {

    public ServiceSettings {
        env = Map.copyOf(env);
        secrets = List.copyOf(secrets);
        ports = List.copyOf(ports);
        aliases = List.copyOf(aliases);
    }
}
