package dev.poststack.clone;

import dev.poststack.api.DatabaseAccess;
import dev.poststack.api.PoststackException;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Utils;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The statements behind templates and copies, run as the server's superuser from a maintenance database. */
final class CopySql {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** Comments mark what poststack made: {@code poststack copy of SOURCE[; pid N][; kept]}. */
    static final String COPY_MARK = "poststack copy of ";
    private static final Pattern COPY_COMMENT = Pattern.compile("poststack copy of ([^;]+)(?:; pid (\\d+))?(; kept)?");
    /** {@code CREATE DATABASE} finds sessions on its template: SQLSTATE object_in_use. */
    private static final String OBJECT_IN_USE = "55006";
    private static final int TEMPLATE_ATTEMPTS = 5;

    /** A role's (or, with no role, every role's) setting in one database: {@code ALTER ROLE ... IN DATABASE ... SET}. */
    record Setting(Optional<String> role, String name, String value) {
    }

    private CopySql() {
    }

    /** A connection as {@code admin}, to a database other than {@code avoid} (which must stay free of sessions). */
    static Connection connect(DatabaseAccess admin, String avoid) throws SQLException {
        String maintenance = avoid.equals("postgres") ? "template1" : "postgres";
        Connection c = DriverManager.getConnection(admin.withDatabase(maintenance).jdbcUrl(), admin.user(), admin.password());
        c.setAutoCommit(true); // CREATE and DROP DATABASE cannot run inside a transaction
        return c;
    }

    static String quote(String name) {
        if (!NAME.matcher(name).matches()) {
            throw PoststackException.invalidInput("database name `" + name + "` is not a plain PostgreSQL name:"
                    + " use letters, digits and underscores, at most 63, not starting with a digit");
        }
        return '"' + name + '"';
    }

    /** Whether the server runs without fsync (test stacks: {@code TestServerSettings}), so checkpoints flush nothing. */
    static boolean fsyncOff(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW fsync")) {
            return rs.next() && "off".equals(rs.getString(1));
        }
    }

    static boolean exists(Connection c, String database) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String owner(Connection c, String database) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw PoststackException.invalidInput("database `" + database + "` does not exist on the server");
                }
                return rs.getString(1);
            }
        }
    }

    /**
     * Copies {@code source} to {@code target} while sessions may come and go on it (pg_cron's launcher lives in
     * its {@code cron.database_name}): their sessions are ended just before the copy, which then holds a lock
     * that keeps new ones out until it is done. A session that came back in between is ended again.
     */
    static void copyInUse(Connection c, String source, String target, String owner, CopyStrategy strategy)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (PreparedStatement end = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
                end.setString(1, source);
                end.execute();
            }
            try {
                create(c, source, target, owner, strategy);
                return;
            } catch (SQLException e) {
                if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt == TEMPLATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static void create(Connection c, String template, String target, String owner, CopyStrategy strategy)
            throws SQLException {
        execute(c, "CREATE DATABASE " + quote(target) + " TEMPLATE " + quote(template) + " STRATEGY "
                + strategy.name() + " OWNER " + quote(owner));
    }

    /** Marks {@code template} as one: no session may connect, so copying from it never waits or fails. */
    static void sealTemplate(Connection c, String template) throws SQLException {
        execute(c, "ALTER DATABASE " + quote(template) + " IS_TEMPLATE true ALLOW_CONNECTIONS false");
    }

    /** Drops {@code database} (a template too), ending its sessions; nothing when it is not there. */
    static void drop(Connection c, String database) throws SQLException {
        if (!exists(c, database)) {
            return;
        }
        execute(c, "ALTER DATABASE " + quote(database) + " IS_TEMPLATE false");
        execute(c, "DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
    }

    /**
     * Drops {@code copy}, a database made from a template (never one itself), ending its sessions; nothing when it
     * is not there. One round trip, as a pool drops a copy after every test.
     */
    static void dropCopy(Connection c, String copy) throws SQLException {
        execute(c, "DROP DATABASE IF EXISTS " + quote(copy) + " WITH (FORCE)");
    }

    /**
     * Plans (never runs) a query over every table and view the connection's role may read (its schema and the
     * table), up to 200, in one round trip: the backend opens each relation and its indexes, so a test's first
     * statements on a fresh copy find the catalog caches warm instead of filling them on its critical path.
     */
    static void warmCatalog(Connection c) throws SQLException {
        execute(c, """
                DO $warm$
                DECLARE q text;
                BEGIN
                  SELECT string_agg(format('SELECT 1 FROM %s', r.oid::regclass), ' UNION ALL ') INTO q
                    FROM (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE c.relkind IN ('r', 'p', 'v', 'm')
                             AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
                             AND has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')
                           ORDER BY c.oid LIMIT 200) r;
                  IF q IS NOT NULL THEN
                    EXECUTE 'EXPLAIN ' || q;
                  END IF;
                END
                $warm$""");
    }

    static void comment(Connection c, String database, String comment) throws SQLException {
        execute(c, commentStatement(c, database, comment));
    }

    static String commentStatement(Connection c, String database, String comment) throws SQLException {
        return "COMMENT ON DATABASE " + quote(database) + " IS " + literal(c, comment);
    }

    /** {@code value} as an SQL string literal, escaped by the driver for the connection's string syntax. */
    private static String literal(Connection c, String value) throws SQLException {
        boolean standard = c.unwrap(BaseConnection.class).getStandardConformingStrings();
        return "'" + Utils.escapeLiteral(null, value, standard) + "'";
    }

    /**
     * Per-database settings of {@code database} ({@code ALTER ROLE r IN DATABASE d SET ...}, {@code ALTER
     * DATABASE d SET ...}): kept in pg_db_role_setting by database oid, so a copy does not get them by itself.
     * The example schema preloads AGE for its owner that way.
     */
    static List<Setting> settings(Connection c, String database) throws SQLException {
        List<Setting> settings = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.rolname, unnest(s.setconfig) FROM pg_db_role_setting s"
                + " JOIN pg_database d ON d.oid = s.setdatabase LEFT JOIN pg_roles r ON r.oid = s.setrole"
                + " WHERE d.datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String entry = rs.getString(2);
                    int eq = entry.indexOf('=');
                    settings.add(new Setting(Optional.ofNullable(rs.getString(1)), entry.substring(0, eq),
                            entry.substring(eq + 1)));
                }
            }
        }
        return settings;
    }

    static void apply(Connection c, String database, List<Setting> settings) throws SQLException {
        executeAll(c, settingStatements(c, database, settings));
    }

    static List<String> settingStatements(Connection c, String database, List<Setting> settings) throws SQLException {
        List<String> statements = new ArrayList<>();
        for (Setting setting : settings) {
            String target = setting.role().map(r -> "ROLE " + quote(r) + " IN DATABASE ").orElse("DATABASE ");
            statements.add("ALTER " + target + quote(database) + " SET " + setting.name() + " = " + value(c, setting.value()));
        }
        return statements;
    }

    /**
     * Runs {@code statements} in one round trip (one implicit transaction: none may be {@code CREATE} or {@code
     * DROP DATABASE}); nothing when there are none.
     */
    static void executeAll(Connection c, List<String> statements) throws SQLException {
        if (!statements.isEmpty()) {
            execute(c, String.join(";\n", statements));
        }
    }

    /**
     * The catalog keeps a list setting flattened ({@code "$user", public, ag_catalog}): written back as it is it
     * parses into the same list, while quoted it would be one element. A single value is quoted (a number
     * with a unit, {@code 64MB}, does not parse bare).
     */
    private static String value(Connection c, String value) throws SQLException {
        if (value.contains(",") || value.contains("\"")) {
            return value;
        }
        return literal(c, value);
    }

    /** The databases poststack copied, with what their comments say. */
    static List<CopyInfo> copies(Connection c) throws SQLException {
        List<CopyInfo> copies = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT datname,"
                + " shobj_description(oid, 'pg_database') FROM pg_database ORDER BY datname")) {
            while (rs.next()) {
                String comment = rs.getString(2);
                Matcher m = comment == null ? null : COPY_COMMENT.matcher(comment);
                if (m != null && m.matches()) {
                    copies.add(new CopyInfo(rs.getString(1), m.group(1),
                            m.group(2) == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(2))),
                            m.group(3) != null));
                }
            }
        }
        return copies;
    }

    static String copyComment(String source, OptionalLong pid, boolean kept) {
        return COPY_MARK + source + (pid.isPresent() ? "; pid " + pid.getAsLong() : "") + (kept ? "; kept" : "");
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
