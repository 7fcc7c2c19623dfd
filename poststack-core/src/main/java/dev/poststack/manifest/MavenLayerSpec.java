package dev.poststack.manifest;

import java.util.List;

/**
 * Maven artifacts resolved on the host (with their runtime dependencies) and placed in one layer.
 * Artifacts already placed by an earlier layer of the same image are not repeated.
 *
 * @param into absolute folder in the image the jars are copied to
 */
public record MavenLayerSpec(String name, List<MavenCoordinate> artifacts, String into) implements LayerSpec {

    public MavenLayerSpec {
        artifacts = List.copyOf(artifacts);
    }
}
