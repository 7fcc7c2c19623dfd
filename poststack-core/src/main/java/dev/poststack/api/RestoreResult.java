package dev.poststack.api;

import java.time.Duration;

/**
 * What a {@code restore} did.
 *
 * @param service       the service restored into (the service itself, or the new one of {@code --to})
 * @param from          the service whose backups were restored
 * @param set           the backup set restored (pgBackRest picks the latest one before a target time)
 * @param restoreTook   pgBackRest's restore of the files
 * @param recoveryTook  from the server's start until it had replayed the WAL, been promoted and passed its checks
 * @param checksPassed  the service's health and verify checks that passed after the restore
 * @param database      how to reach the restored server
 */
public record RestoreResult(String service, String from, String set, Duration restoreTook, Duration recoveryTook,
                            int checksPassed, DatabaseAccess database) {
}
