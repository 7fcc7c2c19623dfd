package dev.poststack.engine;

/** Label keys poststack puts on everything it creates, so it can find and clean up its own resources. */
public final class Labels {

    /** Present (value {@code true}) on every image, container, network and volume poststack creates. */
    public static final String MANAGED = "dev.poststack.managed";
    /** The manifest name of an image. */
    public static final String IMAGE = "dev.poststack.image";
    /** The input fingerprint an image was built from; equal fingerprints mean nothing to rebuild. */
    public static final String FINGERPRINT = "dev.poststack.fingerprint";

    public static final String OCI_TITLE = "org.opencontainers.image.title";
    public static final String OCI_BASE_NAME = "org.opencontainers.image.base.name";
    public static final String OCI_BASE_DIGEST = "org.opencontainers.image.base.digest";
    public static final String OCI_VENDOR = "org.opencontainers.image.vendor";

    private Labels() {
    }
}
