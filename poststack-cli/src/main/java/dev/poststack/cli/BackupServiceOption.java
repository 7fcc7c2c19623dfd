package dev.poststack.cli;

import dev.poststack.Poststack;
import picocli.CommandLine.Option;

/** {@code --service}: the database service whose backups the backup commands work on. */
final class BackupServiceOption {

    @Option(names = "--service", paramLabel = "SERVICE", description = "The database service (default: the one with `database.backup`).")
    String service;

    /** The named service, else the manifest's one with {@code database.backup}. */
    String of(Poststack poststack) {
        return service != null ? service : poststack.backupService();
    }
}
