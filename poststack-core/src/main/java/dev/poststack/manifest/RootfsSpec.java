package dev.poststack.manifest;

import java.util.List;
import java.util.Optional;

/**
 * A Debian root filesystem bootstrapped with mmdebstrap and loaded as a one-layer image.
 *
 * @param suite    Debian suite, e.g. {@code trixie}
 * @param variant  mmdebstrap variant, e.g. {@code minbase}
 * @param packages extra packages to include
 * @param mirror   archive mirror; empty means mmdebstrap's default
 * @param env      environment of the resulting image config
 */
public record RootfsSpec(String suite, String variant, List<String> packages, Optional<String> mirror,
                         java.util.Map<String, String> env) implements BuildSpec {

    public RootfsSpec {
        packages = List.copyOf(packages);
        env = OrderedMaps.copyOf(env);
    }

    @Override
    public Optional<String> parent() {
        return Optional.empty();
    }

    @Override
    public String kind() {
        return "rootfs";
    }
}
