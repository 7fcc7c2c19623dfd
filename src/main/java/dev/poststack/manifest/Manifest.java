package dev.poststack.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated {@code images.yaml}: defaults and images in declaration order. Paths inside specs are
 * already resolved against {@link #baseDir()} and known to exist.
 */
public record Manifest(Path file, Path baseDir, Defaults defaults, Map<String, ImageSpec> images) {

    public Manifest {
        images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }

    public Optional<ImageSpec> image(String name) {
        return Optional.ofNullable(images.get(name));
    }

    public List<String> imageNames() {
        return new ArrayList<>(images.keySet());
    }

    /** The full reference {@code namespace/name:tag} an image is tagged with. */
    public String referenceOf(String name) {
        ImageSpec spec = images.get(name);
        String tag = spec != null && spec.tag() != null ? spec.tag() : defaults.tag();
        return defaults.namespace() + "/" + name + ":" + tag;
    }
}
