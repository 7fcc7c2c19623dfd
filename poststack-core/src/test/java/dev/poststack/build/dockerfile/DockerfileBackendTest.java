package dev.poststack.build.dockerfile;

import dev.poststack.manifest.DockerfileSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DockerfileBackendTest {

    @TempDir
    Path context;

    @Test
    void labelsBecomeOneSortedQuotedInstruction() {
        assertThat(DockerfileBackend.labelInstruction(Map.of("b", "say \"hi\"", "a", "1")))
                .isEqualTo("\nLABEL \"a\"=\"1\" \"b\"=\"say \\\"hi\\\"\"\n");
        assertThat(DockerfileBackend.labelInstruction(Map.of())).isEmpty();
    }

    private DockerfileSpec spec(String from, String dockerfile) throws IOException {
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        return new DockerfileSpec(Optional.ofNullable(from), context, context.resolve("Dockerfile"), Map.of());
    }

    @Test
    void acceptsTheDeclaredParentStagesAndScratch() throws IOException {
        DockerfileSpec spec = spec("base", "FROM base AS b\nFROM b\nFROM scratch\n");
        assertThat(DockerfileBackend.check(spec, Set.of("base", "other"))).isEmpty();
    }

    @Test
    void rejectsAManifestImageThatIsNotTheDeclaredParentWithFileAndLine() throws IOException {
        DockerfileSpec spec = spec("base", "# comment\nFROM other\n");
        assertThat(DockerfileBackend.check(spec, Set.of("base", "other")))
                .singleElement().asString()
                .startsWith(context.resolve("Dockerfile") + ":2:")
                .contains("`FROM other`", "`from: base`", "set `from: other`");
    }

    @Test
    void rejectsADockerfileWithoutFrom() throws IOException {
        assertThat(DockerfileBackend.check(spec("base", "RUN true\n"), Set.of("base")))
                .singleElement().asString().contains(":1: no FROM instruction");
    }
}
