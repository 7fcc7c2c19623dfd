package dev.poststack.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Push and pull against a real registry (Debian's docker-registry, distribution 2.8) on 127.0.0.1 with TLS from a
 * CA made by the test and basic auth: a tiny manifest (the catalog's base-debian and a small Jib image) is pushed,
 * pushed again (nothing sent), used from the registry by a second project after the local images are gone, refused
 * with a wrong password, and cut off mid-push.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRegistry registry;
    private static String namespace;
    private static Path project;
    private static Path dockerConfig;
    private static final Map<String, String> pushedDigest = new HashMap<>();

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalRegistry.start();
        namespace = "psreg-" + UUID.randomUUID().toString().substring(0, 8);
        project = Files.createTempDirectory("poststack-registry-it");
        Files.createDirectories(project.resolve("app"));
        Files.writeString(project.resolve("app/hello.txt"), "hello from the registry\n");
        Files.writeString(project.resolve("images.yaml"), String.join("\n",
                "version: 1",
                "defaults:",
                "  namespace: " + namespace,
                "  registry: " + registry.host(),
                "images:",
                "  base-debian: {catalog: base-debian}",
                "  hello:",
                "    jib:",
                "      from: base-debian",
                "      layers:",
                "        - {name: app, files: app, into: /app}",
                "      entrypoint: [cat, /app/hello.txt]", ""));
        dockerConfig = registry.dockerConfig(LocalRegistry.USER, registry.password());
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        try (EngineFixture engine = new EngineFixture()) {
            engine.removeImages(namespace);
            engine.docker().listImagesCmd().exec().forEach(image -> {
                if (image.getRepoTags() != null) {
                    for (String tag : image.getRepoTags()) {
                        if (tag.contains("/" + namespace + "/")) {
                            engine.docker().removeImageCmd(tag).exec();
                        }
                    }
                }
            });
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
    }

    private static Cli cli(Path dir) {
        return Cli.in(dir).withEnv(Map.of("DOCKER_CONFIG", dockerConfig.toString()));
    }

    private static JsonNode report(Path dir) throws Exception {
        return JSON.readTree(Files.readString(dir.resolve("logs/build-report.json"), StandardCharsets.UTF_8));
    }

    private static JsonNode image(JsonNode report, String name) {
        for (JsonNode image : report.get("images")) {
            if (image.get("name").asText().equals(name)) {
                return image;
            }
        }
        throw new AssertionError("no image " + name + " in " + report);
    }

    @Test
    @Order(1)
    void pushesEveryImageThenSendsNoLayerTheSecondTime() throws Exception {
        Cli.Run first = cli(project).run("push");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).doesNotContain(registry.password());
        JsonNode report = report(project);
        for (String name : new String[]{"base-debian", "hello"}) {
            JsonNode push = image(report, name).get("push");
            assertThat(push.get("error").isNull()).as(push.toString()).isTrue();
            String digest = push.get("digest").asText();
            assertThat(digest).matches("sha256:[0-9a-f]{64}");
            pushedDigest.put(name, digest);
            // The registry serves the manifest by that digest, and the tag names the same one.
            var byDigest = registry.get("/v2/" + namespace + "/" + name + "/manifests/" + digest);
            assertThat(byDigest.statusCode()).as(byDigest.body()).isEqualTo(200);
            var byTag = registry.get("/v2/" + namespace + "/" + name + "/manifests/latest");
            assertThat(byTag.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        }
        // base-debian went from the engine; hello's parent layer was already there (mounted), its own layer sent.
        assertThat(image(report, "base-debian").get("push").get("bytesSent").asLong()).isPositive();
        JsonNode hello = image(report, "hello").get("push");
        assertThat(hello.get("bytesSkipped").asLong())
                .isEqualTo(image(report, "base-debian").get("push").get("bytesSent").asLong()
                        - configSize("base-debian"));
        assertThat(hello.get("blobsSent").asInt()).as(hello.toString()).isEqualTo(2);

        Cli.Run second = cli(project).run("build-images", "--push");
        assertThat(second.exitCode()).as(second.output()).isZero();
        JsonNode again = report(project);
        for (String name : new String[]{"base-debian", "hello"}) {
            JsonNode push = image(again, name).get("push");
            assertThat(push.get("bytesSent").asLong()).as(name + ": " + push).isZero();
            assertThat(push.get("blobsSent").asInt()).as(name + ": " + push).isZero();
            assertThat(push.get("bytesSkipped").asLong()).isPositive();
            assertThat(push.get("digest").asText()).isEqualTo(pushedDigest.get(name));
        }
        assertThat(second.output()).contains("push: 0.0 MB sent");
    }

    private static long configSize(String name) throws Exception {
        JsonNode manifest = JSON.readTree(registry.get("/v2/" + namespace + "/" + name + "/manifests/"
                + pushedDigest.get(name)).body());
        return manifest.get("config").get("size").asLong();
    }

    @Test
    @Order(2)
    void buildsChildrenFromThePushedImagesAfterTheLocalOnesAreGone() throws Exception {
        try (EngineFixture engine = new EngineFixture()) {
            engine.removeImages(namespace);
            for (String name : new String[]{"base-debian", "hello"}) {
                String repository = registry.host() + "/" + namespace + "/" + name;
                for (String ref : new String[]{repository + ":latest", repository + "@" + pushedDigest.get(name)}) {
                    try {
                        engine.docker().removeImageCmd(ref).exec();
                    } catch (RuntimeException alreadyGone) {
                        // Untagging the tag may have removed the digest reference too.
                    }
                }
                assertThat(engine.imageId(repository + "@" + pushedDigest.get(name))).isEmpty();
            }
        }
        Path child = Files.createTempDirectory("poststack-registry-child");
        Files.createDirectories(child.resolve("greet"));
        String base = registry.host() + "/" + namespace + "/base-debian:latest";
        String hello = registry.host() + "/" + namespace + "/hello@" + pushedDigest.get("hello");
        Files.writeString(child.resolve("greet/Dockerfile"), "FROM " + base + "\nRUN echo greetings > /greeting\n");
        Files.createDirectories(child.resolve("more"));
        Files.writeString(child.resolve("more/more.txt"), "and more\n");
        Files.writeString(child.resolve("images.yaml"), String.join("\n",
                "version: 1",
                "defaults: {namespace: " + namespace + "-child}",
                "images:",
                "  greet: {dockerfile: {from: \"" + base + "\", context: greet}}",
                "  hello-more:",
                "    jib:",
                "      from: \"" + hello + "\"",
                "      layers: [{name: more, files: more, into: /more}]", ""));
        try {
            Cli.Run run = cli(child).run("build-images");
            assertThat(run.exitCode()).as(run.output()).isZero();
            JsonNode report = report(child);
            // The Dockerfile child's base was pulled (by digest) into the engine: its own node of the graph.
            JsonNode baseNode = image(report, base);
            assertThat(baseNode.get("status").asText()).isEqualTo("pulled");
            assertThat(baseNode.get("backend").asText()).isEqualTo("registry");
            assertThat(baseNode.get("fingerprint").asText()).endsWith("@" + pushedDigest.get("base-debian"));
            assertThat(image(report, "greet").get("status").asText()).isEqualTo("built");
            // The Jib child read its pinned base from the registry: the engine never got it.
            assertThat(image(report, hello).get("status").asText()).isEqualTo("cached");
            assertThat(image(report, "hello-more").get("status").asText()).isEqualTo("built");
            try (EngineFixture engine = new EngineFixture()) {
                assertThat(engine.imageId(hello)).isEmpty();
                assertThat(engine.imageId(registry.host() + "/" + namespace + "/base-debian@"
                        + pushedDigest.get("base-debian"))).isPresent();
            }

            // A pinned digest is never asked for again: with the registry down the build is a no-op.
            registry.kill();
            Files.writeString(child.resolve("images.yaml"), Files.readString(child.resolve("images.yaml"))
                    .replace("  greet: {dockerfile: {from: \"" + base + "\", context: greet}}\n", ""));
            Cli.Run pinned = cli(child).run("build-images");
            assertThat(pinned.exitCode()).as(pinned.output()).isZero();
            assertThat(image(report(child), "hello-more").get("status").asText()).isEqualTo("cached");
        } finally {
            registry.serve();
            try (EngineFixture engine = new EngineFixture()) {
                engine.removeImages(namespace + "-child");
            }
        }
    }

    @Test
    @Order(3)
    void aWrongPasswordIsRefusedBeforeAnythingIsPushed() throws Exception {
        Path wrong = registry.passwordFile("not-" + registry.password());
        Cli.Run run = Cli.in(project).withEnv(Map.of("POSTSTACK_REGISTRY_USER", LocalRegistry.USER,
                        "POSTSTACK_REGISTRY_PASSWORD_FILE", wrong.toString(),
                        "DOCKER_CONFIG", dockerConfig.toString()))
                .run("push", "--registry", registry.host() + "/refused");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
        assertThat(run.stderr()).contains("refused the credentials").contains(registry.host())
                .contains("POSTSTACK_REGISTRY_PASSWORD_FILE");
        assertThat(run.output()).doesNotContain("\tat ").doesNotContain(registry.password());
        assertThat(registry.get("/v2/_catalog").body()).doesNotContain("refused/");
    }

    @Test
    @Order(4)
    void aRegistryGoneMidPushFailsClearlyAndTheNextPushCompletes() throws Exception {
        // A layer of random bytes (incompressible), pushed through a relay slowed to 1 MB/s that is cut mid-upload.
        byte[] noise = new byte[6 << 20];
        new SecureRandom().nextBytes(noise);
        Files.createDirectories(project.resolve("noise"));
        Files.write(project.resolve("noise/noise.bin"), noise);
        Files.writeString(project.resolve("images.yaml"), Files.readString(project.resolve("images.yaml"))
                + "  noisy:\n    jib:\n      from: hello\n      layers: [{name: noise, files: noise, into: /noise}]\n");
        Cli.Run built = cli(project).run("build-images");
        assertThat(built.exitCode()).as(built.output()).isZero();
        LocalRegistry.Relay relay = registry.relay(1_000_000);
        dockerConfig = registry.dockerConfig(LocalRegistry.USER, registry.password());
        Cli cli = cli(project);
        long start = System.nanoTime();
        Process push = cli.start("push", "--registry", relay.host());
        long before = -1;
        while (push.isAlive()) {
            // base-debian and hello are there already: only a few kB go up until noisy's layer does.
            if (relay.uploaded() > 1_500_000) {
                before = relay.uploaded();
                relay.cut();
                break;
            }
            Thread.sleep(20);
        }
        assertThat(push.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        Cli.Run cut = cli.finished(push, start);
        assertThat(before).as("the relay was cut mid-push: " + cut.output()).isPositive();
        assertThat(cut.exitCode()).as(cut.output()).isEqualTo(1);
        assertThat(cut.stderr()).contains("push of noisy to " + relay.host() + "/" + namespace + "/noisy:latest failed");
        assertThat(cut.output()).doesNotContain("\tat ");
        JsonNode report = report(project);
        assertThat(image(report, "noisy").get("push").get("digest").isNull()).isTrue();
        assertThat(image(report, "hello").get("push").get("digest").asText()).isEqualTo(pushedDigest.get("hello"));
        assertThat(registry.get("/v2/" + namespace + "/noisy/manifests/latest").statusCode()).isEqualTo(404);

        try (LocalRegistry.Relay back = registry.reopen(relay)) {
            Cli.Run again = cli.run("push", "--registry", back.host());
            assertThat(again.exitCode()).as(again.output()).isZero();
            JsonNode noisy = image(report(project), "noisy").get("push");
            assertThat(noisy.get("bytesSent").asLong()).isGreaterThan(noise.length);
            assertThat(registry.get("/v2/" + namespace + "/noisy/manifests/latest")
                    .headers().firstValue("Docker-Content-Digest")).hasValue(noisy.get("digest").asText());
        }
    }
}
