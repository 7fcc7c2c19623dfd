package dev.poststack.manifest;

import java.util.Map;
import java.util.Optional;

/**
 * Manifest-wide defaults: images are tagged {@code namespace/name:tag} and carry {@code labels}; {@code project},
 * when set, is the fixed project name of every checkout of the manifest (otherwise each checkout has its own);
 * {@code registry} ({@code host[:port][/path]}), when set, is where {@code push} sends the images.
 */
public record Defaults(String namespace, String tag, Map<String, String> labels, Optional<String> project,
                       Optional<String> registry) {

    public Defaults(String namespace, String tag, Map<String, String> labels, Optional<String> project) {
        this(namespace, tag, labels, project, Optional.empty());
    }

    public static final String DEFAULT_NAMESPACE = "poststack";
    public static final String DEFAULT_TAG = "latest";

    public Defaults {
        labels = OrderedMaps.copyOf(labels);
    }

    private static final java.util.regex.Pattern PROJECT_NAME =
            java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    /** A project name prefixes container, network and volume names: a valid engine name of at most 63. */
    public static boolean isProjectName(String name) {
        return PROJECT_NAME.matcher(name).matches();
    }

    public static Defaults standard() {
        return new Defaults(DEFAULT_NAMESPACE, DEFAULT_TAG, Map.of(), Optional.empty());
    }
}
