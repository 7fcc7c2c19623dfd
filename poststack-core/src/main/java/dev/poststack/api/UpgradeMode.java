package dev.poststack.api;

import java.util.Locale;

/** How pg_upgrade carries the data files into the new cluster ({@code --link}, {@code --clone}, {@code --copy}). */
public enum UpgradeMode {
    /** Hard links: seconds whatever the size; the old cluster must not run once the new one has. */
    LINK,
    /** Reflinks (copy on write) where the file system has them: as fast as links, the old cluster stays usable. */
    CLONE,
    /** Copies: the old cluster stays usable, costs the data's size in time and room. */
    COPY;

    /** As pg_upgrade's option and the command line write it: {@code link}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws PoststackException {@code INVALID_INPUT} naming the modes */
    public static UpgradeMode of(String text) {
        for (UpgradeMode mode : values()) {
            if (mode.text().equals(text)) {
                return mode;
            }
        }
        throw PoststackException.invalidInput("--mode `" + text + "` is not a pg_upgrade mode\nfix: use link, clone or"
                + " copy (default: clone where the volume's file system has reflinks, else link)");
    }
}
