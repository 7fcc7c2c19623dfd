package dev.poststack.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One Kubernetes object as the tree of maps, lists and scalars its YAML holds, and the file it is written to.
 *
 * @param file the file name in the export's folder ({@code cluster-db.yaml})
 * @param tree {@code apiVersion}, {@code kind}, {@code metadata}, {@code spec}, in that order
 */
public record KubeObject(String file, Map<String, Object> tree) {

    /** A new object's tree: its type, then metadata with name, namespace (when set) and labels. */
    static Map<String, Object> start(String apiVersion, String kind, String name, Optional<String> namespace,
                                     Map<String, Object> labels) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        namespace.ifPresent(n -> metadata.put("namespace", n));
        metadata.put("labels", labels);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", apiVersion);
        tree.put("kind", kind);
        tree.put("metadata", metadata);
        return tree;
    }

    public String kind() {
        return String.valueOf(tree.get("kind"));
    }

    @SuppressWarnings("unchecked")
    public String name() {
        return String.valueOf(((Map<String, Object>) tree.get("metadata")).get("name"));
    }

    /** A container's {@code volumeMounts} entry. */
    static Map<String, Object> mount(String volume, String path, boolean readOnly) {
        Map<String, Object> mount = new LinkedHashMap<>();
        mount.put("name", volume);
        mount.put("mountPath", path);
        mount.put("readOnly", readOnly);
        return mount;
    }

    /**
     * An ordered map of {@code key, value, key, value, ...}: {@code Map.of} iterates in an order that changes from
     * one JVM to the next, and the same manifest must give the same files.
     */
    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
