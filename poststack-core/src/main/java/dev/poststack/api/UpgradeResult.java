package dev.poststack.api;

import java.time.Duration;
import java.util.List;

/**
 * What a {@code poststack upgrade} did.
 *
 * @param service            the database service upgraded
 * @param fromMajor          the major version its data had (e.g. 17)
 * @param toMajor            the major version it has now (e.g. 18)
 * @param mode               pg_upgrade's mode used
 * @param upgradeTook        the task container: pg_upgrade's check, initdb, pg_upgrade, the swap
 * @param downtime           from the service's stop until the upgraded server passed its checks
 * @param checksPassed       the service's health and verify checks that passed on the new major
 * @param extensionsUpdated  {@code database.extension from -> to} for each {@code ALTER EXTENSION ... UPDATE} run
 * @param extensionsKept     extensions left at their version, with why (no update path to the new default)
 * @param statisticsTook     {@code vacuumdb --all --analyze-in-stages --missing-stats-only} after the checks
 * @param database           how to reach the upgraded server
 */
public record UpgradeResult(String service, int fromMajor, int toMajor, UpgradeMode mode, Duration upgradeTook,
                            Duration downtime, int checksPassed, List<String> extensionsUpdated,
                            List<String> extensionsKept, Duration statisticsTook, DatabaseAccess database) {

    public UpgradeResult {
        extensionsUpdated = List.copyOf(extensionsUpdated);
        extensionsKept = List.copyOf(extensionsKept);
    }
}
