package dev.poststack.manifest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Daemonless layers built with jib-core on top of a parent image.
 *
 * @param from       manifest name of the parent image
 * @param layers     layers in order, bottom first
 * @param entrypoint container entrypoint; empty keeps the parent's
 * @param cmd        container command; empty keeps the parent's
 * @param env        environment variables added to the parent's
 * @param user       user (name or uid[:gid]); empty keeps the parent's
 * @param workdir    working directory; empty keeps the parent's
 * @param ports      exposed ports such as {@code 8080} or {@code 5432/tcp}
 * @param labels     image labels
 */
public record JibSpec(String from, List<LayerSpec> layers, List<String> entrypoint, List<String> cmd,
                      Map<String, String> env, Optional<String> user, Optional<String> workdir,
                      List<String> ports, Map<String, String> labels) implements BuildSpec {

    public JibSpec {
        layers = List.copyOf(layers);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = OrderedMaps.copyOf(env);
        ports = List.copyOf(ports);
        labels = OrderedMaps.copyOf(labels);
    }

    @Override
    public Optional<String> parent() {
        return Optional.of(from);
    }

    @Override
    public String kind() {
        return "jib";
    }
}
