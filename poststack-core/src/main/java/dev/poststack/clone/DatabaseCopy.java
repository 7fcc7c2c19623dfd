package dev.poststack.clone;

import dev.poststack.api.DatabaseAccess;

/**
 * One database copied from a template, handed out by {@link DatabaseCopies#take()}. Closing it drops the
 * database (in the background); {@link #keep()} instead leaves it for a developer to look inside.
 * <pre>{@code
 * try (DatabaseCopy copy = copies.take()) {
 *     Connection c = DriverManager.getConnection(copy.access().jdbcUrl(), copy.access().user(), copy.access().password());
 * }
 * }</pre>
 */
public final class DatabaseCopy implements AutoCloseable {

    private final DatabaseCopies owner;
    private final DatabaseAccess access;
    private final CopyDataSource dataSource;
    private boolean done;

    /** {@code opened}: a connection to the copy as {@code access}, made ahead by the pool (or null). */
    DatabaseCopy(DatabaseCopies owner, DatabaseAccess access, java.sql.Connection opened) {
        this.owner = owner;
        this.access = access;
        this.dataSource = new CopyDataSource(access, opened);
    }

    /** The copy's name. */
    public String name() {
        return access.database();
    }

    /** How to reach the copy: the source's server and role, the copy's database. */
    public DatabaseAccess access() {
        return access;
    }

    /**
     * The copy as a DataSource: a new connection per call (nothing pooled), the first one opened ahead while
     * the copy waited in the pool, so it is ready at once.
     */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    /** Leaves the database in place (marked kept, so no later cleanup drops it); close does nothing after. */
    public synchronized void keep() {
        if (!done) {
            done = true;
            dataSource.closeUnused();
            owner.keep(this);
        }
    }

    /** Drops the database in the background; its open connections are ended. */
    @Override
    public synchronized void close() {
        if (!done) {
            done = true;
            dataSource.closeUnused();
            owner.drop(this);
        }
    }

    @Override
    public String toString() {
        return "DatabaseCopy[" + name() + "]";
    }
}
