package dev.poststack.manifest;

import java.util.Optional;

/**
 * How poststack connects to a PostgreSQL service: for {@code sql}, {@code extension} and {@code setting}
 * checks, {@code verify-db}, the schema and tests.
 *
 * @param port           the container port PostgreSQL listens on (published on 127.0.0.1)
 * @param user           the superuser poststack connects as
 * @param passwordSecret the name of the {@code secrets} entry holding that user's password
 * @param name           the database poststack connects to
 * @param tls            the server's TLS and how poststack's connections use it
 * @param backup         its pgBackRest backups, when {@code database.backup} is written
 * @param logging        what the server logs for {@code log-report}, when {@code database.logging} is written
 * @param upgrade        how {@code poststack upgrade} moves its data to a new major, when {@code database.upgrade}
 *                       is written
 */
public record DatabaseSpec(int port, String user, String passwordSecret, String name, TlsSpec tls,
                           Optional<BackupSpec> backup, Optional<LoggingSpec> logging, Optional<UpgradeSpec> upgrade) {

    /** A database without logging settings or {@code database.upgrade}. */
    public DatabaseSpec(int port, String user, String passwordSecret, String name, TlsSpec tls,
                        Optional<BackupSpec> backup) {
        this(port, user, passwordSecret, name, tls, backup, Optional.empty(), Optional.empty());
    }

    /** A database without backups. */
    public DatabaseSpec(int port, String user, String passwordSecret, String name, TlsSpec tls) {
        this(port, user, passwordSecret, name, tls, Optional.empty());
    }

    /** A database without TLS settings. */
    public DatabaseSpec(int port, String user, String passwordSecret, String name) {
        this(port, user, passwordSecret, name, TlsSpec.NONE);
    }

    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_USER = "postgres";
}
