package dev.poststack.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code database.backup}: pgBackRest backups of a database service, into repositories on named volumes.
 *
 * @param volumes          the repositories' named volumes: repo1, and repo2 when a second one is named
 * @param retentionFull    full backups expire keeps ({@code repo-retention-full})
 * @param retentionDiff    differential backups expire keeps ({@code repo-retention-diff})
 * @param cipherPassSecret the secret holding the repositories' cipher pass (aes-256-cbc), when encrypted
 * @param compress         pgBackRest's {@code compress-type}
 * @param processes        pgBackRest's {@code process-max}
 */
public record BackupSpec(List<String> volumes, int retentionFull, int retentionDiff,
                         Optional<String> cipherPassSecret, Compress compress, int processes) {

    /** Where repository {@code n} (from 1) is mounted in the database's container. */
    public static String repositoryPath(int n) {
        return n == 1 ? "/var/lib/pgbackrest" : "/var/lib/pgbackrest" + n;
    }

    public static final String DEFAULT_VOLUME = "backup";
    public static final int DEFAULT_RETENTION_FULL = 2;
    public static final int DEFAULT_RETENTION_DIFF = 7;
    public static final int DEFAULT_PROCESSES = 2;

    /** pgBackRest's compression types. */
    public enum Compress {
        ZST, LZ4, GZ, BZ2, NONE;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public BackupSpec {
        volumes = List.copyOf(volumes);
    }

    /** Each repository volume with its mount path, in repository order. */
    public Map<String, String> mounts() {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (int i = 0; i < volumes.size(); i++) {
            mounts.put(volumes.get(i), repositoryPath(i + 1));
        }
        return mounts;
    }

    /** The image's {@code POSTGRES_BACKUP_*} variables (paths and switches, never the cipher pass itself). */
    public Map<String, String> serverEnv(String stanza) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POSTGRES_BACKUP_STANZA", stanza);
        env.put("POSTGRES_BACKUP_REPOS", String.join(":", new ArrayList<>(mounts().values())));
        env.put("POSTGRES_BACKUP_RETENTION_FULL", String.valueOf(retentionFull));
        env.put("POSTGRES_BACKUP_RETENTION_DIFF", String.valueOf(retentionDiff));
        env.put("POSTGRES_BACKUP_COMPRESS", compress.text());
        env.put("POSTGRES_BACKUP_PROCESSES", String.valueOf(processes));
        cipherPassSecret.ifPresent(s -> env.put("POSTGRES_BACKUP_CIPHER_PASS_FILE", ServiceSpec.secretPath(s)));
        return env;
    }
}
