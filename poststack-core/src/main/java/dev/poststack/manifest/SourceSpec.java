package dev.poststack.manifest;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A source archive or folder a Dockerfile image builds from, sent in the context under
 * {@code .poststack/sources/<name>/}.
 *
 * @param name   the source's name, unique within the image
 * @param url    where to download the archive (http or https), with {@code sha256}
 * @param sha256 the archive's SHA-256, 64 lowercase hex digits; required with {@code url}
 * @param path   a local archive ({@code .tar.gz}, {@code .tgz}, {@code .tar}) or folder (absolute)
 */
public record SourceSpec(String name, Optional<URI> url, Optional<String> sha256, Optional<Path> path) {

    /** The file names under a {@code --source-dir} that provide a source, in the order they are tried. */
    public List<String> sourceDirCandidates() {
        return List.of(name, name + ".tar.gz", name + ".tgz", name + ".tar");
    }

    /** The local copy of the source: from {@code sourceDir} when it has one, else {@code path}. */
    public Optional<Path> local(Optional<Path> sourceDir) {
        if (sourceDir.isPresent()) {
            for (String candidate : sourceDirCandidates()) {
                Path p = sourceDir.get().resolve(candidate);
                if (Files.exists(p)) {
                    return Optional.of(p);
                }
            }
        }
        return path;
    }
}
