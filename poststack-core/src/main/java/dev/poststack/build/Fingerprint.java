package dev.poststack.build;

import dev.poststack.hash.Sha256;
import dev.poststack.manifest.Catalog;
import dev.poststack.manifest.BuildSpec;
import dev.poststack.manifest.DockerfileSpec;
import dev.poststack.manifest.FilesLayerSpec;
import dev.poststack.manifest.ImageSpec;
import dev.poststack.manifest.JibSpec;
import dev.poststack.manifest.LayerSpec;
import dev.poststack.manifest.MavenLayerSpec;
import dev.poststack.manifest.RootfsSpec;
import dev.poststack.manifest.SourceSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The input fingerprint of an image: its manifest entry, the content of every file it reads, its
 * parent's image id and poststack's build format version. Equal fingerprints mean an identical build,
 * so an image whose fingerprint is already in the engine is not built again.
 *
 * <p>Paths enter the fingerprint relative to the manifest folder, so a copy of the project elsewhere
 * has the same fingerprints. The reference the image is tagged with (namespace and tag) does not enter it:
 * an identical build under another namespace or tag is found by fingerprint and only tagged.
 */
public final class Fingerprint {

    /**
     * Bump when a change in poststack makes older images differ from what it would build now and the
     * backend's recipe does not show it.
     */
    public static final int BUILD_FORMAT_VERSION = 6;

    private final MessageDigest digest;
    private final Path baseDir;
    private Optional<Path> sourceDir = Optional.empty();

    private Fingerprint(Path baseDir) {
        this.baseDir = baseDir;
        this.digest = Sha256.newDigest();
    }

    /**
     * Computes the fingerprint of one image.
     *
     * @param baseDir       the manifest folder, against which paths are made relative
     * @param labels        the manifest labels it gets
     * @param parentImageId the parent's image id, when the image has a parent
     * @return {@code sha256:<hex>}
     */
    public static String of(ImageSpec spec, Path baseDir, Map<String, String> labels,
                            Optional<String> parentImageId) {
        return of(spec, baseDir, labels, parentImageId, Optional.empty());
    }

    /**
     * As above; {@code sourceDir} is where extension sources are looked for first, so a source found there
     * counts by its content.
     */
    public static String of(ImageSpec spec, Path baseDir, Map<String, String> labels,
                            Optional<String> parentImageId, Optional<Path> sourceDir) {
        return of(spec, baseDir, labels, parentImageId, sourceDir, "");
    }

    /**
     * As above, with the backend's {@link BuildBackend#recipe recipe}: how poststack itself builds the image,
     * so a change there rebuilds without anyone bumping {@link #BUILD_FORMAT_VERSION}.
     */
    public static String of(ImageSpec spec, Path baseDir, Map<String, String> labels,
                            Optional<String> parentImageId, Optional<Path> sourceDir, String recipe) {
        Fingerprint fp = new Fingerprint(baseDir);
        fp.field("recipe", recipe);
        fp.sourceDir = sourceDir;
        fp.field("format", String.valueOf(BUILD_FORMAT_VERSION));
        fp.field("name", spec.name());
        fp.map("labels", labels);
        fp.field("parent", parentImageId.orElse(""));
        fp.build(spec.build());
        return "sha256:" + HexFormat.of().formatHex(fp.digest.digest());
    }

    private void build(BuildSpec build) {
        field("kind", build.kind());
        if (build instanceof RootfsSpec r) {
            field("suite", r.suite());
            field("variant", r.variant());
            list("packages", r.packages());
            field("mirror", r.mirror().orElse(""));
            map("env", r.env());
        } else if (build instanceof DockerfileSpec d) {
            field("dockerfile", relative(d.dockerfile()));
            map("args", d.args());
            contextTree(d);
            for (SourceSpec source : d.sources()) {
                field("source", source.name());
                Optional<Path> local = source.local(sourceDir);
                if (local.isPresent()) {
                    // A local copy counts by its bytes (an archive) or its files (a folder), not its location.
                    sourceContent(local.get());
                } else {
                    field("source-sha256", source.sha256().orElse(""));
                    field("source-url", source.url().map(Object::toString).orElse(""));
                }
            }
        } else if (build instanceof JibSpec j) {
            for (LayerSpec layer : j.layers()) {
                layer(layer);
            }
            list("entrypoint", j.entrypoint());
            list("cmd", j.cmd());
            map("env", j.env());
            field("user", j.user().orElse(""));
            field("workdir", j.workdir().orElse(""));
            list("ports", j.ports());
            map("jib-labels", j.labels());
        }
    }

    private void layer(LayerSpec layer) {
        field("layer", layer.name());
        if (layer instanceof MavenLayerSpec m) {
            // Versions are exact, so the coordinates determine the resolved jars.
            list("maven", m.artifacts().stream().map(Object::toString).toList());
            field("into", m.into());
        } else if (layer instanceof FilesLayerSpec f) {
            field("into", f.into());
            field("mode", f.fileMode() + "/" + f.dirMode() + "/" + f.owner());
            tree("files", f.source());
        }
    }

    /** Only what the engine is sent counts: a change in an ignored file rebuilds nothing. */
    private void contextTree(DockerfileSpec spec) {
        field("context", relative(spec.context()));
        try {
            for (Path path : ContextFiles.of(spec.context()).list(spec.dockerfile())) {
                entry(spec.context(), path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + spec.context() + " to fingerprint it", e);
        }
    }

    private void entry(Path root, Path path) throws IOException {
        String rel = root.relativize(path).toString().replace('\\', '/');
        if (Files.isSymbolicLink(path)) {
            field("link:" + rel, Files.readSymbolicLink(path).toString());
        } else if (Files.isRegularFile(path)) {
            file(path, rel);
        } else if (Files.isDirectory(path)) {
            field("dir", rel);
        }
    }

    private void sourceContent(Path root) {
        content(root, "archive");
    }

    private void tree(String name, Path root) {
        field(name, relative(root));
        content(root, root.getFileName().toString());
    }

    /** A file's bytes under {@code fileName}, or every entry of a folder, in sorted order. */
    private void content(Path root, String fileName) {
        if (Files.isRegularFile(root)) {
            file(root, fileName);
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted().toList()) {
                entry(root, path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + " to fingerprint it", e);
        }
    }

    private void file(Path path, String rel) {
        field("file", rel);
        field("exec", String.valueOf(Files.isExecutable(path)));
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " to fingerprint it", e);
        }
    }

    private String relative(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path base = baseDir.toAbsolutePath().normalize();
        return Catalog.withoutVersion(abs.startsWith(base) ? base.relativize(abs).toString().replace('\\', '/')
                : abs.toString());
    }

    private void list(String name, List<String> values) {
        field(name, String.valueOf(values.size()));
        values.forEach(v -> field(name + "[]", v));
    }

    private void map(String name, Map<String, String> values) {
        new TreeMap<>(values).forEach((k, v) -> field(name + "." + k, v));
    }

    // Length-prefixed so that no two different inputs serialise to the same bytes.
    private void field(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        digest.update((n.length + ":").getBytes(StandardCharsets.UTF_8));
        digest.update(n);
        digest.update((v.length + ":").getBytes(StandardCharsets.UTF_8));
        digest.update(v);
    }
}
