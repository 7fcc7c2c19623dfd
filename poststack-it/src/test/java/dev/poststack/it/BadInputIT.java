package dev.poststack.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad manifests and a missing engine give one clear message and an exit code, never a stack trace. */
class BadInputIT {

    /** No engine listens here, so any attempt to reach one would fail with exit code 3. */
    private static final Map<String, String> NO_ENGINE = Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock");

    @TempDir
    Path dir;

    /** A project with one build context {@code ctx/} holding {@code dockerfile}, and {@code manifest}. */
    private Cli project(String dockerfile, String manifest) throws Exception {
        Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(dir.resolve("ctx/Dockerfile"), dockerfile);
        Files.writeString(dir.resolve("images.yaml"), manifest);
        return Cli.in(dir).withEnv(NO_ENGINE);
    }

    @Test
    void cycleIsReportedWithoutReachingTheEngine() throws Exception {
        Cli.Run run = project("FROM a\n", """
                images:
                  a:
                    dockerfile: {from: b, context: ctx}
                  b:
                    dockerfile: {from: a, context: ctx}
                """).run("build-images");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.stderr()).contains("images.yaml:").containsAnyOf("a -> b -> a", "b -> a -> b")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void missingParentIsReportedWithFileLineAndFixWithoutReachingTheEngine() throws Exception {
        Cli.Run run = project("FROM base\n", """
                images:
                  app:
                    dockerfile:
                      from: bsae
                      context: ctx
                """).run("build-images");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.stderr()).contains("images.yaml:4:").contains("bsae").doesNotContain("\tat ");
    }

    @Test
    void engineThatDoesNotAnswerGivesOneSentenceOnHowToStartIt() throws Exception {
        Cli.Run run = project("FROM scratch\nCOPY Dockerfile /\n", """
                images:
                  app:
                    dockerfile: {context: ctx}
                """).run("build-images");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.stderr()).contains("does not answer").contains("dockerd").doesNotContain("\tat ");
    }

    @Test
    void unknownImageNameIsAnInputError() throws Exception {
        Cli.Run run = project("FROM scratch\n", """
                images:
                  app:
                    dockerfile: {context: ctx}
                """).run("build-images", "ap");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.stderr()).contains("no image named ap");
    }
}
