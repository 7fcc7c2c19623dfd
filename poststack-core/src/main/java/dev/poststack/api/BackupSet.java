package dev.poststack.api;

import java.time.Instant;
import java.util.Optional;

/**
 * One backup in a service's pgBackRest repository, as {@code pgbackrest info} describes it.
 *
 * @param label           pgBackRest's label, e.g. {@code 20261202-054447F} (what {@code restore --set} takes)
 * @param type            full, differential or incremental
 * @param started         when the backup began
 * @param stopped         when it ended: the earliest moment a point-in-time restore from it can reach
 * @param databaseBytes   the cluster's size as backed up
 * @param repositoryBytes what this backup added to the repository (compressed, deduplicated against its prior)
 * @param walStart        the first WAL segment it needs
 * @param walStop         the last WAL segment it needs to be consistent
 * @param prior           the backup it is based on (differential and incremental backups)
 * @param repository      the repository holding it (1 or 2)
 */
public record BackupSet(String label, BackupType type, Instant started, Instant stopped, long databaseBytes,
                        long repositoryBytes, String walStart, String walStop, Optional<String> prior, int repository) {
}
