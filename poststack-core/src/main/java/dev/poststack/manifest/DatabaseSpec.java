package dev.poststack.manifest;

/**
 * How poststack connects to a PostgreSQL service: for {@code sql}, {@code extension} and {@code setting}
 * checks, {@code verify-db}, the schema and tests.
 *
 * @param port           the container port PostgreSQL listens on (published on 127.0.0.1)
 * @param user           the superuser poststack connects as
 * @param passwordSecret the name of the {@code secrets} entry holding that user's password
 * @param name           the database poststack connects to
 * @param tls            the server's TLS and how poststack's connections use it
 */
public record DatabaseSpec(int port, String user, String passwordSecret, String name, TlsSpec tls) {

    /** A database without TLS settings. */
    public DatabaseSpec(int port, String user, String passwordSecret, String name) {
        this(port, user, passwordSecret, name, TlsSpec.NONE);
    }

    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_USER = "postgres";
}
