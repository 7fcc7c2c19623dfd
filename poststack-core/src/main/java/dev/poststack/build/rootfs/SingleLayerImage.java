package dev.poststack.build.rootfs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poststack.hash.Sha256;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wraps a root filesystem tarball as a one-layer image in {@code docker save} format (manifest.json,
 * config and the layer). The rootfs tar goes in byte for byte, so symlinks, device nodes, setuid bits and
 * ownership survive; the config has fixed times and sorted keys, so equal inputs give an equal image id.
 */
public final class SingleLayerImage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path layer;
    private final String diffId;
    private final byte[] config;
    private final String reference;

    private SingleLayerImage(Path layer, String diffId, byte[] config, String reference) {
        this.layer = layer;
        this.diffId = diffId;
        this.config = config;
        this.reference = reference;
    }

    /**
     * @param rootfs    an uncompressed tar of the root filesystem
     * @param reference the tag the loaded image gets
     * @param env       the image's environment, e.g. {@code PATH}
     * @param labels    the image's labels
     * @param created   the creation time written into the config (fixed for reproducibility)
     * @param history   a one-line description of how the layer was made
     */
    public static SingleLayerImage of(Path rootfs, String reference, Map<String, String> env,
                                      Map<String, String> labels, Instant created, String history) throws IOException {
        String diffId = "sha256:" + Sha256.hex(rootfs);
        ObjectNode root = JSON.createObjectNode();
        root.put("architecture", "amd64");
        ObjectNode cfg = root.putObject("config");
        ArrayNode envArray = cfg.putArray("Env");
        new TreeMap<>(env).forEach((k, v) -> envArray.add(k + "=" + v));
        cfg.putArray("Cmd").add("/bin/bash");
        ObjectNode labelNode = cfg.putObject("Labels");
        new TreeMap<>(labels).forEach(labelNode::put);
        root.put("created", created.toString());
        ObjectNode historyEntry = root.putArray("history").addObject();
        historyEntry.put("created", created.toString());
        historyEntry.put("created_by", history);
        root.put("os", "linux");
        ObjectNode rootfsNode = root.putObject("rootfs");
        rootfsNode.put("type", "layers");
        rootfsNode.putArray("diff_ids").add(diffId);
        byte[] config = JSON.writeValueAsBytes(root);
        return new SingleLayerImage(rootfs, diffId, config, reference);
    }

    /** The image id the engine will give this image: the digest of its config. */
    public String imageId() {
        return "sha256:" + Sha256.hex(config);
    }

    public String diffId() {
        return diffId;
    }

    /** Writes the {@code docker save} tarball (what {@code docker load} reads). */
    public void writeTo(OutputStream out) throws IOException {
        String configName = imageId().substring("sha256:".length()) + ".json";
        String layerName = diffId.substring("sha256:".length()) + "/layer.tar";
        ArrayNode manifest = JSON.createArrayNode();
        ObjectNode entry = manifest.addObject();
        entry.put("Config", configName);
        entry.putArray("RepoTags").add(reference);
        entry.putArray("Layers").add(layerName);

        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        put(tar, configName, config);
        TarArchiveEntry layerEntry = new TarArchiveEntry(layerName);
        layerEntry.setSize(Files.size(layer));
        layerEntry.setModTime(FileTime.fromMillis(0));
        tar.putArchiveEntry(layerEntry);
        Files.copy(layer, tar);
        tar.closeArchiveEntry();
        put(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
        tar.finish();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setModTime(FileTime.fromMillis(0));
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
