package dev.poststack.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poststack.api.BuildResult;
import dev.poststack.api.ImageResult;
import dev.poststack.api.ImageStatus;
import dev.poststack.manifest.DockerfileSpec;
import dev.poststack.manifest.ImageSpec;
import dev.poststack.manifest.Location;
import dev.poststack.manifest.SourceSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFingerprintTest {

    @TempDir
    Path dir;

    private String fingerprint(List<SourceSpec> sources, Optional<Path> sourceDir) throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM base\n");
        ImageSpec spec = new ImageSpec("app", new DockerfileSpec(Optional.of("base"), ctx, ctx.resolve("Dockerfile"),
                Map.of(), sources), null, Map.of(), Location.of(Path.of("images.yaml"), 1, 1));
        return Fingerprint.of(spec, dir, Map.of(), Optional.of("sha256:1"), sourceDir);
    }

    private static SourceSpec url(String sha) {
        return new SourceSpec("ext", Optional.of(URI.create("https://example.org/ext.tar.gz")), Optional.of(sha),
                Optional.empty());
    }

    @Test
    void countsTheChecksumOfAUrlSourceAndTheContentOfALocalOne() throws Exception {
        String none = fingerprint(List.of(), Optional.empty());
        String a = fingerprint(List.of(url("a".repeat(64))), Optional.empty());
        String b = fingerprint(List.of(url("b".repeat(64))), Optional.empty());
        assertThat(List.of(none, a, b)).doesNotHaveDuplicates();

        Path sources = Files.createDirectories(dir.resolve("offline"));
        Files.writeString(sources.resolve("ext.tar"), "one");
        String one = fingerprint(List.of(url("a".repeat(64))), Optional.of(sources));
        Files.writeString(sources.resolve("ext.tar"), "two");
        String two = fingerprint(List.of(url("a".repeat(64))), Optional.of(sources));
        assertThat(List.of(a, one, two)).doesNotHaveDuplicates();
        assertThat(fingerprint(List.of(url("a".repeat(64))), Optional.of(dir.resolve("empty")))).isEqualTo(a);
    }

    @Test
    void aRunWhoseOnlySkipsAreUnavailableSourcesSucceeds() {
        ImageResult built = new ImageResult("a", "p/a:latest", ImageStatus.BUILT, Optional.of("sha256:1"),
                Optional.empty());
        ImageResult unavailable = new ImageResult("b", "p/b:latest", ImageStatus.SKIPPED, Optional.empty(),
                Optional.of("source `x` is unavailable"), true);
        ImageResult otherSkip = new ImageResult("c", "p/c:latest", ImageStatus.SKIPPED, Optional.empty(),
                Optional.of("not built: its parent a failed"));
        ImageResult failed = new ImageResult("d", "p/d:latest", ImageStatus.FAILED, Optional.empty(),
                Optional.of("boom"));
        assertThat(new BuildResult(List.of(built, unavailable), Duration.ZERO).succeeded()).isTrue();
        assertThat(new BuildResult(List.of(built, unavailable, otherSkip), Duration.ZERO).succeeded()).isFalse();
        assertThat(new BuildResult(List.of(unavailable, failed), Duration.ZERO).succeeded()).isFalse();
    }
}
