package dev.poststack.manifest;

import java.util.Optional;

/** How an image is built: exactly one of the three kinds. */
public sealed interface BuildSpec permits RootfsSpec, DockerfileSpec, JibSpec {

    /** The manifest name of the parent image; empty for images built from nothing. */
    Optional<String> parent();

    /** The manifest key of this kind: {@code rootfs}, {@code dockerfile} or {@code jib}. */
    String kind();
}
