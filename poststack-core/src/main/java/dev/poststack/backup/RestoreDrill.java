package dev.poststack.backup;

import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.DrillResult;
import dev.poststack.api.PoststackException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code poststack drill}: proves that a point-in-time restore gives back exactly what the database held. Rows
 * are written into {@value #TABLE}, a full backup is made, more rows are written, the instant is noted together
 * with every table's digest (one snapshot), more rows are written, the service is restored to that instant beside
 * itself, and every table of the copy is compared with the digests. The drill table is dropped again afterwards.
 */
public final class RestoreDrill {

    static final String TABLE = "public.poststack_drill";
    private static final int ROWS = 1000;

    /** What the drill needs of the stack: a full backup, and a restore to an instant beside the service. */
    public interface Steps {
        /** @return the backup's label */
        String fullBackup() throws InterruptedException;

        /** @return how to reach the restored copy's server (the drill's database on it is compared) */
        DatabaseAccess restoreBeside(Instant target) throws InterruptedException;

        /** Removes the restored copy. */
        void removeCopy();
    }

    private RestoreDrill() {
    }

    /** The application's database when it exists on the server (the schema applied), else the server's own. */
    public static DatabaseAccess database(DatabaseAccess server, java.util.Optional<String> application) {
        if (application.isEmpty()) {
            return server;
        }
        try (Connection c = connect(server);
             var s = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            s.setString(1, application.get());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? server.withDatabase(application.get()) : server;
            }
        } catch (SQLException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, "restore drill of service `"
                    + server.service() + "`: cannot connect: " + e.getMessage() + "\nfix: start it with `poststack up "
                    + server.service() + "`", e);
        }
    }

    /**
     * @param database the service's database to drill, as its superuser
     * @param progress a line for each step
     */
    public static DrillResult run(DatabaseAccess database, Steps steps, Consumer<String> progress)
            throws InterruptedException {
        Instant began = Instant.now();
        try (Connection source = connect(database)) {
            execute(source, "create table if not exists " + TABLE + " (id bigint primary key, batch int not null,"
                    + " written timestamptz not null default clock_timestamp(), payload text not null)");
            execute(source, "truncate " + TABLE);
            write(source, 1);
            progress.accept("wrote " + ROWS + " rows into " + TABLE + " (batch 1); making a full backup");
            String backup = steps.fullBackup();
            write(source, 2);
            Instant target;
            Map<String, TableDigests.Digest> expected;
            source.setAutoCommit(false);
            source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = source.createStatement();
                 // The snapshot is taken by this first statement, the instant right after it: nothing commits between.
                 ResultSet rs = s.executeQuery("select clock_timestamp()")) {
                rs.next();
                target = rs.getTimestamp(1).toInstant();
                expected = TableDigests.read(source);
            } finally {
                source.rollback();
                source.setAutoCommit(true);
            }
            write(source, 3);
            progress.accept("backup " + backup + "; wrote batch 2, noted " + target + " and " + expected.size()
                    + " tables' digests, wrote batch 3; restoring to that instant beside the service");
            try {
                DatabaseAccess copy = steps.restoreBeside(target).withDatabase(database.database());
                Map<String, TableDigests.Digest> restored;
                try (Connection c = connect(copy)) {
                    c.setAutoCommit(false);
                    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    restored = TableDigests.read(c);
                    c.rollback();
                }
                return new DrillResult(database.service(), database.database(), target, backup,
                        compare(expected, restored), Duration.between(began, Instant.now()));
            } finally {
                steps.removeCopy();
                execute(source, "drop table if exists " + TABLE);
            }
        } catch (SQLException e) {
            throw new PoststackException(PoststackException.Kind.FAILED, "restore drill of service `"
                    + database.service() + "`: " + e.getMessage() + "\nfix: check that the service runs"
                    + " (`poststack verify-db`), then run the drill again", e);
        }
    }

    /** Every table of either side, compared: a table only one side has differs. */
    static List<DrillResult.Table> compare(Map<String, TableDigests.Digest> expected,
                                           Map<String, TableDigests.Digest> restored) {
        Set<String> names = new LinkedHashSet<>(expected.keySet());
        names.addAll(restored.keySet());
        List<DrillResult.Table> tables = new ArrayList<>();
        for (String name : names) {
            TableDigests.Digest want = expected.get(name);
            TableDigests.Digest got = restored.get(name);
            tables.add(new DrillResult.Table(name, want == null ? -1 : want.rows(), got == null ? -1 : got.rows(),
                    want != null && want.equals(got)));
        }
        return tables;
    }

    private static void write(Connection c, int batch) throws SQLException {
        execute(c, "insert into " + TABLE + " (id, batch, payload) select " + batch + " * 1000000 + g, " + batch
                + ", md5(g::text) from generate_series(1, " + ROWS + ") g");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect(DatabaseAccess access) throws SQLException {
        return DriverManager.getConnection(access.jdbcUrl(), access.user(), access.password());
    }
}
