package dev.poststack.build.dockerfile;

import dev.poststack.build.ContextFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes a build context as a tar, leaving out what {@code .dockerignore} excludes: entries sorted, fixed modification times, executable bits kept, and
 * the Dockerfile replaced by its pinned text. Equal folders give equal bytes, so the engine's step
 * cache sees only real changes.
 */
public final class ContextArchive {

    private static final FileTime FIXED_TIME = FileTime.fromMillis(1000);

    private ContextArchive() {
    }

    /**
     * @param context        the context folder
     * @param dockerfile     the Dockerfile's path inside the context
     * @param dockerfileText the text to put in its place
     */
    public static void write(Path context, Path dockerfile, String dockerfileText, OutputStream out) throws IOException {
        write(context, dockerfile, dockerfileText, Map.of(), out);
    }

    /**
     * As {@link #write(Path, Path, String, OutputStream)}, and adds each folder of {@code extras} under its key,
     * a path prefix such as {@code .poststack/sources/citus}.
     */
    public static void write(Path context, Path dockerfile, String dockerfileText, Map<String, Path> extras,
                             OutputStream out) throws IOException {
        Path dockerfileRel = context.relativize(dockerfile);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        List<Path> paths = ContextFiles.of(context).list(dockerfile);
        for (Path path : paths) {
            String name = context.relativize(path).toString().replace('\\', '/');
            if (context.relativize(path).equals(dockerfileRel) && !Files.isSymbolicLink(path)) {
                put(tar, new TarArchiveEntry(name), 0644, dockerfileText.getBytes(StandardCharsets.UTF_8));
            } else {
                putPath(tar, name, path);
            }
        }
        Set<String> dirs = new TreeSet<>();
        for (Map.Entry<String, Path> extra : new TreeMap<>(extras).entrySet()) {
            String prefix = extra.getKey().replaceAll("/+$", "");
            String[] parts = prefix.split("/");
            StringBuilder dir = new StringBuilder();
            for (String part : parts) {
                dir.append(part).append('/');
                if (dirs.add(dir.toString())) {
                    put(tar, new TarArchiveEntry(dir.toString()), 0755, null);
                }
            }
            Path root = extra.getValue();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> !p.equals(root)).sorted().toList();
            }
            for (Path path : files) {
                putPath(tar, prefix + "/" + root.relativize(path).toString().replace('\\', '/'), path);
            }
        }
        tar.finish();
    }

    /** A symlink, folder or file of the host as entry {@code name}, with poststack's fixed mode and time. */
    private static void putPath(TarArchiveOutputStream tar, String name, Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(path).toString());
            put(tar, entry, 0777, null);
        } else if (Files.isDirectory(path)) {
            put(tar, new TarArchiveEntry(name + "/"), 0755, null);
        } else {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(Files.size(path));
            entry.setModTime(FIXED_TIME);
            entry.setMode(Files.isExecutable(path) ? 0755 : 0644);
            tar.putArchiveEntry(entry);
            Files.copy(path, tar);
            tar.closeArchiveEntry();
        }
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, int mode, byte[] content)
            throws IOException {
        entry.setModTime(FIXED_TIME);
        entry.setMode(mode);
        if (content != null) {
            entry.setSize(content.length);
        }
        tar.putArchiveEntry(entry);
        if (content != null) {
            tar.write(content);
        }
        tar.closeArchiveEntry();
    }
}
