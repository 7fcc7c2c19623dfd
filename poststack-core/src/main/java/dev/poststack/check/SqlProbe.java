package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** A query answers; with {@code expect}, the first column of its first row, as text, equals it. */
record SqlProbe(CheckSpec.Sql spec) implements DatabaseProbe {

    @Override
    public Optional<String> database() {
        return spec.database();
    }

    /** A user's statement may change its session (a setting, a role, an open transaction). */
    @Override
    public boolean leavesSessionAlone() {
        return false;
    }

    @Override
    public Observation ask(Connection connection, String database) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            boolean returnsRows = statement.execute(spec.query());
            if (spec.expect().isEmpty()) {
                return Observation.passed("the query answered");
            }
            if (!returnsRows) {
                return Observation.failed("the statement returns no rows");
            }
            try (ResultSet rows = statement.getResultSet()) {
                if (!rows.next()) {
                    return Observation.failed("the query returned no rows");
                }
                String first = rows.getString(1);
                String seen = "first value " + (first == null ? "NULL" : Texts.quote(first));
                return spec.expect().get().equals(first) ? Observation.passed(seen) : Observation.failed(seen);
            }
        }
    }

    @Override
    public String expected() {
        return spec.expect().map(value -> "first value " + Texts.quote(value)).orElse("the query answers");
    }

    @Override
    public String describe() {
        return "sql: " + spec.query().strip() + DatabaseProbe.onDatabase(database());
    }
}
