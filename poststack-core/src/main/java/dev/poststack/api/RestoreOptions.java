package dev.poststack.api;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@code restore} restores and where: the latest backup and all archived WAL by default; a backup set, a
 * point in time or a WAL position when given; into the service's own volume, or beside it as a new service.
 *
 * @param set        the backup set's label ({@code --set})
 * @param targetTime recover up to this instant, then promote ({@code --target-time})
 * @param targetLsn  recover up to this WAL position, then promote ({@code --target-lsn})
 * @param to         restore into a new service of this name beside the running one ({@code --to})
 */
public record RestoreOptions(Optional<String> set, Optional<Instant> targetTime, Optional<String> targetLsn,
                             Optional<String> to) {

    public RestoreOptions {
        if (targetTime.isPresent() && targetLsn.isPresent()) {
            throw PoststackException.invalidInput("give one recovery target: --target-time or --target-lsn, not both");
        }
    }

    /** The latest backup, all archived WAL, into the service's own volume. */
    public static RestoreOptions latest() {
        return new RestoreOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public RestoreOptions withSet(String label) {
        return new RestoreOptions(Optional.of(label), targetTime, targetLsn, to);
    }

    public RestoreOptions withTargetTime(Instant time) {
        return new RestoreOptions(set, Optional.of(time), targetLsn, to);
    }

    public RestoreOptions withTargetLsn(String lsn) {
        return new RestoreOptions(set, targetTime, Optional.of(lsn), to);
    }

    public RestoreOptions to(String service) {
        return new RestoreOptions(set, targetTime, targetLsn, Optional.of(service));
    }
}
