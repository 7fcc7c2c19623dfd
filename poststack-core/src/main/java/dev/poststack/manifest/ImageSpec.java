package dev.poststack.manifest;

import java.util.Map;
import java.util.Optional;

/**
 * One image of the manifest: its name, exactly one way to build it, an optional tag overriding the
 * default, extra labels, and where it was declared.
 */
public record ImageSpec(String name, BuildSpec build, String tag, Map<String, String> labels, Location location) {

    public ImageSpec {
        labels = OrderedMaps.copyOf(labels);
    }

    /** The manifest name of the image this one is built on, if any. */
    public Optional<String> parent() {
        return build.parent();
    }
}
