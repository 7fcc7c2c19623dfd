package dev.poststack.cli;

import dev.poststack.api.SchemaOptions;
import picocli.CommandLine.Option;

/** Options init-schema and update-schema share. */
final class SchemaOptionsMixin {

    @Option(names = "--dry-run", description = "Print the SQL that would run; change nothing.")
    boolean dryRun;

    @Option(names = "--contexts", paramLabel = "CONTEXTS", description = "Liquibase contexts, passed through.")
    String contexts;

    @Option(names = "--labels", paramLabel = "EXPRESSION", description = "A Liquibase label filter, passed through.")
    String labels;

    @Option(names = "--release-lock",
            description = "Release a Liquibase lock left behind by a killed run before updating.")
    boolean releaseLock;

    SchemaOptions options() {
        return SchemaOptions.defaults().dryRun(dryRun).contexts(contexts).labels(labels).releaseLock(releaseLock);
    }
}
