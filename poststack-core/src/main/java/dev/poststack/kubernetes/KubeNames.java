package dev.poststack.kubernetes;

import dev.poststack.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Object names and labels as Kubernetes takes them: DNS-1123 labels, the recommended {@code app.kubernetes.io} keys. */
final class KubeNames {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String NAME = "app.kubernetes.io/name";

    private KubeNames() {
    }

    /**
     * {@code name} as a DNS-1123 label: poststack's names may hold {@code _} and {@code .}, which Kubernetes
     * refuses in object names, so they become {@code -}.
     */
    static String dns(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return lower.length() <= 63 ? lower : lower.substring(0, 52) + "-" + shortHash(name);
    }

    /** Ten hex digits of {@code text}'s SHA-256: a name that changes exactly when {@code text} does. */
    static String shortHash(String text) {
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8)).substring(0, 10);
    }

    /** The labels every exported object carries; {@code component} (a service's name) when there is one. */
    static Map<String, Object> labels(String project, String component) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, "poststack");
        labels.put(PART_OF, dns(project));
        if (component != null) {
            labels.put(NAME, dns(component));
        }
        return labels;
    }
}
