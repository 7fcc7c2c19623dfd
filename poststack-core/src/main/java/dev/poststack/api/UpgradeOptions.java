package dev.poststack.api;

import java.util.Optional;

/**
 * What {@code poststack upgrade} is asked: the major version to move to and, optionally, pg_upgrade's mode.
 *
 * <pre>{@code UpgradeOptions.to(18).withMode(UpgradeMode.LINK)}</pre>
 */
public final class UpgradeOptions {

    private final int toMajor;
    private final Optional<UpgradeMode> mode;

    private UpgradeOptions(int toMajor, Optional<UpgradeMode> mode) {
        this.toMajor = toMajor;
        this.mode = mode;
    }

    /** An upgrade to {@code major} (e.g. 18), in the mode poststack picks: clone where it can, else link. */
    public static UpgradeOptions to(int major) {
        return new UpgradeOptions(major, Optional.empty());
    }

    /** The same upgrade in pg_upgrade's {@code mode}. */
    public UpgradeOptions withMode(UpgradeMode mode) {
        return new UpgradeOptions(toMajor, Optional.of(mode));
    }

    public int toMajor() {
        return toMajor;
    }

    /** The mode asked for; empty: clone where the volume can, else link. */
    public Optional<UpgradeMode> mode() {
        return mode;
    }
}
