package dev.poststack.schema;

import dev.poststack.api.ChangeSet;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.SchemaStatus;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What poststack itself does in the database around Liquibase, as the database service's superuser: create
 * the application role and database when missing, and read Liquibase's changelog and lock tables. One
 * instance is one connection, shared by the steps of one apply or status, as each login costs a SCRAM
 * exchange. Identifiers come from the validated manifest ({@code [a-z_][a-z0-9_]*}), so quoting them is enough.
 */
final class SchemaDatabase implements AutoCloseable {

    private static final String DATABASE_EXISTS = "select 1 from pg_database where datname = ?";

    private final Connection connection;

    private SchemaDatabase(Connection connection) {
        this.connection = connection;
    }

    /** Connects to the database {@code access} names; Liquibase's tables are read in that database. */
    static SchemaDatabase open(DatabaseAccess access) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", access.user());
        props.setProperty("password", access.password());
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "poststack");
        return new SchemaDatabase(DriverManager.getConnection(access.jdbcUrl(), props));
    }

    /**
     * Creates the role (LOGIN) when missing and sets its password. The password is hashed (SCRAM) by the
     * driver before it is sent, so it appears in no server log and no statement statistics.
     *
     * @return whether the role was created
     */
    boolean ensureRole(String role, String password) throws SQLException {
        boolean exists = exists("select 1 from pg_roles where rolname = ?", role);
        if (!exists) {
            try (Statement s = connection.createStatement()) {
                s.execute("create role " + quote(role) + " login");
            }
        }
        connection.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
        return !exists;
    }

    boolean databaseExists(String database) throws SQLException {
        return exists(DATABASE_EXISTS, database);
    }

    /** @return whether the database was created */
    boolean ensureDatabase(String database, String owner) throws SQLException {
        if (databaseExists(database)) {
            return false;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("create database " + quote(database) + " owner " + quote(owner));
        }
        return true;
    }

    /** The changesets Liquibase recorded in this database, in the order they ran; none before its first run. */
    List<SchemaStatus.Applied> applied() throws SQLException {
        List<SchemaStatus.Applied> applied = new ArrayList<>();
        if (!tableExists("databasechangelog")) {
            return applied;
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "select id, author, filename, dateexecuted from databasechangelog order by orderexecuted")) {
            while (rs.next()) {
                applied.add(new SchemaStatus.Applied(new ChangeSet(rs.getString(1), rs.getString(2),
                        rs.getString(3)), rs.getTimestamp(4).toInstant()));
            }
        }
        return applied;
    }

    /** Who holds Liquibase's lock on this database, if anyone. */
    Optional<SchemaStatus.Lock> lock() throws SQLException {
        if (!tableExists("databasechangeloglock")) {
            return Optional.empty();
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "select lockedby, lockgranted from databasechangeloglock where locked")) {
            return rs.next() ? Optional.of(new SchemaStatus.Lock(rs.getString(1),
                    rs.getTimestamp(2).toInstant())) : Optional.empty();
        }
    }

    /** What Liquibase's own {@code release-locks} does. */
    void releaseLock() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("update databasechangeloglock set locked = false, lockgranted = null, lockedby = null");
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private boolean tableExists(String table) throws SQLException {
        return exists("select 1 from pg_tables where schemaname = current_schema() and tablename = ?", table);
    }

    private boolean exists(String query, String value) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(query)) {
            s.setString(1, value);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
