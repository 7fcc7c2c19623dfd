package dev.poststack.maven;

import dev.poststack.api.DatabaseAccess;

import java.util.Map;
import java.util.TreeMap;

/**
 * The properties {@code poststack:start} exports (as Maven project properties and system properties):
 * <pre>
 * poststack.SERVICE.host                 127.0.0.1 (ports are published on the loopback address only)
 * poststack.SERVICE.port.CONTAINER_PORT  the host port published for that container port
 * poststack.SERVICE.jdbc.url             a database service: jdbc:postgresql://127.0.0.1:PORT/DATABASE
 * poststack.SERVICE.database             a database service: its database (the superuser's)
 * poststack.SERVICE.user                 a database service: its superuser
 * poststack.SERVICE.password.file        a database service: the file with that user's password
 * poststack.app.jdbc.url                 the application database (schema's database), as its owner role
 * poststack.app.database, poststack.app.user, poststack.app.password.file
 * </pre>
 * A password itself is never a property (properties end up in logs); a password taken from the environment
 * has no {@code password.file}.
 */
final class StackProperties {

    private StackProperties() {
    }

    static Map<String, String> service(String service, Map<Integer, Integer> ports, DatabaseAccess database) {
        String prefix = "poststack." + service + ".";
        Map<String, String> properties = new TreeMap<>();
        properties.put(prefix + "host", "127.0.0.1");
        ports.forEach((container, host) -> properties.put(prefix + "port." + container, String.valueOf(host)));
        if (database != null) {
            properties.putAll(database(prefix, database));
        }
        return properties;
    }

    static Map<String, String> application(DatabaseAccess app) {
        return database("poststack.app.", app);
    }

    private static Map<String, String> database(String prefix, DatabaseAccess db) {
        Map<String, String> properties = new TreeMap<>();
        properties.put(prefix + "jdbc.url", db.jdbcUrl());
        properties.put(prefix + "database", db.database());
        properties.put(prefix + "user", db.user());
        db.passwordFile().ifPresent(file -> properties.put(prefix + "password.file", file.toString()));
        return properties;
    }
}
