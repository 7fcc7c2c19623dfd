package dev.poststack.build.jib;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.poststack.build.maven.ResolvedArtifact;
import dev.poststack.manifest.FilesLayerSpec;
import dev.poststack.manifest.MavenLayerSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns manifest layers into Jib layers. Every entry gets the same modification time, so a layer's bytes depend
 * only on its files' content, paths, modes and owners: images are reproducible and equal layers share a digest.
 */
final class LayerPlanner {

    /** Not the epoch itself: some tools treat an mtime of 0 as "unknown". */
    static final Instant MODIFICATION_TIME = Instant.ofEpochSecond(1);
    static final FilePermissions JAR_MODE = FilePermissions.fromOctalString("644");
    static final String ROOT = "0:0";

    private LayerPlanner() {
    }

    /** Each resolved jar at {@code <into>/<file name>}, mode 644, owned by root. */
    static FileEntriesLayer mavenLayer(MavenLayerSpec spec, List<ResolvedArtifact> jars) {
        AbsoluteUnixPath into = AbsoluteUnixPath.get(spec.into());
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(spec.name());
        for (ResolvedArtifact jar : jars) {
            layer.addEntry(jar.file(), into.resolve(jar.fileName()), JAR_MODE, MODIFICATION_TIME, ROOT);
        }
        return layer.build();
    }

    /**
     * A file at {@code into}, or a folder's contents below {@code into}, with the spec's modes and owner. Folders,
     * {@code into} included, get explicit entries so that the folder mode and owner apply to them too.
     *
     * @throws NoSuchFileException when the source does not exist
     */
    static FileEntriesLayer filesLayer(FilesLayerSpec spec) throws IOException {
        Path source = spec.source();
        if (!Files.exists(source)) {
            throw new NoSuchFileException(source.toString(), null, "source of layer '" + spec.name() + "' does not exist");
        }
        FilePermissions fileMode = FilePermissions.fromOctalString(spec.fileMode());
        FilePermissions dirMode = FilePermissions.fromOctalString(spec.dirMode());
        AbsoluteUnixPath into = AbsoluteUnixPath.get(spec.into());
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(spec.name());
        if (!Files.isDirectory(source)) {
            return layer.addEntry(source, into, fileMode, MODIFICATION_TIME, spec.owner()).build();
        }
        try (Stream<Path> walk = Files.walk(source)) {
            // Sorted, so the entry order (and with it Jib's cache key) never depends on the file system.
            for (Path path : walk.sorted().toList()) {
                AbsoluteUnixPath target = path.equals(source) ? into : into.resolve(unixRelative(source, path));
                FilePermissions mode = Files.isDirectory(path) ? dirMode : fileMode;
                layer.addEntry(path, target, mode, MODIFICATION_TIME, spec.owner());
            }
        }
        return layer.build();
    }

    private static String unixRelative(Path base, Path path) {
        StringBuilder relative = new StringBuilder();
        for (Path part : base.relativize(path)) {
            if (relative.length() > 0) {
                relative.append('/');
            }
            relative.append(part);
        }
        return relative.toString();
    }
}
