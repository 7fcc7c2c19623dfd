package dev.poststack.build.maven;

import dev.poststack.manifest.MavenCoordinate;

import java.nio.file.Path;

/**
 * One jar (or other file) Maven resolved.
 *
 * @param coordinate {@code groupId:artifactId:extension[:classifier]:version}
 * @param file       the file in the local repository
 * @param size       its size in bytes when resolved
 */
public record ResolvedArtifact(String coordinate, Path file, long size) {

    /** The coordinate without its version: two artifacts with the same key are one library. */
    public String key() {
        MavenCoordinate c = MavenCoordinate.parse(coordinate);
        return c.groupId() + ":" + c.artifactId() + ":" + c.extension() + c.classifier().map(x -> ":" + x).orElse("");
    }

    public String fileName() {
        return file.getFileName().toString();
    }

    ResolvedArtifact withSize(long newSize) {
        return new ResolvedArtifact(coordinate, file, newSize);
    }
}
