package dev.poststack.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pgBackRest end to end on the shipped postgres image, through the command line: a service with
 * {@code database.backup} (an encrypted repository) archives its WAL; a restore before any backup, to a time before
 * the first backup or after the newest WAL, or of an unknown set is refused before anything stops; the drill
 * restores to a noted instant beside the service and finds every table as it was; an in-place point-in-time
 * restore gives back the rows of that instant, removes the old data and passes the service's checks.
 */
class BackupRestoreIT {

    private static final String DATABASE = "database: {user: postgres, password: db-password, name: postgres}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void backupsDrillAndPointInTimeRestoreInPlace() throws Exception {
        try (StackProject project = SharedImages.project(dir, "psit-backup-" + UUID.randomUUID().toString().substring(0, 8))) {
            project.files().editManifest(DATABASE, "database: {user: postgres, password: db-password, name: postgres,"
                    + " backup: {retention: {full: 2, diff: 7}, cipher-pass: backup-cipher}}")
                    .editManifest("  app-password: {generate: 32}", "  app-password: {generate: 32}\n  backup-cipher: {generate: 32}");
            Cli.Run up = project.run("up", "db");
            assertThat(up.exitCode()).as(up.output()).isZero();

            Cli.Run none = project.run("restore");
            assertThat(none.exitCode()).as(none.output()).isEqualTo(2);
            assertThat(none.stderr()).contains("has no backup to restore yet", "poststack backup");

            Cli.Run drill = project.run("drill", "--json");
            assertThat(drill.exitCode()).as(drill.output()).isZero();
            JsonNode drilled = JSON.readTree(drill.stdout());
            assertThat(drilled.path("passed").asBoolean()).isTrue();
            JsonNode drillTable = null;
            for (JsonNode table : drilled.path("tables")) {
                assertThat(table.path("same").asBoolean()).as(table.toString()).isTrue();
                if (table.path("table").asText().equals("public.poststack_drill")) {
                    drillTable = table;
                }
            }
            // Batches 1 and 2 were there at the instant, batch 3 came after it.
            assertThat(drillTable).isNotNull();
            assertThat(drillTable.path("rowsAtTarget").asLong()).isEqualTo(2000);
            assertThat(drillTable.path("rowsRestored").asLong()).isEqualTo(2000);
            assertThat(project.containers()).noneMatch(c -> c.getNames()[0].endsWith("-db-drill"));

            // A service restored beside, left running when the command ends: its output was being followed, and the
            // copy stops before the engine connection closes (a cut stream was logged as an error with its trace).
            Cli.Run beside = project.run("restore", "--to", "db-beside");
            assertThat(beside.exitCode()).as(beside.output()).isZero();
            assertThat(beside.output()).contains("db-beside: restored backup").doesNotContain("Error during callback")
                    .doesNotContain("\tat ");
            Cli.Run dropped = project.run("drop-restored", "db-beside");
            assertThat(dropped.exitCode()).as(dropped.output()).isZero();
            assertThat(project.containers()).noneMatch(c -> c.getNames()[0].endsWith("-db-beside"));

            Cli.Run backups = project.run("backups", "--json");
            assertThat(backups.exitCode()).as(backups.output()).isZero();
            JsonNode sets = JSON.readTree(backups.stdout()).path("backups");
            assertThat(sets).hasSize(1);
            String label = sets.get(0).path("label").asText();
            assertThat(sets.get(0).path("type").asText()).isEqualTo("full");

            Cli.Run before = project.run("restore", "--target-time", "2001-01-01T00:00:00Z");
            assertThat(before.exitCode()).as(before.output()).isEqualTo(2);
            assertThat(before.stderr()).contains("is before the first backup (" + label + ")");
            Cli.Run after = project.run("restore", "--target-time", "2999-01-01T00:00:00Z");
            assertThat(after.exitCode()).as(after.output()).isEqualTo(2);
            assertThat(after.stderr()).contains("is after the newest archived WAL");
            Cli.Run unknown = project.run("restore", "--set", "20010101-000000F");
            assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(2);
            assertThat(unknown.stderr()).contains("no backup set 20010101-000000F", label);

            String target;
            try (Connection c = project.connect("postgres", "postgres", "db-password"); Statement s = c.createStatement()) {
                s.execute("create table kept (id int primary key)");
                s.execute("insert into kept select generate_series(1, 500)");
                target = query(s, "select clock_timestamp()::text");
                s.execute("insert into kept select generate_series(501, 900)");
            }
            Cli.Run restore = project.run("restore", "--target-time", target, "--json");
            assertThat(restore.exitCode()).as(restore.output()).isZero();
            JsonNode restored = JSON.readTree(restore.stdout());
            assertThat(restored.path("set").asText()).isEqualTo(label);
            assertThat(restored.path("checksPassed").asInt()).isPositive();
            try (Connection c = project.connect("postgres", "postgres", "db-password"); Statement s = c.createStatement()) {
                assertThat(query(s, "select count(*)::text from kept")).isEqualTo("500");
                assertThat(query(s, "select pg_is_in_recovery()::text")).isEqualTo("false");
                assertThat(query(s, "select count(*)::text from pg_ls_dir('.') d where d = '.poststack-restore'"))
                        .as("the old data is removed once the restored server passed its checks").isEqualTo("0");
            }
            Cli.Run verify = project.run("verify-db");
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            // The cipher pass is in no container's environment.
            assertThat(String.join(" ", project.docker().inspectContainerCmd(project.containerId("db")).exec()
                    .getConfig().getEnv())).doesNotContain(project.secret("backup-cipher"))
                    .contains("POSTGRES_BACKUP_CIPHER_PASS_FILE=/run/secrets/backup-cipher");
        }
    }

    private static String query(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
