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
 */
public record DatabaseAccess(String service, String host, int port, String database, String user, String password,
                             Optional<Path> passwordFile) {

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The same server and role, another database. */
    public DatabaseAccess withDatabase(String otherDatabase) {
        return new DatabaseAccess(service, host, port, otherDatabase, user, password, passwordFile);
    }

    @Override
    public String toString() {
        return "DatabaseAccess[" + user + "@" + host + ":" + port + "/" + database + ", password "
                + passwordFile.map(f -> "in " + f).orElse("hidden") + "]";
    }
}
