package dev.poststack.junit;

import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.PoststackException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A test stack's server trades durability for speed, as Testcontainers' PostgreSQLContainer does
 * ({@code fsync=off}): nothing of a test stack must survive a crash, and without WAL flushes a database copy or
 * drop costs a fraction (measured on the example schema: copy ~200 to ~80 ms, drop ~60 to ~7 ms). Set with
 * {@code ALTER SYSTEM}, so a reused stack keeps it; never applied to stacks outside tests.
 */
final class TestServerSettings {

    private TestServerSettings() {
    }

    static void forgoDurability(DatabaseAccess admin) {
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET fsync = off");
            s.execute("ALTER SYSTEM SET synchronous_commit = off");
            s.execute("ALTER SYSTEM SET full_page_writes = off");
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, "could not set up the test stack's server at "
                    + admin + ": " + e.getMessage(), e);
        }
    }
}
