package dev.poststack.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A restore drill: rows written, a full backup, more rows, a noted instant, more rows, a restore to that
 * instant beside the service, and every table compared with what it held at that instant.
 *
 * @param service  the database service drilled
 * @param database the database whose tables were compared
 * @param target   the instant restored to
 * @param backup   the full backup the drill made
 * @param tables   each table's comparison
 * @param took     the whole drill
 */
public record DrillResult(String service, String database, Instant target, String backup, List<Table> tables,
                          Duration took) {

    public DrillResult {
        tables = List.copyOf(tables);
    }

    /** Whether every table held exactly the same rows after the restore as at the instant. */
    public boolean passed() {
        return !tables.isEmpty() && tables.stream().allMatch(Table::same);
    }

    /**
     * @param name         schema-qualified
     * @param rowsAtTarget rows at the instant, on the service
     * @param rowsRestored rows in the restored copy
     * @param same         same rows with the same content (compared by a digest of every row, in order)
     */
    public record Table(String name, long rowsAtTarget, long rowsRestored, boolean same) {
    }
}
