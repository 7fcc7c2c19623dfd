package dev.poststack.api;

import java.util.List;
import java.util.Map;

/**
 * What a container of a service is made of, for tools that start it themselves (the Testcontainers
 * integration). Secrets are not part of it: {@code Poststack.placeSecrets} copies them into a created
 * container.
 *
 * @param service the manifest name
 * @param image   the image reference
 * @param env     plain environment variables
 * @param ports   the container ports to publish (on 127.0.0.1)
 * @param labels  the labels poststack puts on a container of the service's project
 */
public record ServiceSettings(String service, String image, Map<String, String> env, List<Integer> ports,
                              Map<String, String> labels) {

    public ServiceSettings {
        env = Map.copyOf(env);
        ports = List.copyOf(ports);
        labels = Map.copyOf(labels);
    }
}
