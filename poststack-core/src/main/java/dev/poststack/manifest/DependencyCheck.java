package dev.poststack.manifest;

import dev.poststack.text.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks that every {@code depends-on} names another declared service and that no services wait on each other. */
final class DependencyCheck {

    /** Service {@code service} waits for the service named by {@code on}. */
    record Dependency(String service, YamlNode.Scalar on) {
    }

    private DependencyCheck() {
    }

    static void check(List<String> declared, List<Dependency> dependencies, Problems problems) {
        Map<String, List<Dependency>> edges = new LinkedHashMap<>();
        for (Dependency d : dependencies) {
            String target = d.on().text();
            if (target.equals(d.service())) {
                problems.add(d.on().location(), "service `" + target + "` depends on itself",
                        "remove `" + target + "` from its `depends-on`");
            } else if (!declared.contains(target)) {
                problems.add(d.on().location(), "service `" + d.service() + "` depends on `" + target
                        + "`, but no service `" + target + "` is declared", Suggestions.didYouMean(target, declared,
                        "declare it under `services:`, or use one of: " + String.join(", ", declared)));
            } else {
                edges.computeIfAbsent(d.service(), s -> new ArrayList<>()).add(d);
            }
        }
        Set<String> finished = new HashSet<>();
        Set<List<String>> reported = new HashSet<>();
        for (String service : declared) {
            visit(service, new ArrayList<>(), finished, reported, declared, edges, problems);
        }
    }

    /** Depth first; meeting a service already on the current path closes a cycle. */
    private static void visit(String service, List<String> path, Set<String> finished, Set<List<String>> reported,
                              List<String> declared, Map<String, List<Dependency>> edges, Problems problems) {
        if (finished.contains(service)) {
            return;
        }
        int start = path.indexOf(service);
        if (start >= 0) {
            report(path.subList(start, path.size()), reported, declared, edges, problems);
            return;
        }
        path.add(service);
        for (Dependency d : edges.getOrDefault(service, List.of())) {
            visit(d.on().text(), path, finished, reported, declared, edges, problems);
        }
        path.remove(path.size() - 1);
        finished.add(service);
    }

    private static void report(List<String> cycle, Set<List<String>> reported, List<String> declared,
                               Map<String, List<Dependency>> edges, Problems problems) {
        List<String> path = Cycles.fromFirstDeclared(cycle, declared);
        if (!reported.add(List.copyOf(path))) {
            return;
        }
        String first = path.get(0);
        String next = path.size() > 1 ? path.get(1) : first;
        Dependency edge = edges.get(first).stream().filter(d -> d.on().text().equals(next)).findFirst().orElseThrow();
        path.add(first);
        problems.add(edge.on().location(), "services depend on each other in a cycle: " + String.join(" -> ", path),
                "remove one `depends-on` entry of " + String.join(", ", cycle) + " to break it");
    }
}
