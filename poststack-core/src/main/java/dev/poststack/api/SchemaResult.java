package dev.poststack.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a schema run ended.
 *
 * @param database        the application database
 * @param createdDatabase whether the database was created by this run
 * @param createdOwner    whether the owner role was created by this run
 * @param applied         changesets applied by this run, in order
 * @param pending         changesets still pending afterwards (only for a dry run or status: an update
 *                        applies all or fails)
 * @param liquibaseRan    false when nothing could be pending (the changelogs image and the database's
 *                        changelog table are as they were after the last successful run), so Liquibase was
 *                        not started
 * @param sql             for a dry run, the SQL Liquibase would run
 * @param took            the whole run
 */
public record SchemaResult(String database, boolean createdDatabase, boolean createdOwner, List<ChangeSet> applied,
                           List<ChangeSet> pending, boolean liquibaseRan, Optional<String> sql, Duration took) {

    public SchemaResult {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
    }
}
