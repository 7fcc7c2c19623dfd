package dev.poststack.clone;

/**
 * How PostgreSQL copies a template ({@code CREATE DATABASE ... STRATEGY}). Measured on the example schema
 * (bench/test-isolation.sh prints both): {@link DatabaseCopies.Builder#strategy} says which is the default where.
 */
public enum CopyStrategy {
    /** Block by block through the WAL (PostgreSQL 15+'s default): no checkpoint, cheap for small databases. */
    WAL_LOG,
    /** Whole files, with a checkpoint before and after: cheaper for big databases, costly under write load. */
    FILE_COPY
}
