package dev.poststack.build.rootfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SingleLayerImageTest {

    @TempDir
    Path dir;

    /** A rootfs with what a naive file copy would lose: a symlink, a device node and a setuid file. */
    private Path rootfs() throws IOException {
        Path tarFile = dir.resolve("rootfs.tar");
        try (OutputStream out = Files.newOutputStream(tarFile);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry link = new TarArchiveEntry("bin", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("usr/bin");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            TarArchiveEntry dev = new TarArchiveEntry("dev/null", TarArchiveEntry.LF_CHR);
            dev.setDevMajor(1);
            dev.setDevMinor(3);
            tar.putArchiveEntry(dev);
            tar.closeArchiveEntry();
            TarArchiveEntry su = new TarArchiveEntry("usr/bin/su");
            su.setMode(04755);
            su.setSize(2);
            tar.putArchiveEntry(su);
            tar.write(new byte[] {'s', 'u'});
            tar.closeArchiveEntry();
        }
        return tarFile;
    }

    private SingleLayerImage image(Path rootfs, Map<String, String> labels) throws IOException {
        return SingleLayerImage.of(rootfs, "poststack/base:latest", Map.of("PATH", "/bin"), labels,
                Instant.ofEpochSecond(1_700_000_000L), "mmdebstrap minbase trixie");
    }

    @Test
    void carriesTheRootfsByteForByteWithItsDigestAsDiffId() throws Exception {
        Path rootfs = rootfs();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SingleLayerImage image = image(rootfs, Map.of("a", "b"));
        image.writeTo(out);

        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                files.put(entry.getName(), tar.readAllBytes());
            }
        }
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(rootfs)));
        assertThat(image.diffId()).isEqualTo("sha256:" + hex);
        assertThat(files.get(hex + "/layer.tar")).isEqualTo(Files.readAllBytes(rootfs));

        JsonNode manifest = new ObjectMapper().readTree(files.get("manifest.json"));
        assertThat(manifest.get(0).get("RepoTags").get(0).asText()).isEqualTo("poststack/base:latest");
        String configName = manifest.get(0).get("Config").asText();
        JsonNode config = new ObjectMapper().readTree(files.get(configName));
        assertThat(config.at("/rootfs/diff_ids/0").asText()).isEqualTo(image.diffId());
        assertThat(config.at("/config/Labels/a").asText()).isEqualTo("b");
        assertThat(configName).isEqualTo(image.imageId().substring(7) + ".json");
    }

    @Test
    void equalInputsGiveEqualImageIdsAndLabelsChangeIt() throws IOException {
        Path rootfs = rootfs();
        assertThat(image(rootfs, Map.of("a", "b")).imageId()).isEqualTo(image(rootfs, Map.of("a", "b")).imageId());
        assertThat(image(rootfs, Map.of("a", "c")).imageId()).isNotEqualTo(image(rootfs, Map.of("a", "b")).imageId());
    }
}
