package dev.poststack.manifest;

import dev.poststack.hash.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * poststack's image catalog: the image definitions shipped as resources under {@code dev/poststack/catalog/}
 * (a {@code catalog.yaml} in the manifest format and the build contexts next to it), which a project uses by
 * reference ({@code from: poststack:postgres}, {@code {catalog: liquibase}}).
 *
 * <p>The resources are copied to {@code <project>/.poststack/catalog/<sha256 of their content>/} before use: the
 * engine needs folders, and a folder named by its content gives byte-stable build contexts and fingerprints
 * (equal catalogs, equal paths, equal fingerprints in every project).
 */
public final class Catalog {

    /** What a {@code from:} or a service's {@code image:} starts with to name a catalog image. */
    public static final String PREFIX = "poststack:";

    private static final String ROOT = "dev/poststack/catalog";
    private static final String MANIFEST = "catalog.yaml";

    /** {@code .poststack/catalog/<hash>/} anywhere in a path. */
    private static final java.util.regex.Pattern CATALOG_FOLDER =
            java.util.regex.Pattern.compile("(^|/)\\.poststack/catalog/[0-9a-f]{16}/");

    private final Map<String, ImageSpec> images;

    private Catalog(Map<String, ImageSpec> images) {
        this.images = OrderedMaps.copyOf(images);
    }

    /** The catalog shipped in poststack, copied (once per content) under {@code projectDir/.poststack/catalog/}. */
    public static Catalog shipped(Path projectDir) {
        Path catalogs = projectDir.resolve(".poststack").resolve("catalog");
        URL url = manifestUrl();
        Optional<Path> jar = jarOf(url);
        CatalogMemo memo = new CatalogMemo(catalogs);
        try {
            Optional<Path> known = jar.flatMap(memo::folderFor).map(catalogs::resolve)
                    .filter(folder -> Files.isRegularFile(folder.resolve(MANIFEST)));
            Path folder = known.isPresent() ? known.get() : copy(url, catalogs, jar, memo);
            return new Catalog(ManifestLoader.load(folder.resolve(MANIFEST)).images());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy poststack's image catalog to " + catalogs, e);
        } catch (ManifestException e) {
            throw new IllegalStateException("poststack's own catalog.yaml is invalid: " + e.getMessage(), e);
        }
    }

    /** The catalog read out of the class path into its content-named folder (unless there), remembered for the jar. */
    private static Path copy(URL url, Path catalogs, Optional<Path> jar, CatalogMemo memo) throws IOException {
        SortedMap<String, byte[]> files = resources(url);
        String name = hash(files);
        Path folder = catalogs.resolve(name);
        if (!Files.isRegularFile(folder.resolve(MANIFEST))) {
            extract(files, folder);
        }
        jar.ifPresent(j -> memo.remember(j, name));
        return folder;
    }

    /**
     * {@code path} (as a fingerprint writes it) without the content hash in the name of the catalog's folder: an
     * image's own files are fingerprinted anyway, and the folder's name changes with every file of the catalog, so
     * with it a poststack release that changes one catalog image would rebuild all of them, from the Debian
     * bootstrap up.
     */
    public static String withoutVersion(String path) {
        return CATALOG_FOLDER.matcher(path).replaceFirst("$1poststack-catalog/");
    }

    /** The catalog's images in catalog order. */
    public Map<String, ImageSpec> images() {
        return images;
    }

    public Optional<ImageSpec> image(String name) {
        return Optional.ofNullable(images.get(name));
    }

    public List<String> names() {
        return List.copyOf(images.keySet());
    }

    /** The catalog name in {@code poststack:<name>}, if {@code reference} is written that way. */
    public static Optional<String> nameIn(String reference) {
        return reference.startsWith(PREFIX) ? Optional.of(reference.substring(PREFIX.length())) : Optional.empty();
    }

    /** The manifest image a reference names: the catalog name without {@link #PREFIX}, or itself. */
    public static String imageName(String reference) {
        return nameIn(reference).orElse(reference);
    }

    private static URL manifestUrl() {
        URL url = Catalog.class.getClassLoader().getResource(ROOT + "/" + MANIFEST);
        if (url == null) {
            throw new IllegalStateException(ROOT + "/" + MANIFEST + " is missing from poststack's class path");
        }
        return url;
    }

    /** The jar file the catalog is read from; empty for a folder of classes (an IDE, a module's own tests). */
    private static Optional<Path> jarOf(URL url) {
        try {
            if (url.openConnection() instanceof JarURLConnection connection
                    && "file".equals(connection.getJarFileURL().getProtocol())) {
                return Optional.of(Path.of(connection.getJarFileURL().toURI()));
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Not a plain jar file: the catalog is read every time.
        }
        return Optional.empty();
    }

    /** Every file under the catalog's resource folder, by path relative to it. */
    private static SortedMap<String, byte[]> resources(URL url) {
        try {
            if (url.openConnection() instanceof JarURLConnection connection) {
                return read(connection);
            }
            return read(Path.of(url.toURI()).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read poststack's image catalog at " + url, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read poststack's image catalog at " + url, e);
        }
    }

    /**
     * The catalog's entries of the jar poststack runs from. Read through the jar the class loader has open
     * (its index is already in memory), not a zip file system: that would index every entry of a 30 MB
     * runnable jar again, a fifth of a second at every start.
     */
    private static SortedMap<String, byte[]> read(JarURLConnection connection) throws IOException {
        connection.setUseCaches(true);
        JarFile jar = connection.getJarFile();
        String prefix = ROOT + "/";
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (JarEntry entry : (Iterable<JarEntry>) jar.stream().filter(e -> e.getName().startsWith(prefix))::iterator) {
            if (!entry.isDirectory()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    files.put(entry.getName().substring(prefix.length()), in.readAllBytes());
                }
            }
        }
        return files;
    }

    private static SortedMap<String, byte[]> read(Path root) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static String hash(SortedMap<String, byte[]> files) {
        MessageDigest digest = Sha256.newDigest();
        files.forEach((name, bytes) -> {
            digest.update((name + "\0" + bytes.length + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(bytes);
        });
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    /**
     * Writes the files into a temporary sibling and moves it into place, so a concurrent run sees a whole
     * catalog or none. Files get mode 644 whatever the source had (a jar keeps no modes): the Dockerfiles set
     * the modes they need.
     */
    private static void extract(SortedMap<String, byte[]> files, Path folder) throws IOException {
        Files.createDirectories(folder.getParent());
        Path temp = Files.createTempDirectory(folder.getParent(), ".extract-");
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = temp.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            try {
                Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // Another run copied the same content first.
            }
        } finally {
            if (Files.exists(temp)) {
                try (Stream<Path> walk = Files.walk(temp)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
