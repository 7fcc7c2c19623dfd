package dev.poststack.manifest;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves paths written in the manifest and checks that they exist, so a build never starts on a typo. */
final class HostPaths {

    enum Kind { FOLDER, FILE, ANY }

    private HostPaths() {
    }

    /**
     * Resolves {@code value} against {@code base} and checks it is a {@code kind}.
     *
     * @param what how the path is called in messages, e.g. "context folder"
     * @return the absolute, normalized path; empty (with a problem recorded) when it does not exist
     */
    static Optional<Path> existing(Section section, String key, YamlNode.Scalar value, Path base, Kind kind,
                                   String what) {
        Optional<Path> resolved = resolve(section, key, value, base);
        if (resolved.isEmpty()) {
            return resolved;
        }
        Path path = resolved.get();
        boolean ok = switch (kind) {
            case FOLDER -> Files.isDirectory(path);
            case FILE -> Files.isRegularFile(path);
            case ANY -> Files.exists(path);
        };
        if (!ok) {
            String problem = Files.exists(path)
                    ? " is not a " + (kind == Kind.FOLDER ? "folder" : "file")
                    : " does not exist";
            section.problem(value.location(), what + " `" + value.text() + "` (`" + section.path(key) + "`)" + problem
                    + " (looked at " + path + ")", "create it, or fix the path; it is relative to " + base);
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /** Resolves {@code value} against {@code base}, without looking at the file system (empty if it is no path). */
    static Optional<Path> resolve(Section section, String key, YamlNode.Scalar value, Path base) {
        try {
            return Optional.of(base.resolve(value.text()).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            section.problem(value.location(), "`" + section.path(key) + "` `" + value.text()
                    + "` is not a valid path: " + e.getReason(), "fix the path");
            return Optional.empty();
        }
    }
}
