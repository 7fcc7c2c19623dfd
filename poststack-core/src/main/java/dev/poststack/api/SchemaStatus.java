package dev.poststack.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The schema's state: what is applied, what is pending, and whether a Liquibase lock is held.
 *
 * @param database the application database
 * @param applied  changesets recorded in the database, in the order they ran
 * @param pending  changesets of the changelogs not yet applied, in changelog order
 * @param lock     who holds the Liquibase lock and since when, if anyone
 */
public record SchemaStatus(String database, List<Applied> applied, List<ChangeSet> pending, Optional<Lock> lock) {

    public SchemaStatus {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
    }

    public record Applied(ChangeSet changeSet, Instant at) {
    }

    public record Lock(String lockedBy, Instant since) {
    }
}
