package dev.poststack.build.maven;

import dev.poststack.manifest.MavenCoordinate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResolutionCacheTest {

    private static final List<List<MavenCoordinate>> GROUPS = List.of(List.of(MavenCoordinate.parse("a:b:1")));

    @Test
    void returnsWhatWasStoredWhileFilesAreUnchanged(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("b-1.jar"), "jar");
        var resolved = List.of(List.of(new ResolvedArtifact("a:b:jar:1", jar, 3)));
        ResolutionCache cache = new ResolutionCache(dir.resolve("cache"));

        cache.put(GROUPS, resolved);

        assertThat(cache.get(GROUPS)).contains(resolved);
        assertThat(dir.resolve("cache").resolve(ResolutionCache.key(GROUPS) + ".json")).exists();
    }

    @Test
    void missesWhenAFileChangedSizeOrVanished(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("b-1.jar"), "jar");
        ResolutionCache cache = new ResolutionCache(dir.resolve("cache"));
        cache.put(GROUPS, List.of(List.of(new ResolvedArtifact("a:b:jar:1", jar, 3))));

        Files.writeString(jar, "longer");
        assertThat(cache.get(GROUPS)).isEmpty();

        Files.delete(jar);
        assertThat(cache.get(GROUPS)).isEmpty();
    }

    @Test
    void keyDependsOnGroupBoundaries() {
        MavenCoordinate a = MavenCoordinate.parse("a:a:1");
        MavenCoordinate b = MavenCoordinate.parse("b:b:1");

        assertThat(ResolutionCache.key(List.of(List.of(a, b))))
                .isNotEqualTo(ResolutionCache.key(List.of(List.of(a), List.of(b))))
                .hasSize(64);
    }
}
