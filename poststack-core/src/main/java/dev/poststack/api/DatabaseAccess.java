package dev.poststack.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach a running PostgreSQL service from the host. {@link #toString()} never shows the password.
 *
 * @param service      the service's name
 * @param host         always {@code 127.0.0.1}: poststack publishes ports on the loopback address only
 * @param port         the published host port
 * @param database     the database
 * @param user         the role
 * @param password     the role's password
 * @param passwordFile where the password is kept on the host, when it is kept in a file
 * @param tls          how connections use TLS (the manifest's {@code database.tls}); empty: the driver's default
 */
public record DatabaseAccess(String service, String host, int port, String database, String user, String password,
                             Optional<Path> passwordFile, Optional<DatabaseTls> tls) {

    /** Access without TLS settings. */
    public DatabaseAccess(String service, String host, int port, String database, String user, String password,
                          Optional<Path> passwordFile) {
        this(service, host, port, database, user, password, passwordFile, Optional.empty());
    }

    /**
     * {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}, with {@code ?sslmode=...} (and {@code sslrootcert}) when
     * the service uses TLS; pgjdbc takes both from the URL, so any DataSource or pool made from it connects alike.
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database
                + tls.map(t -> "?" + t.urlParameters()).orElse("");
    }

    /** The same server and role, another database. */
    public DatabaseAccess withDatabase(String otherDatabase) {
        return new DatabaseAccess(service, host, port, otherDatabase, user, password, passwordFile, tls);
    }

    /** The same database and role, with these TLS settings. */
    public DatabaseAccess withTls(Optional<DatabaseTls> otherTls) {
        return new DatabaseAccess(service, host, port, database, user, password, passwordFile, otherTls);
    }

    @Override
    public String toString() {
        return "DatabaseAccess[" + user + "@" + host + ":" + port + "/" + database + ", password "
                + passwordFile.map(f -> "in " + f).orElse("hidden") + tls.map(t -> ", " + t).orElse("") + "]";
    }
}
