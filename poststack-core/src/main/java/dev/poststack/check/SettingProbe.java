package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code SHOW name} answers exactly {@code value}. */
record SettingProbe(CheckSpec.Setting spec) implements DatabaseProbe {

    /** Setting names are identifiers, with dots for extensions' settings ({@code cron.database_name}). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)*");

    @Override
    public Optional<String> database() {
        return Optional.empty();
    }

    @Override
    public Observation ask(Connection connection, String database) throws SQLException {
        // SHOW takes no bind parameters: the name goes into the statement, so it must be a plain name.
        if (!NAME.matcher(spec.name()).matches()) {
            return Observation.failedForGood(Texts.quote(spec.name()) + " is not a setting name");
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW " + spec.name())) {
            rows.next();
            String value = rows.getString(1);
            String seen = spec.name() + " = " + (value == null ? "NULL" : Texts.quote(value));
            return spec.value().equals(value) ? Observation.passed(seen) : Observation.failed(seen);
        }
    }

    @Override
    public String expected() {
        return spec.name() + " = " + Texts.quote(spec.value());
    }

    @Override
    public String describe() {
        return "setting " + spec.name() + " = " + spec.value();
    }
}
