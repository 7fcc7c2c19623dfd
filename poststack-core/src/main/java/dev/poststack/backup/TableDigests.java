package dev.poststack.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every ordinary table of a database holds, as a row count and an MD5 digest of all its rows' text in
 * order, read in one REPEATABLE READ transaction so that all tables are seen at one instant.
 */
final class TableDigests {

    /** A table's content in short: equal digests of equal counts mean equal rows. */
    record Digest(long rows, String md5) {
    }

    private TableDigests() {
    }

    /** The tables' digests in the transaction {@code connection} is in (auto-commit off, repeatable read). */
    static Map<String, Digest> read(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select format('%I.%I', n.nspname, c.relname) from pg_class c"
                     + " join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p')"
                     + " and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'"
                     + " and n.nspname not like 'pg_temp%' order by 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, Digest> digests = new LinkedHashMap<>();
        for (String table : tables) {
            // Row text in the collation-free byte order, so both servers sort alike whatever the locale.
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("select count(*), coalesce(md5(string_agg(r, E'\\n' order by r collate \"C\")), '')"
                         + " from (select t::text as r from " + table + " t) rows")) {
                rs.next();
                digests.put(table, new Digest(rs.getLong(1), rs.getString(2)));
            }
        }
        return digests;
    }
}
