package dev.poststack.manifest;

import dev.poststack.text.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks that every {@code from:} names a declared image and that no image is (indirectly) its own parent. */
final class ParentCheck {

    /** Image {@code image} is built {@code from} the image named by the scalar. */
    record ParentRef(String image, YamlNode.Scalar from) {
    }

    private ParentCheck() {
    }

    static void check(List<String> declared, List<ParentRef> refs, Problems problems) {
        Map<String, ParentRef> edges = new LinkedHashMap<>();
        for (ParentRef ref : refs) {
            String parent = Catalog.imageName(ref.from().text());
            if (ImageReferences.isExternal(parent)) {
                // An image from a registry: pulled or read from there, never built, so no cycle through it.
                ImageReferences.referenceProblem(parent).ifPresent(problem -> problems.add(ref.from().location(),
                        "image `" + ref.image() + "` is built `from:` " + problem,
                        "name it as host[:port]/path[:tag] or host[:port]/path@sha256:<64 hex digits>,"
                                + " e.g. registry.example:5000/team/base:1.2"));
            } else if (parent.equals(ref.image())) {
                problems.add(ref.from().location(), "image `" + ref.image() + "` is built `from: " + parent
                        + "`, that is from itself", "name another image as its parent, or build it from a rootfs");
            } else if (!declared.contains(parent)) {
                problems.add(ref.from().location(), "image `" + ref.image() + "` is built `from: " + parent
                        + "`, but no image `" + parent + "` is declared", missingHint(parent, declared));
            } else {
                edges.putIfAbsent(ref.image(), ref);
            }
        }
        reportCycles(declared, edges, problems);
    }

    private static String missingHint(String parent, List<String> declared) {
        return Suggestions.didYouMean(parent, declared, "declare it under `images`, or use one of: "
                + String.join(", ", declared));
    }

    /** Each image has at most one parent, so following parents from every image finds each cycle once. */
    private static void reportCycles(List<String> declared, Map<String, ParentRef> edges, Problems problems) {
        Set<String> done = new HashSet<>();
        for (String start : declared) {
            List<String> chain = new ArrayList<>();
            String current = start;
            while (current != null && !done.contains(current) && !chain.contains(current)) {
                chain.add(current);
                ParentRef ref = edges.get(current);
                current = ref == null ? null : Catalog.imageName(ref.from().text());
            }
            if (current != null && chain.contains(current)) {
                report(chain.subList(chain.indexOf(current), chain.size()), declared, edges, problems);
            }
            done.addAll(chain);
        }
    }

    private static void report(List<String> cycle, List<String> declared, Map<String, ParentRef> edges,
                               Problems problems) {
        List<String> path = Cycles.fromFirstDeclared(cycle, declared);
        String first = path.get(0);
        path.add(first);
        problems.add(edges.get(first).from().location(), "images are built from each other in a cycle: "
                + String.join(" -> ", path), "build one of " + String.join(", ", cycle)
                + " from an image outside the cycle, or from a rootfs");
    }
}
