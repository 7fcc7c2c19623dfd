package dev.poststack.manifest;

import java.util.Map;

/** Manifest-wide defaults: images are tagged {@code namespace/name:tag} and carry {@code labels}. */
public record Defaults(String namespace, String tag, Map<String, String> labels) {

    public static final String DEFAULT_NAMESPACE = "poststack";
    public static final String DEFAULT_TAG = "latest";

    public Defaults {
        labels = OrderedMaps.copyOf(labels);
    }

    public static Defaults standard() {
        return new Defaults(DEFAULT_NAMESPACE, DEFAULT_TAG, Map.of());
    }
}
