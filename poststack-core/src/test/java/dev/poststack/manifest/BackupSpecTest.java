package dev.poststack.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code database.backup}: what it adds to the service (repository volumes, cipher secret, the image's variables). */
class BackupSpecTest {

    @TempDir
    Path dir;

    @Test
    void defaultsGiveOneZstdRepositoryOnVolumeBackupAndArchivingVariables() throws Exception {
        ServiceSpec db = service("database: {password: db-password, backup: {}}");

        BackupSpec backup = db.database().orElseThrow().backup().orElseThrow();
        assertThat(backup).isEqualTo(new BackupSpec(java.util.List.of("backup"), 2, 7, Optional.empty(),
                BackupSpec.Compress.ZST, 2));
        assertThat(db.volumes()).containsEntry("pgdata", "/var/lib/postgresql/data")
                .containsEntry("backup", "/var/lib/pgbackrest");
        assertThat(db.env()).containsAllEntriesOf(Map.of("POSTGRES_BACKUP_STANZA", "db",
                "POSTGRES_BACKUP_REPOS", "/var/lib/pgbackrest", "POSTGRES_BACKUP_RETENTION_FULL", "2",
                "POSTGRES_BACKUP_RETENTION_DIFF", "7", "POSTGRES_BACKUP_COMPRESS", "zst"))
                .doesNotContainKey("POSTGRES_BACKUP_CIPHER_PASS_FILE");
    }

    @Test
    void secondRepositoryRetentionAndCipherPassAsASecretFile() throws Exception {
        ServiceSpec db = service("""
                database:
                  password: db-password
                  backup: {volume: repo-a, second-volume: repo-b, retention: {full: 3, diff: 4}, cipher-pass: cipher, compress: lz4}
                """);

        assertThat(db.volumes()).containsEntry("repo-a", "/var/lib/pgbackrest").containsEntry("repo-b", "/var/lib/pgbackrest2");
        assertThat(db.secrets()).as("the cipher pass joins the secrets placed in the container").containsExactly("cipher");
        assertThat(db.env()).containsEntry("POSTGRES_BACKUP_REPOS", "/var/lib/pgbackrest:/var/lib/pgbackrest2")
                .containsEntry("POSTGRES_BACKUP_RETENTION_FULL", "3").containsEntry("POSTGRES_BACKUP_RETENTION_DIFF", "4")
                .containsEntry("POSTGRES_BACKUP_COMPRESS", "lz4")
                // A path only: the pass itself travels as a secret file.
                .containsEntry("POSTGRES_BACKUP_CIPHER_PASS_FILE", "/run/secrets/cipher");
        assertThat(String.join(" ", db.env().values())).doesNotContain(Files.readString(dir.resolve("cipher.txt")).strip());
    }

    @Test
    void badValuesAreReportedWithTheirLines() throws Exception {
        assertThatThrownBy(() -> service("""
                database:
                  password: db-password
                  backup: {retention: {full: 0}, compress: brotli, cipher-pass: nope, volume: pgdata, colour: red}
                """)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("images.yaml:12:7: the backup repository")
                .hasMessageContaining("is not one of zst, lz4, gz, bz2, none")
                .hasMessageContaining("nope")
                .hasMessageContaining("collides with the service's volume `pgdata`")
                .hasMessageContaining("colour")
                .hasMessageContaining("full");
    }

    private ServiceSpec service(String body) throws Exception {
        Files.writeString(dir.resolve("cipher.txt"), "s3cret-cipher-pass-value\n");
        String yaml = """
                images:
                  postgres: {rootfs: {suite: trixie}}
                secrets:
                  db-password: {generate: 32}
                  cipher: {file: cipher.txt}
                services:
                  db:
                    image: postgres
                    volumes: {pgdata: /var/lib/postgresql/data}
                """ + body.indent(4);
        Manifest manifest = ManifestLoader.load(Files.writeString(dir.resolve("images.yaml"), yaml));
        return manifest.services().get("db");
    }
}
