package dev.poststack.manifest;

/**
 * {@code database.upgrade}: how {@code poststack upgrade} moves the service's data from the major version its
 * volume was made with to the one its {@code image:} runs.
 *
 * @param fromImage the manifest image of the old major (the service's image before), which the service is started
 *                  on again when the upgrade fails
 * @param taskImage the manifest image holding both majors' binaries that pg_upgrade runs in (the catalog's
 *                  {@code postgres-upgrade})
 */
public record UpgradeSpec(String fromImage, String taskImage) {
}
