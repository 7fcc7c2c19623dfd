package dev.poststack.api;

import java.util.Optional;

/**
 * Options of a schema run.
 *
 * @param dryRun      print the SQL that would run instead of running it
 * @param contexts    Liquibase contexts ({@code --contexts}), passed through
 * @param labels      a Liquibase label expression ({@code --label-filter}), passed through
 * @param releaseLock release a Liquibase lock left by a killed run before updating
 */
public record SchemaOptions(boolean dryRun, Optional<String> contexts, Optional<String> labels, boolean releaseLock) {

    public static SchemaOptions defaults() {
        return new SchemaOptions(false, Optional.empty(), Optional.empty(), false);
    }

    public SchemaOptions dryRun(boolean value) {
        return new SchemaOptions(value, contexts, labels, releaseLock);
    }

    public SchemaOptions contexts(String value) {
        return new SchemaOptions(dryRun, Optional.ofNullable(value), labels, releaseLock);
    }

    public SchemaOptions labels(String value) {
        return new SchemaOptions(dryRun, contexts, Optional.ofNullable(value), releaseLock);
    }

    public SchemaOptions releaseLock(boolean value) {
        return new SchemaOptions(dryRun, contexts, labels, value);
    }
}
