package dev.poststack.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code database.logging}: the server settings it adds to the service (costly ones off unless asked for), its
 * problems with their lines, and the catalog's pgbadger image it brings into the manifest.
 */
class LoggingSpecTest {

    @TempDir
    Path dir;

    @Test
    void anEmptySectionLogsNoStatementsAndNoConnectionsButCheckpointsAndLockWaits() throws Exception {
        Manifest manifest = load("database: {password: db-password, logging: {}}");
        ServiceSpec db = manifest.services().get("db");

        assertThat(db.database().orElseThrow().logging()).contains(LoggingSpec.DEFAULTS);
        assertThat(db.env()).containsAllEntriesOf(Map.of(
                "POSTGRES_SETTING_log_min_duration_statement", "-1",
                "POSTGRES_SETTING_log_connections", "off",
                "POSTGRES_SETTING_log_disconnections", "off",
                "POSTGRES_SETTING_log_checkpoints", "on",
                "POSTGRES_SETTING_log_lock_waits", "on",
                "POSTGRES_SETTING_log_temp_files", "-1",
                "POSTGRES_SETTING_log_autovacuum_min_duration", "600000"));
    }

    @Test
    void slowStatementsConnectionsTempFilesAndEveryAutovacuumRun() throws Exception {
        ServiceSpec db = load("""
                database:
                  password: db-password
                  logging: {statements: slow, min-duration: 1s500ms, connections: true, checkpoints: false,
                            lock-waits: false, temp-files: true, autovacuum: true}
                """).services().get("db");

        assertThat(db.database().orElseThrow().logging()).contains(new LoggingSpec(LoggingSpec.Statements.SLOW,
                Duration.ofMillis(1500), true, false, false, true, Optional.of(Duration.ZERO)));
        assertThat(db.env()).containsEntry("POSTGRES_SETTING_log_min_duration_statement", "1500")
                .containsEntry("POSTGRES_SETTING_log_connections", "on")
                .containsEntry("POSTGRES_SETTING_log_disconnections", "on")
                .containsEntry("POSTGRES_SETTING_log_checkpoints", "off")
                .containsEntry("POSTGRES_SETTING_log_lock_waits", "off")
                .containsEntry("POSTGRES_SETTING_log_temp_files", "0")
                .containsEntry("POSTGRES_SETTING_log_autovacuum_min_duration", "0");
    }

    @Test
    void slowDefaultsTo250msAllLogsEveryStatementAndAutovacuumCanBeOff() throws Exception {
        assertThat(load("database: {password: db-password, logging: {statements: slow}}").services().get("db").env())
                .containsEntry("POSTGRES_SETTING_log_min_duration_statement", "250");
        assertThat(load("database: {password: db-password, logging: {statements: all, autovacuum: false}}")
                .services().get("db").env()).containsEntry("POSTGRES_SETTING_log_min_duration_statement", "0")
                .containsEntry("POSTGRES_SETTING_log_autovacuum_min_duration", "-1");
        assertThat(load("database: {password: db-password, logging: {autovacuum: 2m}}").services().get("db").env())
                .containsEntry("POSTGRES_SETTING_log_autovacuum_min_duration", "120000");
    }

    @Test
    void withoutTheSectionNothingIsSetAndNoReportImageIsAdded() throws Exception {
        Manifest manifest = load("database: {password: db-password}");

        assertThat(manifest.services().get("db").env()).noneSatisfy((k, v) -> assertThat(k).startsWith("POSTGRES_SETTING_log"));
        assertThat(manifest.images()).doesNotContainKey("pgbadger");
    }

    @Test
    void aServiceThatLogsBringsTheCatalogsPgbadgerImageOnItsCatalogBase() throws Exception {
        Manifest manifest = load("database: {password: db-password, logging: {statements: slow}}");

        ImageSpec pgbadger = manifest.images().get("pgbadger");
        assertThat(pgbadger).isNotNull();
        assertThat(pgbadger.parent()).contains("base-debian");
        assertThat(manifest.images()).containsKey("base-debian");
        assertThat(manifest.referenceOf("pgbadger")).isEqualTo("poststack/pgbadger:latest");
    }

    @Test
    void aPgbadgerImageTheManifestDeclaresIsKept() throws Exception {
        Manifest manifest = load("database: {password: db-password, logging: {}}",
                "  pgbadger: {rootfs: {suite: trixie}}\n");

        assertThat(manifest.images().get("pgbadger").parent()).isEmpty();
    }

    @Test
    void badValuesAreReportedWithTheirLinesAllAtOnce() {
        assertThatThrownBy(() -> load("""
                env: {POSTGRES_SETTING_log_lock_waits: "on"}
                database:
                  password: db-password
                  logging:
                    statements: some
                    min-duration: 10
                    connections: yes
                    autovacuum: sometimes
                    colour: red
                """)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("images.yaml:13:21: `services.db.database.logging.statements` `some` is not one of"
                        + " none, slow, all")
                .hasMessageContaining("images.yaml:14:23: `services.db.database.logging.min-duration` `10` has no unit")
                .hasMessageContaining("images.yaml:15:22: `services.db.database.logging.connections` `yes` is not true or false")
                .hasMessageContaining("images.yaml:16:21: `services.db.database.logging.autovacuum` `sometimes` is neither"
                        + " true, false nor a duration")
                .hasMessageContaining("colour")
                .hasMessageContaining("images.yaml:12:7: `services.db.database.logging` sets POSTGRES_SETTING_log_lock_waits, and the service's `env` sets it too");
    }

    @Test
    void aMinimumDurationNextToStatementsThatAreNotSlowIsAProblem() {
        assertThatThrownBy(() -> load("database: {password: db-password, logging: {statements: all, min-duration: 1s}}"))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("`services.db.database.logging.min-duration` applies to `statements: slow` only,"
                        + " and the statements logged are `all`")
                .hasMessageContaining("write statements: slow next to it, or remove min-duration");
    }

    private Manifest load(String body) throws Exception {
        return load(body, "");
    }

    private Manifest load(String body, String moreImages) throws Exception {
        String yaml = """
                images:
                  base-debian: {catalog: base-debian}
                  postgres: {catalog: postgres}
                """ + moreImages + """
                secrets:
                  db-password: {generate: 32}
                services:
                  db:
                    image: postgres
                """ + body.indent(4);
        return ManifestLoader.load(Files.writeString(dir.resolve("images.yaml"), yaml));
    }
}
