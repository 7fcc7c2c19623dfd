package dev.poststack.run;

import dev.poststack.api.PoststackException;
import dev.poststack.manifest.ServiceSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Services in the order they start: each after the services it depends on, otherwise as declared. */
public final class ServiceOrder {

    private ServiceOrder() {
    }

    /**
     * The requested services (all when empty) and everything they depend on, dependencies first.
     *
     * @throws PoststackException {@code INVALID_INPUT} naming a service the manifest does not declare
     */
    public static List<String> of(Map<String, ServiceSpec> services, Collection<String> requested) {
        List<String> unknown = requested.stream().filter(s -> !services.containsKey(s)).toList();
        if (!unknown.isEmpty()) {
            throw PoststackException.invalidInput("no service named " + String.join(", ", unknown)
                    + " in the manifest; services: " + String.join(", ", services.keySet()));
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String name : requested.isEmpty() ? services.keySet() : requested) {
            visit(name, services, ordered, new LinkedHashSet<>());
        }
        return new ArrayList<>(ordered);
    }

    /** The manifest loader rejects cycles, so {@code path} only guards against a broken invariant. */
    private static void visit(String name, Map<String, ServiceSpec> services, Set<String> ordered, Set<String> path) {
        if (ordered.contains(name)) {
            return;
        }
        if (!path.add(name)) {
            throw new IllegalStateException("dependency cycle through " + path);
        }
        for (String dependency : services.get(name).dependsOn()) {
            visit(dependency, services, ordered, path);
        }
        ordered.add(name);
    }
}
