package dev.poststack.it;

import dev.poststack.api.DatabaseAccess;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** JDBC shorthands for the integration tests: connect as a {@link DatabaseAccess} says, read a value or rows. */
final class Sql {

    private Sql() {
    }

    /** A connection as {@code access} describes it, giving up after 5 s. */
    static Connection connect(DatabaseAccess access) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", access.user());
        props.setProperty("password", access.password());
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(access.jdbcUrl(), props);
    }

    /** The first column of the first row; the query must return a row. */
    static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getString(1);
        }
    }

    /** Every row's columns joined by '|', rows joined by newlines. */
    static String rows(Statement s, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
