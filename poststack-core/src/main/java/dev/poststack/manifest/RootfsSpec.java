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
 * @param aptOptions apt configuration lines for the bootstrap, kept in the image's apt configuration
 *                 ({@code --aptopt}), e.g. {@code Acquire::Check-Valid-Until "false"}
 */
public record RootfsSpec(String suite, String variant, List<String> packages, Optional<String> mirror,
                         java.util.Map<String, String> env, List<String> aptOptions) implements BuildSpec {

    public RootfsSpec {
        packages = List.copyOf(packages);
        env = OrderedMaps.copyOf(env);
        aptOptions = List.copyOf(aptOptions);
    }

    /** A root filesystem without apt options of its own. */
    public RootfsSpec(String suite, String variant, List<String> packages, Optional<String> mirror,
                      java.util.Map<String, String> env) {
        this(suite, variant, packages, mirror, env, List.of());
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
