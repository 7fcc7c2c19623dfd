package dev.poststack.clone;

import dev.poststack.api.DatabaseAccess;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * A copy's DataSource: a new connection per call, except that the first call gets the connection the pool
 * opened while the copy waited ({@link DatabaseCopies}), so a test does not pay the backend start and SCRAM
 * exchange of a fresh database on its critical path. Nothing is pooled: a closed connection is gone.
 */
final class CopyDataSource implements DataSource {

    /** What tests' connections are named in pg_stat_activity. */
    static final String APPLICATION_NAME = "poststack-test";

    private final DatabaseAccess access;
    private final AtomicReference<Connection> opened;
    private volatile int loginTimeout;

    CopyDataSource(DatabaseAccess access, Connection opened) {
        this.access = access;
        this.opened = new AtomicReference<>(opened);
    }

    /** A connection as {@code access}, named as tests' connections are. */
    static Connection open(DatabaseAccess access, int loginTimeout) throws SQLException {
        Properties properties = new Properties();
        if (loginTimeout > 0) {
            properties.setProperty("loginTimeout", Integer.toString(loginTimeout));
        }
        properties.setProperty("user", access.user());
        properties.setProperty("password", access.password());
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        return DriverManager.getConnection(access.jdbcUrl(), properties);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection first = opened.getAndSet(null);
        if (first != null && !first.isClosed()) {
            return first;
        }
        return open(access, loginTimeout);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return open(new DatabaseAccess(access.service(), access.host(), access.port(), access.database(), user,
                password, java.util.Optional.empty(), access.tls()), loginTimeout);
    }

    /** Closes the prepared connection when no one took it (the copy is being dropped or kept). */
    void closeUnused() {
        Connection unused = opened.getAndSet(null);
        if (unused != null) {
            try {
                unused.close();
            } catch (SQLException e) {
                // its database is dropped with FORCE, which ends the session anyway
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return DriverManager.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        DriverManager.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
