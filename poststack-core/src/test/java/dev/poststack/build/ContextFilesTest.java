package dev.poststack.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ContextFilesTest {

    @TempDir
    Path ctx;

    private void write(String relative, String content) throws IOException {
        Path path = ctx.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private java.util.List<String> sent() throws IOException {
        return ContextFiles.of(ctx).list(ctx.resolve("Dockerfile")).stream()
                .map(p -> ctx.relativize(p).toString()).toList();
    }

    @Test
    void withoutDockerignoreEverythingIsSentInOrder() throws IOException {
        write("Dockerfile", "FROM base\n");
        write("b/x.sh", "");
        write("a.conf", "");
        assertThat(sent()).containsExactly("Dockerfile", "a.conf", "b", "b/x.sh");
    }

    @Test
    void excludesFoldersAndGlobsAndTakesExceptionsBack() throws IOException {
        write("Dockerfile", "FROM base\n");
        write(".dockerignore", "# build output\n/target\n*.log\ndocs/\n!docs/keep.md\n");
        write("target/app.jar", "");
        write("debug.log", "");
        write("docs/notes.md", "");
        write("docs/keep.md", "");
        write("src/main.c", "");
        assertThat(sent()).containsExactly(".dockerignore", "Dockerfile", "docs/keep.md", "src", "src/main.c")
                .doesNotContain("target/app.jar", "debug.log", "docs/notes.md");
    }

    @Test
    void theDockerfileIsSentEvenWhenAPatternMatchesIt() throws IOException {
        write("Dockerfile", "FROM base\n");
        write(".dockerignore", "*\n");
        assertThat(sent()).containsExactly(".dockerignore", "Dockerfile");
    }

    @Test
    void anIgnoredFileDoesNotChangeTheFingerprint() throws IOException {
        write("Dockerfile", "FROM base\n");
        write(".dockerignore", "*.log\n");
        write("debug.log", "one");
        var spec = TestManifests.dockerfile("app", "base", ctx);
        String before = Fingerprint.of(spec, ctx, Map.of(), Optional.of("sha256:1"));
        write("debug.log", "two");
        assertThat(Fingerprint.of(spec, ctx, Map.of(), Optional.of("sha256:1")))
                .isEqualTo(before);
        write("app.conf", "new");
        assertThat(Fingerprint.of(spec, ctx, Map.of(), Optional.of("sha256:1")))
                .isNotEqualTo(before);
    }
}
