package dev.poststack.build.jib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.LoadImageCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import dev.poststack.api.BuildEvent;
import dev.poststack.api.CacheResult;
import dev.poststack.build.BuildJob;
import dev.poststack.build.ImageEvents;
import dev.poststack.build.maven.MavenResolver;
import dev.poststack.engine.Engine;
import dev.poststack.engine.Labels;
import dev.poststack.it.EngineFixture;
import dev.poststack.manifest.FilesLayerSpec;
import dev.poststack.manifest.ImageSpec;
import dev.poststack.manifest.JibSpec;
import dev.poststack.manifest.Location;
import dev.poststack.manifest.MavenCoordinate;
import dev.poststack.manifest.MavenLayerSpec;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds Jib images against the real engine, on a tiny base image imported from a tar made here (no registry
 * needed). Builds run in order: cold, warm with nothing changed, warm with one file changed, then without cache.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JibBackendIT {

    private static final String BASE = "poststack-it-jib/base:1";
    private static final String TARGET = "poststack-it-jib/app:it";

    @TempDir
    static Path dir;

    private Engine engine;
    private EngineFixture fixture;
    private DockerClient docker;
    private JibBackend backend;
    private Path config;
    private String baseId;
    private String firstId;
    private final Set<String> imageIds = new LinkedHashSet<>();

    @BeforeAll
    void createBaseImage() throws IOException {
        engine = Engine.connect();
        fixture = new EngineFixture();
        docker = fixture.docker();
        // A docker-save tarball, loaded; docker-java's import (createImageCmd with a stream) fails on this engine.
        docker.loadImageAsyncCmd(new ByteArrayInputStream(baseImageTarball())).exec(new LoadImageCallback())
                .awaitMessage();
        baseId = docker.inspectImageCmd(BASE).exec().getId();
        imageIds.add(baseId);
        backend = new JibBackend(new EngineDockerClient(engine.client()), MavenResolver.fromEnvironment(dir.resolve("maven")),
                dir.resolve("jib"));
        config = Files.createDirectories(dir.resolve("config/sub"));
        Files.writeString(dir.resolve("config/app.conf"), "port=8080\n");
        Files.writeString(config.resolve("extra.txt"), "extra\n");
        config = dir.resolve("config");
    }

    @AfterAll
    void removeImages() {
        for (String id : imageIds) {
            try {
                docker.removeImageCmd(id).withForce(true).exec();
            } catch (NotFoundException e) {
                // Already gone with an image that shared it.
            }
        }
        fixture.close();
        engine.close();
    }

    @Test
    @Order(1)
    void firstBuildBuildsEveryLayerAndAppliesTheSettings() throws Exception {
        List<BuildEvent> events = new CopyOnWriteArrayList<>();

        firstId = timed("first build", events, false);

        assertThat(layerResults(events)).containsExactly(Map.entry("libs", CacheResult.MISS),
                Map.entry("config", CacheResult.MISS));
        InspectImageResponse image = docker.inspectImageCmd(TARGET).exec();
        assertThat(image.getId()).isEqualTo(firstId);
        var settings = image.getConfig();
        assertThat(settings.getLabels()).containsEntry(Labels.MANAGED, "true").containsEntry("spec.label", "yes");
        assertThat(settings.getEntrypoint()).containsExactly("/app/run");
        assertThat(settings.getCmd()).containsExactly("--serve");
        assertThat(settings.getEnv()).contains("APP_MODE=test");
        assertThat(settings.getUser()).isEqualTo("1000:1000");
        assertThat(settings.getWorkingDir()).isEqualTo("/app");
        assertThat(settings.getExposedPorts()).contains(ExposedPort.tcp(8080));
    }

    @Test
    @Order(2)
    void layersHoldTheFilesWithModesAndOwners() throws Exception {
        Map<String, TarArchiveEntry> files = savedFiles(TARGET);

        assertThat(files).containsKeys("etc/os-release", "app/lib/slf4j-api-2.0.17.jar", "etc/app",
                "etc/app/app.conf", "etc/app/sub", "etc/app/sub/extra.txt");
        assertMode(files.get("app/lib/slf4j-api-2.0.17.jar"), 0644, 0);
        assertMode(files.get("etc/app"), 0750, 1000);
        assertMode(files.get("etc/app/sub"), 0750, 1000);
        assertMode(files.get("etc/app/app.conf"), 0640, 1000);
        assertMode(files.get("etc/app/sub/extra.txt"), 0640, 1000);
    }

    @Test
    @Order(3)
    void rebuildWithNothingChangedHitsEveryLayerAndGivesTheSameImage() throws Exception {
        List<BuildEvent> events = new CopyOnWriteArrayList<>();

        String id = timed("rebuild, nothing changed", events, false);

        assertThat(layerResults(events)).containsExactly(Map.entry("libs", CacheResult.HIT),
                Map.entry("config", CacheResult.HIT));
        assertThat(id).isEqualTo(firstId);
    }

    @Test
    @Order(4)
    void changingOneFileRebuildsOnlyItsLayer() throws Exception {
        Files.writeString(config.resolve("app.conf"), "port=9090\n");
        List<BuildEvent> events = new CopyOnWriteArrayList<>();

        String id = timed("rebuild, one file changed", events, false);

        assertThat(layerResults(events)).containsExactly(Map.entry("libs", CacheResult.HIT),
                Map.entry("config", CacheResult.MISS));
        assertThat(id).isNotEqualTo(firstId);
        assertThat(docker.inspectImageCmd(TARGET).exec().getId()).isEqualTo(id);
    }

    @Test
    @Order(5)
    void noCacheBuildsEveryLayerAndStillGivesTheSameImage() throws Exception {
        String current = docker.inspectImageCmd(TARGET).exec().getId();
        List<BuildEvent> events = new CopyOnWriteArrayList<>();

        String id = timed("rebuild, no cache", events, true);

        assertThat(layerResults(events)).containsExactly(Map.entry("libs", CacheResult.MISS),
                Map.entry("config", CacheResult.MISS));
        assertThat(id).as("layers and config are reproducible").isEqualTo(current);
        assertThat(events).anyMatch(BuildEvent.OutputLine.class::isInstance);
    }

    private BuildJob job(List<BuildEvent> events, boolean noCache) throws IOException {
        JibSpec spec = new JibSpec("base",
                List.of(new MavenLayerSpec("libs", List.of(MavenCoordinate.parse("org.slf4j:slf4j-api:2.0.17")),
                                "/app/lib"),
                        new FilesLayerSpec("config", config, "/etc/app", "640", "750", "1000:1000")),
                List.of("/app/run"), List.of("--serve"), Map.of("APP_MODE", "test"), Optional.of("1000:1000"),
                Optional.of("/app"), List.of("8080"), Map.of("spec.label", "yes"));
        ImageSpec image = new ImageSpec("app", spec, "it", Map.of(), Location.of(dir.resolve("images.yaml"), 1, 1));
        return new BuildJob(image, TARGET, Map.of(Labels.MANAGED, "true"),
                Optional.of(new BuildJob.ParentImage("base", BASE, baseId)), noCache,
                new ImageEvents("app", events::add, Clock.systemUTC()), dir.resolve("app.log"),
                Files.createDirectories(dir.resolve("work")));
    }

    /** Builds, and prints how long it took and what each layer reported, for the record. */
    private String timed(String what, List<BuildEvent> events, boolean noCache) throws Exception {
        long start = System.nanoTime();
        String id = backend.build(job(events, noCache));
        System.out.printf("JibBackendIT timing: %s took %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
        events.forEach(e -> {
            if (e instanceof BuildEvent.LayerFinished layer) {
                System.out.printf("JibBackendIT layer: %s %s %d ms%n", layer.layer(), layer.cache(),
                        layer.duration().toMillis());
            } else if (e instanceof BuildEvent.OutputLine line) {
                System.out.println("JibBackendIT output: " + line.line());
            }
        });
        imageIds.add(id);
        return id;
    }

    private static List<Map.Entry<String, CacheResult>> layerResults(List<BuildEvent> events) {
        return events.stream().filter(BuildEvent.LayerFinished.class::isInstance)
                .map(BuildEvent.LayerFinished.class::cast)
                .map(e -> Map.entry(e.layer(), e.cache()))
                .toList();
    }

    private static void assertMode(TarArchiveEntry entry, int mode, long owner) {
        assertThat(entry.getMode() & 07777).as(entry.getName() + " mode").isEqualTo(mode);
        assertThat(entry.getLongUserId()).as(entry.getName() + " uid").isEqualTo(owner);
        assertThat(entry.getLongGroupId()).as(entry.getName() + " gid").isEqualTo(owner);
    }

    /** Every file of the image's layers, by path without leading slash; later layers win. */
    private Map<String, TarArchiveEntry> savedFiles(String reference) throws IOException {
        Map<String, byte[]> archive = new HashMap<>();
        try (InputStream saved = docker.saveImageCmd(reference).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(saved)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                archive.put(e.getName(), tar.readAllBytes());
            }
        }
        JsonNode manifest = new ObjectMapper().readTree(archive.get("manifest.json")).get(0);
        Map<String, TarArchiveEntry> files = new HashMap<>();
        for (JsonNode layer : manifest.get("Layers")) {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new ByteArrayInputStream(archive.get(layer.asText())))) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    files.put(e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", ""), e);
                }
            }
        }
        return files;
    }

    /** A one-layer image in docker-save form: two folders and one file, enough to build on, no shell needed. */
    private static byte[] baseImageTarball() throws IOException {
        byte[] layer = baseRootfs();
        String diffId = "sha256:" + HexFormat.of().formatHex(sha256(layer));
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        String config = "{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"created\":\"1970-01-01T00:00:00Z\","
                + "\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]},"
                + "\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"JibBackendIT\"}]}";
        String manifest = "[{\"Config\":\"config.json\",\"RepoTags\":[\"" + BASE + "\"],\"Layers\":[\"layer.tar\"]}]";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            putFile(tar, "layer.tar", layer);
            putFile(tar, "config.json", config.getBytes(StandardCharsets.UTF_8));
            putFile(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static byte[] baseRootfs() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String folder : List.of("etc/", "app/")) {
                TarArchiveEntry entry = new TarArchiveEntry(folder);
                entry.setMode(040755);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            putFile(tar, "etc/os-release", "ID=poststack-it\nNAME=\"poststack IT base\"\n".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void putFile(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry file = new TarArchiveEntry(name);
        file.setMode(0100644);
        file.setSize(content.length);
        tar.putArchiveEntry(file);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
