package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A PostgreSQL extension is available to the database; with a version, offered (default_version) or
 * installed at that version.
 */
record ExtensionProbe(CheckSpec.Extension spec) implements DatabaseProbe {

    private static final String QUERY =
            "select default_version, installed_version from pg_available_extensions where name = ?";

    @Override
    public Optional<String> database() {
        return spec.database();
    }

    @Override
    public Observation ask(Connection connection, String database) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setString(1, spec.name());
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Observation.failed("extension " + spec.name() + " is not available in database " + database);
                }
                String defaultVersion = rows.getString(1);
                String installedVersion = rows.getString(2);
                String seen = "default_version " + orNone(defaultVersion) + ", installed_version " + orNone(installedVersion);
                boolean versionMatches = spec.version()
                        .map(v -> v.equals(defaultVersion) || v.equals(installedVersion)).orElse(true);
                return versionMatches ? Observation.passed(seen) : Observation.failed(seen);
            }
        }
    }

    private static String orNone(String version) {
        return version == null ? "none" : version;
    }

    @Override
    public String expected() {
        return "extension " + spec.name() + " available" + spec.version().map(v -> " at version " + v).orElse("");
    }

    @Override
    public String describe() {
        return "extension " + spec.name() + spec.version().map(v -> " " + v).orElse("") + DatabaseProbe.onDatabase(database());
    }
}
