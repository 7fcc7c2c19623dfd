package dev.poststack.manifest;

/** One layer of a {@link JibSpec}: Maven artifacts or files. */
public sealed interface LayerSpec permits MavenLayerSpec, FilesLayerSpec {

    /** The layer's name, unique within its image; shown in reports. */
    String name();
}
