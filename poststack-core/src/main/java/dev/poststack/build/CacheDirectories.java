package dev.poststack.build;

import java.nio.file.Path;
import java.util.Map;

/** Where poststack keeps caches that outlive a run: {@code ${XDG_CACHE_HOME:-~/.cache}/poststack}. */
public final class CacheDirectories {

    private CacheDirectories() {
    }

    /** The cache root for the current user and environment. */
    public static Path root() {
        return root(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static Path root(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CACHE_HOME");
        // The XDG spec says a relative value is invalid and must be ignored.
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".cache");
        return base.resolve("poststack");
    }
}
