package dev.poststack.upgrade;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * After pg_upgrade an extension keeps the version its catalog had (its objects were carried, not re-created), while
 * the new major's package may ship a newer default: {@code ALTER EXTENSION ... UPDATE} for each, as pg_upgrade's
 * {@code update_extensions.sql} says. One that has no update path keeps its version, and is reported so.
 */
public final class ExtensionUpdates {

    /** What was done in one database: {@code name from -> to} updated, and {@code name version: why} kept. */
    public record Outcome(List<String> updated, List<String> kept) {
    }

    private ExtensionUpdates() {
    }

    /** Updates the extensions of the database {@code connection} is connected to. */
    public static Outcome run(Connection connection, String database) throws SQLException {
        List<String[]> due = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select e.extname, e.extversion, a.default_version from pg_extension e"
                     + " join pg_available_extensions a on a.name = e.extname"
                     + " where a.default_version is distinct from e.extversion order by e.extname")) {
            while (rs.next()) {
                due.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        List<String> updated = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (String[] e : due) {
                String name = database + "." + e[0];
                try (Statement s = connection.createStatement()) {
                    s.execute("alter extension " + quote(e[0]) + " update");
                    connection.commit();
                    updated.add(name + " " + e[1] + " -> " + e[2]);
                } catch (SQLException failed) {
                    connection.rollback();
                    kept.add(name + " " + e[1] + ": " + failed.getMessage().lines().findFirst().orElse(""));
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return new Outcome(updated, kept);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
