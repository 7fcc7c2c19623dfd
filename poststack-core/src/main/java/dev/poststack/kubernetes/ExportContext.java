package dev.poststack.kubernetes;

import dev.poststack.manifest.JibSpec;
import dev.poststack.manifest.KubernetesSpec;
import dev.poststack.manifest.Manifest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every exported object shares: the manifest, the project it belongs to (its labels), the namespace
 * of the manifest's {@code kubernetes} section and the image references a cluster pulls.
 */
record ExportContext(Manifest manifest, String project, ClusterImages images) {

    private static final Pattern NUMERIC_USER = Pattern.compile("([0-9]+)(?::([0-9]+))?");

    KubernetesSpec kubernetes() {
        return manifest.kubernetes();
    }

    /** A new object's tree with this export's namespace and labels; {@code component} is its service. */
    Map<String, Object> start(String apiVersion, String kind, String name, String component) {
        return KubeObject.start(apiVersion, kind, name, kubernetes().namespace(), KubeNames.labels(project, component));
    }

    String image(String name) {
        return images.of(name);
    }

    /**
     * The pod security context that lets image {@code name}'s user read its mounted Secrets (group-readable,
     * owned by the pod's {@code fsGroup}): known when the manifest gives the image a numeric user, as Jib images do.
     */
    Optional<Map<String, Object>> securityContext(String name) {
        return manifest.image(name).map(i -> i.build()).filter(JibSpec.class::isInstance).map(JibSpec.class::cast)
                .flatMap(JibSpec::user).map(NUMERIC_USER::matcher).filter(Matcher::matches).map(m -> {
                    long uid = Long.parseLong(m.group(1));
                    long gid = m.group(2) == null ? uid : Long.parseLong(m.group(2));
                    Map<String, Object> context = new LinkedHashMap<>();
                    context.put("runAsUser", uid);
                    context.put("runAsGroup", gid);
                    context.put("fsGroup", gid);
                    return context;
                });
    }

    /**
     * Mode of mounted Secret files: 0440 with the {@code fsGroup} above, else 0444, since an image's user that the
     * export does not know must still read them (the pod is the boundary; nothing else mounts them).
     */
    int secretMode(String image) {
        return securityContext(image).isPresent() ? 0440 : 0444;
    }
}
