package dev.poststack.build;

import dev.poststack.manifest.ImageSpec;
import dev.poststack.manifest.Manifest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The images of a manifest as a graph of parent and child. The manifest loader has already rejected
 * missing parents and cycles, so every parent named here exists and the order is total.
 */
public final class BuildGraph {

    private final Map<String, Optional<String>> parentOf;
    private final Map<String, List<String>> childrenOf;
    private final List<String> order;

    private BuildGraph(Map<String, Optional<String>> parentOf) {
        this.parentOf = parentOf;
        this.childrenOf = new LinkedHashMap<>();
        parentOf.keySet().forEach(name -> childrenOf.put(name, new ArrayList<>()));
        parentOf.forEach((name, parent) -> parent.filter(childrenOf::containsKey)
                .ifPresent(p -> childrenOf.get(p).add(name)));
        this.order = topologicalOrder();
    }

    /** The graph of every image in the manifest. */
    public static BuildGraph of(Manifest manifest) {
        Map<String, Optional<String>> parents = new LinkedHashMap<>();
        // Images from a registry come first, as nodes of their own without a parent.
        for (ImageSpec spec : manifest.images().values()) {
            spec.parent().filter(BuildGraph::isExternal).ifPresent(p -> parents.putIfAbsent(p, Optional.empty()));
        }
        for (ImageSpec spec : manifest.images().values()) {
            parents.put(spec.name(), spec.parent());
        }
        return new BuildGraph(parents);
    }

    /** Whether the node is an image from a registry (a {@code from:} reference), not one of the manifest. */
    public static boolean isExternal(String node) {
        return dev.poststack.manifest.ImageReferences.isExternal(node);
    }

    /**
     * The sub-graph needed to build {@code targets}: the targets and all their ancestors.
     *
     * @throws IllegalArgumentException naming any target that is not an image of this graph
     */
    public BuildGraph closureOf(Collection<String> targets) {
        List<String> unknown = targets.stream().filter(t -> !parentOf.containsKey(t)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no image named " + String.join(", ", unknown)
                    + " in the manifest; images are: " + String.join(", ", parentOf.keySet()));
        }
        Set<String> needed = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(targets);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (needed.add(name)) {
                parentOf.get(name).ifPresent(todo::push);
            }
        }
        Map<String, Optional<String>> sub = new LinkedHashMap<>();
        parentOf.forEach((name, parent) -> {
            if (needed.contains(name)) {
                sub.put(name, parent);
            }
        });
        return new BuildGraph(sub);
    }

    /** Every image, parents before children, otherwise in manifest order. */
    public List<String> order() {
        return order;
    }

    public Optional<String> parentOf(String image) {
        return parentOf.getOrDefault(image, Optional.empty());
    }

    public List<String> childrenOf(String image) {
        return List.copyOf(childrenOf.getOrDefault(image, List.of()));
    }

    /** Every image that (transitively) builds on {@code image}. */
    public List<String> descendantsOf(String image) {
        List<String> result = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(childrenOf(image));
        while (!todo.isEmpty()) {
            String next = todo.removeFirst();
            result.add(next);
            todo.addAll(childrenOf(next));
        }
        return result;
    }

    /** Image name to parent name, in manifest order. */
    public Map<String, Optional<String>> parents() {
        return java.util.Collections.unmodifiableMap(parentOf);
    }

    private List<String> topologicalOrder() {
        List<String> result = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        // Manifest order among independent images keeps output stable and predictable.
        boolean progress = true;
        while (result.size() < parentOf.size() && progress) {
            progress = false;
            for (Map.Entry<String, Optional<String>> entry : parentOf.entrySet()) {
                String name = entry.getKey();
                boolean parentReady = entry.getValue().map(p -> placed.contains(p) || !parentOf.containsKey(p))
                        .orElse(true);
                if (!placed.contains(name) && parentReady) {
                    placed.add(name);
                    result.add(name);
                    progress = true;
                }
            }
        }
        if (result.size() < parentOf.size()) {
            throw new IllegalStateException("cycle among " + parentOf.keySet() + "; the manifest loader must reject it");
        }
        return List.copyOf(result);
    }
}
