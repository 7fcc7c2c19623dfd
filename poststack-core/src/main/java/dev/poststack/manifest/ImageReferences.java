package dev.poststack.manifest;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Image references outside the manifest ({@code registry.example:5000/team/base:1.2}, {@code ...@sha256:...}) and
 * registry names ({@code defaults.registry}). As in Docker, a reference names a registry when its first part holds a
 * {@code .} or a {@code :} or is {@code localhost}; only such references are external, so {@code from: base} and
 * {@code from: poststack:jre} keep meaning images of the manifest and the catalog.
 */
public final class ImageReferences {

    private static final String HOST = "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
            + "|\\[[0-9A-Fa-f:]+\\])(?::[0-9]{1,5})?";
    private static final String PATH = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*";
    private static final Pattern REGISTRY = Pattern.compile(HOST + "(?:/" + PATH + ")?");
    private static final Pattern REFERENCE = Pattern.compile(HOST + "/" + PATH
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?");

    private ImageReferences() {
    }

    /** Whether {@code from} names an image in a registry rather than an image of the manifest or catalog. */
    public static boolean isExternal(String from) {
        int slash = from.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String first = from.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    /** Whether the reference names its image by digest ({@code @sha256:...}), so it never moves. */
    public static boolean isPinned(String reference) {
        return reference.contains("@sha256:");
    }

    /** What is wrong with an external reference, if anything. */
    static Optional<String> referenceProblem(String reference) {
        return REFERENCE.matcher(reference).matches() ? Optional.empty()
                : Optional.of("`" + reference + "` is not a valid image reference");
    }

    /** What is wrong with a registry name ({@code host[:port][/path]}), if anything. */
    public static Optional<String> registryProblem(String registry) {
        if (!REGISTRY.matcher(registry).matches()) {
            return Optional.of("`" + registry + "` is not a registry name");
        }
        String host = registry.contains("/") ? registry.substring(0, registry.indexOf('/')) : registry;
        if (!(host.contains(".") || host.contains(":") || host.equals("localhost"))) {
            // Docker would read it as a namespace on Docker Hub.
            return Optional.of("`" + registry + "` does not name a registry host (Docker would read it as a"
                    + " Docker Hub namespace)");
        }
        return Optional.empty();
    }

    /** The registry host ({@code host[:port]}) of an external reference or registry name. */
    public static String host(String referenceOrRegistry) {
        int slash = referenceOrRegistry.indexOf('/');
        return slash < 0 ? referenceOrRegistry : referenceOrRegistry.substring(0, slash);
    }
}
