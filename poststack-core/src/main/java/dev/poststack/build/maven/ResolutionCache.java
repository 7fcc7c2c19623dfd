package dev.poststack.build.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poststack.hash.Sha256;
import dev.poststack.files.AtomicFiles;
import dev.poststack.manifest.MavenCoordinate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Remembers what a list of artifact groups resolved to, in {@code <dir>/<sha256 of the coordinates>.json}, so a
 * warm build needs no mvn run. An entry counts only while every file still exists with its recorded size.
 */
final class ResolutionCache {

    /** The file's content: one list of artifacts per group. */
    record Entry(List<List<CachedFile>> groups) {
    }

    record CachedFile(String coordinate, String file, long size) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    ResolutionCache(Path dir) {
        this.dir = dir;
    }

    /** The entry's file name for these groups; the group boundaries are part of the key. */
    static String key(List<List<MavenCoordinate>> groups) {
        StringBuilder text = new StringBuilder();
        for (List<MavenCoordinate> group : groups) {
            text.append("group\n");
            group.forEach(c -> text.append(c).append('\n'));
        }
        return Sha256.hex(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    Optional<List<List<ResolvedArtifact>>> get(List<List<MavenCoordinate>> groups) {
        Path file = dir.resolve(key(groups) + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Entry entry = JSON.readValue(file.toFile(), Entry.class);
            if (entry.groups() == null || entry.groups().size() != groups.size()) {
                return Optional.empty();
            }
            List<List<ResolvedArtifact>> result = entry.groups().stream()
                    .map(g -> g.stream().map(f -> new ResolvedArtifact(f.coordinate(), Path.of(f.file()), f.size()))
                            .toList())
                    .toList();
            return allPresent(result) ? Optional.of(result) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            // A damaged or foreign entry only costs one mvn run.
            return Optional.empty();
        }
    }

    void put(List<List<MavenCoordinate>> groups, List<List<ResolvedArtifact>> resolved) throws IOException {
        Entry entry = new Entry(resolved.stream()
                .map(g -> g.stream().map(a -> new CachedFile(a.coordinate(), a.file().toString(), a.size())).toList())
                .toList());
        // Written whole, so a concurrent build never reads half a file.
        AtomicFiles.writeString(dir.resolve(key(groups) + ".json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(entry));
    }

    private static boolean allPresent(List<List<ResolvedArtifact>> groups) throws IOException {
        for (List<ResolvedArtifact> group : groups) {
            for (ResolvedArtifact artifact : group) {
                if (!Files.isRegularFile(artifact.file()) || Files.size(artifact.file()) != artifact.size()) {
                    return false;
                }
            }
        }
        return true;
    }
}
