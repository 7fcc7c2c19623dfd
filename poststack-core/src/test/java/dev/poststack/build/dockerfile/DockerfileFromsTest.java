package dev.poststack.build.dockerfile;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DockerfileFromsTest {

    private static final String MULTI_STAGE = """
            # build stage
            FROM --platform=linux/amd64 postgres AS build
            RUN make \\
              FROM-not-an-instruction
            from build as tools
            FROM scratch
            FROM postgres
            COPY --from=build /out /
            """;

    @Test
    void findsEveryFromWithLineAndStage() {
        assertThat(DockerfileFroms.parse(MULTI_STAGE).froms()).containsExactly(
                new DockerfileFroms.From(2, "postgres", "build"),
                new DockerfileFroms.From(5, "build", "tools"),
                new DockerfileFroms.From(6, "scratch", null),
                new DockerfileFroms.From(7, "postgres", null));
    }

    @Test
    void externalImagesSkipStagesAndScratch() {
        assertThat(DockerfileFroms.parse(MULTI_STAGE).externalImages())
                .extracting(DockerfileFroms.From::line).containsExactly(2, 7);
    }

    @Test
    void pinsManifestImagesToExactIdsAndKeepsEverythingElse() {
        String pinned = DockerfileFroms.parse(MULTI_STAGE).pinned(Map.of("postgres", "sha256:abc"));
        assertThat(pinned.split("\n")).containsSubsequence(
                "FROM --platform=linux/amd64 sha256:abc AS build",
                "from build as tools",
                "FROM scratch",
                "FROM sha256:abc");
        assertThat(pinned.lines().count()).isEqualTo(MULTI_STAGE.lines().count());
    }
}
