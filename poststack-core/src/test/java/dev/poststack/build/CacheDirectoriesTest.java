package dev.poststack.build;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CacheDirectoriesTest {

    private static final Path HOME = Path.of("/home/u");

    @Test
    void usesXdgCacheHomeWhenAbsolute() {
        assertThat(CacheDirectories.root(Map.of("XDG_CACHE_HOME", "/var/cache/u"), HOME))
                .isEqualTo(Path.of("/var/cache/u/poststack"));
    }

    @Test
    void fallsBackToDotCacheWhenUnsetOrRelative() {
        assertThat(CacheDirectories.root(Map.of(), HOME)).isEqualTo(Path.of("/home/u/.cache/poststack"));
        assertThat(CacheDirectories.root(Map.of("XDG_CACHE_HOME", "rel"), HOME))
                .isEqualTo(Path.of("/home/u/.cache/poststack"));
    }
}
