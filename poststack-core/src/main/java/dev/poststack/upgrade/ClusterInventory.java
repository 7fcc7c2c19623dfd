package dev.poststack.upgrade;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a running cluster holds that decides whether pg_upgrade can carry it, read over JDBC before anything stops:
 * the databases, the extensions installed in each, and columns of the {@code reg*} types whose values are OIDs
 * pg_upgrade does not keep (it refuses them; Apache AGE's {@code ag_catalog.ag_graph.namespace} is one).
 */
public final class ClusterInventory {

    /** An extension installed in one database. */
    public record Installed(String database, String name, String version) {
    }

    /** A column pg_upgrade refuses, and the extension whose object it is, if any. */
    public record OidColumn(String database, String column, String type, Optional<String> extension) {
    }

    /** The types of pg_upgrade's "reg* data types in user tables" check (PostgreSQL 18's list). */
    static final String OID_TYPES = "'regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper',"
            + " 'regoperator', 'regproc', 'regprocedure'";

    private ClusterInventory() {
    }

    /** The databases a session can connect to (template0 never can), as pg_upgrade visits them. */
    public static List<String> databases(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select datname from pg_database where datallowconn order by datname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The extensions installed in the database {@code connection} is connected to. */
    public static List<Installed> extensions(Connection connection, String database) throws SQLException {
        List<Installed> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select extname, extversion from pg_extension order by extname")) {
            while (rs.next()) {
                out.add(new Installed(database, rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    /** Columns of user tables whose type is one of the {@code reg*} types pg_upgrade refuses. */
    public static List<OidColumn> oidColumns(Connection connection, String database) throws SQLException {
        List<OidColumn> out = new ArrayList<>();
        String sql = "select format('%I.%I.%I', n.nspname, c.relname, a.attname), a.atttypid::regtype::text,"
                + " (select e.extname from pg_depend d join pg_extension e on e.oid = d.refobjid"
                + "   where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'"
                + "   and d.refclassid = 'pg_extension'::regclass limit 1)"
                + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " join pg_attribute a on a.attrelid = c.oid"
                + " where c.relkind in ('r', 'm', 'p') and a.attnum > 0 and not a.attisdropped"
                + " and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast'"
                + " and a.atttypid in (select oid from pg_type where typname in (" + OID_TYPES + ")"
                + "   and typnamespace = 'pg_catalog'::regnamespace)"
                + " order by 1";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new OidColumn(database, rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3))));
            }
        }
        return out;
    }
}
