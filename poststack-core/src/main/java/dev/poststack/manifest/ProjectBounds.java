package dev.poststack.manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The folders the manifest's build inputs ({@code context:}, a source's {@code path:}, a jib layer's
 * {@code files:}, {@code schema.changelogs:}) may come from: the project folder (the manifest's), and the
 * folders listed in {@code defaults.allow-outside-project}. Whatever such a path names is sent into an image, so a
 * path that leaves the project ({@code ../elsewhere}, {@code /etc}, or a symbolic link pointing out) would put files
 * into images that nobody reviewing the project sees; like {@code docker buildx bake --allow fs.read=PATH}, going
 * outside takes an explicit allowance. Paths are compared after resolving symbolic links.
 */
final class ProjectBounds {

    static final String KEY = "allow-outside-project";

    private final Path project;
    private final Path projectReal;
    private final List<Path> allowed;

    private ProjectBounds(Path project, Path projectReal, List<Path> allowed) {
        this.project = project;
        this.projectReal = projectReal;
        this.allowed = List.copyOf(allowed);
    }

    /** The project folder {@code baseDir} and the allowances of {@code defaults} (reported when they do not exist). */
    static ProjectBounds of(Path baseDir, Optional<Section> defaults) {
        List<Path> allowed = new ArrayList<>();
        defaults.ifPresent(s -> s.scalars(KEY, "[../shared]", true).forEach(value -> HostPaths.existing(s, KEY, value,
                baseDir, HostPaths.Kind.FOLDER, "allowed folder").flatMap(ProjectBounds::real).ifPresent(allowed::add)));
        return new ProjectBounds(baseDir, real(baseDir).orElse(baseDir), allowed);
    }

    /**
     * {@code path} (resolved from {@code value}, existing) when it is inside the project or an allowed folder;
     * otherwise empty, with a problem that says where it leads and how to allow it.
     */
    Optional<Path> inside(Section s, String key, YamlNode.Scalar value, Path path, String what) {
        Optional<Path> real = real(path);
        if (real.isEmpty() || real.get().startsWith(projectReal) || allowed.stream().anyMatch(real.get()::startsWith)) {
            return Optional.of(path);
        }
        boolean throughLink = path.startsWith(project);
        Path folder = java.nio.file.Files.isDirectory(real.get()) ? real.get() : real.get().getParent();
        s.problem(value.location(), what + " `" + value.text() + "` (`" + s.path(key) + "`) is outside the project"
                        + " folder " + project + (throughLink ? ": it is a symbolic link to " + real.get() : "")
                        + "; its files would go into an image without being part of the project",
                "move it into " + project + ", or allow that folder explicitly with `defaults: {" + KEY + ": ["
                        + folder + "]}` (see docs/MANIFEST.md)");
        return Optional.empty();
    }

    private static Optional<Path> real(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
