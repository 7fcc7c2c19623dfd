package dev.poststack.api;

/** The way an image is built. */
public enum Backend {
    /** A Debian root filesystem from mmdebstrap, loaded as one layer. */
    ROOTFS,
    /** A Dockerfile built by the Docker Engine API. */
    DOCKERFILE,
    /** Daemonless layers from jib-core. */
    JIB,
    /** Not built: an image from a registry that a {@code from:} names, resolved to its digest (and pulled). */
    REGISTRY
}
