package dev.poststack.api;

import java.util.Locale;

/** pgBackRest's backup types: a full copy, the changes since the last full, or since the last backup of any type. */
public enum BackupType {
    FULL, DIFF, INCR;

    /** As pgBackRest and the command line write it: {@code full}, {@code diff}, {@code incr}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
