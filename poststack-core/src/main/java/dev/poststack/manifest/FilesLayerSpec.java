package dev.poststack.manifest;

import java.nio.file.Path;

/**
 * Files from the host (a file, or a folder copied recursively) placed in one layer with explicit
 * ownership and modes.
 *
 * @param source   absolute path of a file or folder on the host
 * @param into     absolute path in the image: the folder receiving the folder's contents, or the file's path
 * @param fileMode octal mode for files, e.g. {@code 644}
 * @param dirMode  octal mode for folders, e.g. {@code 755}
 * @param owner    {@code uid:gid}, numeric
 */
public record FilesLayerSpec(String name, Path source, String into, String fileMode, String dirMode, String owner)
        implements LayerSpec {
}
