package dev.poststack.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped images, built once per test JVM under their own namespace and removed when the JVM exits.
 * Test projects copied with {@link #project(Path, String)} find them cached, so a class that runs services
 * costs seconds instead of a build.
 */
final class SharedImages {

    private static String namespace;
    private static Path projectDir;

    private SharedImages() {
    }

    /**
     * The namespace, building every image of the shipped manifest under it on first use; or, when the
     * environment names one in {@code POSTSTACK_IT_NAMESPACE}, that namespace's images as they are (built
     * before with {@code build-images} from a manifest copy with that namespace, and kept), for a quick re-run on
     * a busy machine.
     */
    static synchronized String namespace() throws Exception {
        String reuse = System.getenv("POSTSTACK_IT_NAMESPACE");
        if (namespace == null && reuse != null && !reuse.isBlank()) {
            projectDir = Files.createTempDirectory("poststack-shared-images");
            TestProject.copyOfRepo(projectDir, reuse);
            namespace = reuse;
        }
        if (namespace == null) {
            String ns = "psit-" + UUID.randomUUID().toString().substring(0, 8);
            Path dir = Files.createTempDirectory("poststack-shared-images");
            Cli.Run run = TestProject.copyOfRepo(dir, ns).cli().run("build-images");
            assertThat(run.exitCode()).as(run.output()).isZero();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (EngineFixture engine = new EngineFixture()) {
                    engine.removeImages(ns);
                }
            }, "remove-shared-images"));
            namespace = ns;
            projectDir = dir;
        }
        return namespace;
    }

    /**
     * The manifest of the project copy the shared images were built from; for the extension and
     * Testcontainers ITs, whose stacks are named after the test JVM (not after this project).
     */
    static Path manifest() {
        try {
            namespace();
        } catch (Exception e) {
            throw new IllegalStateException("building the shared test images failed", e);
        }
        return projectDir.resolve("images.yaml");
    }

    /**
     * A copy of the shipped project using the shared images, whose containers, network and volumes are
     * named after {@code project} (POSTSTACK_PROJECT), apart from every other test's.
     */
    static StackProject project(Path dir, String project) throws Exception {
        return new StackProject(TestProject.copyOfRepo(dir, namespace()), project);
    }
}
