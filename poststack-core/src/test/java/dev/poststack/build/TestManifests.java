package dev.poststack.build;

import dev.poststack.manifest.Defaults;
import dev.poststack.manifest.DockerfileSpec;
import dev.poststack.manifest.ImageSpec;
import dev.poststack.manifest.Location;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.RootfsSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small manifests built in code, for tests that are not about parsing. */
public final class TestManifests {

    private TestManifests() {
    }

    public static ImageSpec rootfs(String name) {
        return new ImageSpec(name, new RootfsSpec("trixie", "minbase", List.of(), Optional.empty(), Map.of()),
                null, Map.of(), Location.of(Path.of("images.yaml"), 1, 1));
    }

    public static ImageSpec dockerfile(String name, String parent, Path context) {
        return new ImageSpec(name, new DockerfileSpec(Optional.ofNullable(parent), context,
                context.resolve("Dockerfile"), Map.of()), null, Map.of(), Location.of(Path.of("images.yaml"), 1, 1));
    }

    public static Manifest of(Path baseDir, ImageSpec... images) {
        Map<String, ImageSpec> map = new LinkedHashMap<>();
        for (ImageSpec image : images) {
            map.put(image.name(), image);
        }
        return Manifest.ofImages(baseDir.resolve("images.yaml"), baseDir, Defaults.standard(), map);
    }
}
