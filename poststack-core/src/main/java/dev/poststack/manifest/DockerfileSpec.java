package dev.poststack.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image built from a Dockerfile through the Docker Engine API.
 *
 * @param from       manifest name of the parent; a {@code FROM} naming it is pinned to the parent's image id
 * @param context    build context folder (absolute)
 * @param dockerfile the Dockerfile (absolute, inside {@code context})
 * @param args       build arguments
 * @param sources    extension sources sent in the context under {@code .poststack/sources/<name>/}
 */
public record DockerfileSpec(Optional<String> from, Path context, Path dockerfile, Map<String, String> args,
                             List<SourceSpec> sources)
        implements BuildSpec {

    public DockerfileSpec {
        args = OrderedMaps.copyOf(args);
        sources = List.copyOf(sources);
    }

    /** An image without sources. */
    public DockerfileSpec(Optional<String> from, Path context, Path dockerfile, Map<String, String> args) {
        this(from, context, dockerfile, args, List.of());
    }

    @Override
    public Optional<String> parent() {
        return from;
    }

    @Override
    public String kind() {
        return "dockerfile";
    }
}
