package dev.poststack.build.dockerfile;

import dev.poststack.build.BuildFailure;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Extracts a source archive (gzip-compressed or plain tar) into a folder of its own, refusing every entry
 * that could write or read outside it, as GNU tar does by default and a little stricter:
 * <ul>
 *   <li>names and link targets that are absolute or contain a {@code ..} segment are refused;</li>
 *   <li>symbolic links are created only after every other entry is written, so nothing is ever written
 *       through one, and an entry whose path lies under an earlier symbolic link is refused;</li>
 *   <li>a symbolic link's target must stay inside the folder and pass through no other link of the archive
 *       (a chain like {@code a/up -> ..} plus {@code b -> a/up/../x} would otherwise climb out);</li>
 *   <li>a hard link must name a regular file written earlier from the same archive;</li>
 *   <li>files are opened with {@link LinkOption#NOFOLLOW_LINKS} and no parent folder may be a link.</li>
 * </ul>
 * On any refusal or read error the folder is removed, so nothing half-extracted is left behind.
 */
final class SourceArchive {

    private final Path archive;
    private final Path target;
    private final String name;
    /** Regular files written so far, by their normalized archive path (hard links may name these only). */
    private final Set<Path> files = new HashSet<>();
    /** Symbolic links to create once everything else is written: normalized archive path to link target. */
    private final Map<Path, Path> links = new LinkedHashMap<>();

    private SourceArchive(Path archive, Path target, String name) {
        this.archive = archive;
        this.target = target;
        this.name = name;
    }

    /**
     * @param target a folder that must not exist yet; it holds the archive's entries afterwards
     * @param name   the source's name, for messages
     * @return {@code target}, or its single top-level folder when every entry is inside one
     */
    static Path extract(Path archive, Path target, String name) throws BuildFailure {
        Path folder = target.toAbsolutePath().normalize();
        try {
            Files.createDirectories(folder.getParent());
            Files.createDirectory(folder);
        } catch (IOException e) {
            throw BuildFailure.of("source `" + name + "`: cannot create " + folder + ": " + e.getMessage(), e);
        }
        try {
            new SourceArchive(archive, folder, name).extractAll();
            return stripSingleFolder(folder);
        } catch (BuildFailure e) {
            deleteTree(folder);
            throw e;
        } catch (IOException e) {
            deleteTree(folder);
            throw BuildFailure.of("source `" + name + "`: cannot extract " + archive + ": " + e.getMessage(), e);
        }
    }

    private void extractAll() throws IOException, BuildFailure {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(gunzipped(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isGlobalPaxHeader() || entry.isPaxHeader()) {
                    continue;
                }
                Path path = inside(entry.getName(), entry.getName(), "path");
                if (path.toString().isEmpty()) {
                    continue; // "./": the folder itself
                }
                underNoLink(entry.getName(), path);
                if (entry.isSymbolicLink()) {
                    symlink(entry, path);
                } else if (entry.isLink()) {
                    hardLink(entry, path);
                } else if (entry.isDirectory()) {
                    folders(entry.getName(), target.resolve(path));
                } else if (entry.isFile()) {
                    file(tar, entry, path);
                }
                // Devices and fifos have no place in a source tree: they are left out, as before.
            }
        }
        for (Map.Entry<Path, Path> link : links.entrySet()) {
            linkStaysInside(link.getKey(), link.getValue());
        }
        for (Map.Entry<Path, Path> link : links.entrySet()) {
            Path at = target.resolve(link.getKey());
            folders(link.getKey().toString(), at.getParent());
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(link.getKey().toString(), "is a symbolic link, but the archive also has a file or"
                        + " folder at that path");
            }
            Files.createSymbolicLink(at, link.getValue());
        }
    }

    /**
     * The entry's path relative to the folder, normalized; refused when absolute or with a {@code ..}
     * segment anywhere (so {@code a/../b} is refused too, as GNU tar refuses it).
     */
    private Path inside(String raw, String entry, String what) throws BuildFailure {
        if (raw.startsWith("/")) {
            throw refused(entry, "has an absolute " + what + " (" + raw + ")");
        }
        for (String segment : raw.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw refused(entry, "has `..` in its " + what + " (" + raw + ")");
            }
        }
        Path path = Path.of(raw).normalize();
        if (!target.resolve(path).normalize().startsWith(target)) {
            throw refused(entry, "has a " + what + " leading outside the folder (" + raw + ")");
        }
        return path;
    }

    /** Refuses an entry whose path lies under a symbolic link of the archive (it would be written through it). */
    private void underNoLink(String entry, Path path) throws BuildFailure {
        for (Path parent = path.getParent(); parent != null; parent = parent.getParent()) {
            if (links.containsKey(parent)) {
                throw refused(entry, "would be written through the symbolic link " + parent + " (-> "
                        + links.get(parent) + ")");
            }
        }
        if (links.containsKey(path)) {
            throw refused(entry, "replaces the symbolic link " + path + " declared earlier in the archive");
        }
    }

    private void symlink(TarArchiveEntry entry, Path path) throws BuildFailure {
        String linkName = entry.getLinkName();
        if (linkName.isEmpty()) {
            throw refused(entry.getName(), "is a symbolic link without a target");
        }
        if (linkName.startsWith("/")) {
            throw refused(entry.getName(), "is a symbolic link to the absolute path " + linkName
                    + " (outside the folder)");
        }
        if (files.contains(path)) {
            throw refused(entry.getName(), "is a symbolic link, but the archive also has a file at that path");
        }
        links.put(path, Path.of(linkName));
    }

    /**
     * Resolves a link's target step by step from the link's folder, once every link of the archive is known:
     * a {@code ..} may not climb above the folder and no step but the last may be another link, so what the
     * link points at is inside whatever order the entries came in.
     */
    private void linkStaysInside(Path path, Path linkTarget) throws BuildFailure {
        Path at = path.getParent() == null ? Path.of("") : path.getParent();
        for (Path segment : linkTarget) {
            String step = segment.toString();
            if (step.isEmpty() || step.equals(".")) {
                continue;
            }
            if (!at.toString().isEmpty() && links.containsKey(at)) {
                throw refused(path.toString(), "is a symbolic link (-> " + linkTarget + ") that passes through the"
                        + " symbolic link " + at + "; a link may point at a file, folder or link, not through one");
            }
            if (step.equals("..")) {
                if (at.toString().isEmpty()) {
                    throw refused(path.toString(), "is a symbolic link to " + linkTarget + ", outside the folder");
                }
                at = at.getParent() == null ? Path.of("") : at.getParent();
            } else {
                at = at.resolve(step);
            }
        }
    }

    private void hardLink(TarArchiveEntry entry, Path path) throws IOException, BuildFailure {
        Path source = inside(entry.getLinkName(), entry.getName(), "hard link target");
        if (!files.contains(source)) {
            throw refused(entry.getName(), "is a hard link to " + entry.getLinkName()
                    + ", which is not a regular file earlier in the archive");
        }
        Path out = target.resolve(path);
        folders(entry.getName(), out.getParent());
        Files.deleteIfExists(out);
        Files.copy(target.resolve(source), out, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        files.add(path);
    }

    private void file(InputStream tar, TarArchiveEntry entry, Path path) throws IOException, BuildFailure {
        Path out = target.resolve(path);
        folders(entry.getName(), out.getParent());
        Files.deleteIfExists(out); // deletes a link itself, never what it points at
        try (OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            tar.transferTo(o);
        }
        if ((entry.getMode() & 0111) != 0) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(out, LinkOption.NOFOLLOW_LINKS);
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(out, perms);
        }
        files.add(path);
    }

    /**
     * Creates {@code folder} and its parents inside the target one by one, refusing any that exists as something
     * else than a real folder (a link or a file), so nothing is ever created through a link.
     */
    private void folders(String entry, Path folder) throws IOException, BuildFailure {
        Path relative = target.relativize(folder);
        Path at = target;
        for (Path segment : relative) {
            if (segment.toString().isEmpty()) {
                continue;
            }
            at = at.resolve(segment);
            if (Files.isSymbolicLink(at)) {
                throw refused(entry, "would be written through the symbolic link " + target.relativize(at));
            }
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(at);
            } else if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(entry, "needs the folder " + target.relativize(at) + ", which the archive has as a file");
            }
        }
    }

    private BuildFailure refused(String entry, String why) {
        return BuildFailure.of("source `" + name + "`: archive " + archive + " is refused: entry `" + entry + "` "
                + why + "; nothing was extracted. Use the project's own release archive, or repack it without"
                + " such entries", null);
    }

    private static InputStream gunzipped(InputStream in) throws IOException {
        byte[] signature = new byte[2];
        in.mark(signature.length);
        int read = in.readNBytes(signature, 0, signature.length);
        in.reset();
        return GzipCompressorInputStream.matches(signature, read)
                ? new BufferedInputStream(new GzipCompressorInputStream(in, true)) : in;
    }

    private static Path stripSingleFolder(Path target) throws IOException {
        try (Stream<Path> children = Files.list(target)) {
            List<Path> list = children.toList();
            if (list.size() == 1 && Files.isDirectory(list.get(0), LinkOption.NOFOLLOW_LINKS)) {
                return list.get(0);
            }
        }
        return target;
    }

    /** Removes the folder and everything in it, links themselves only (walkFileTree does not follow them). */
    static void deleteTree(Path folder) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // Best effort: the build's scratch folder is removed after the build anyway.
        }
    }
}
