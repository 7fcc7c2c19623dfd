package dev.poststack.engine;

/** Label keys poststack puts on everything it creates, so it can find and clean up its own resources. */
public final class Labels {

    /** Present (value {@code true}) on every image, container, network and volume poststack creates. */
    public static final String MANAGED = "dev.poststack.managed";
    /** The manifest name of an image. */
    public static final String IMAGE = "dev.poststack.image";
    /** The input fingerprint an image was built from; equal fingerprints mean nothing to rebuild. */
    public static final String FINGERPRINT = "dev.poststack.fingerprint";

    /** The project (see {@code run.ProjectIdentity}) a container, network or volume belongs to. */
    public static final String PROJECT = "dev.poststack.project";
    /** The checkout (the manifest's canonical folder) a container, network or volume was made by. */
    public static final String CHECKOUT = "dev.poststack.checkout";
    /** A salted hash of the secrets a service's container was given (never the secrets themselves). */
    public static final String SECRETS = "dev.poststack.secrets";
    /** A salted hash of the database password a data volume's cluster was initialised with. */
    public static final String PASSWORD = "dev.poststack.password";
    /** The manifest name of the service a container runs. */
    public static final String SERVICE = "dev.poststack.service";
    /** The name of a one-off task container (e.g. {@code liquibase-update}). */
    public static final String TASK = "dev.poststack.task";
    /** A digest of everything a service's container was created from; a different one means replace it. */
    public static final String CONFIG = "dev.poststack.config";

    public static final String OCI_TITLE = "org.opencontainers.image.title";
    public static final String OCI_BASE_NAME = "org.opencontainers.image.base.name";
    public static final String OCI_BASE_DIGEST = "org.opencontainers.image.base.digest";
    public static final String OCI_VENDOR = "org.opencontainers.image.vendor";

    private Labels() {
    }
}
