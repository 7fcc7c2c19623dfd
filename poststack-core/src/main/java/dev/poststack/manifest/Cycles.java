package dev.poststack.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** What the checks for cycles (images built from each other, services waiting on each other) share. */
final class Cycles {

    private Cycles() {
    }

    /**
     * A new list of the members of {@code cycle} in cycle order, starting at the member declared first, so that
     * the message is the same however the cycle was found.
     */
    static List<String> fromFirstDeclared(List<String> cycle, List<String> declared) {
        String first = cycle.stream().min(Comparator.comparingInt(declared::indexOf)).orElseThrow();
        List<String> path = new ArrayList<>(cycle);
        Collections.rotate(path, -cycle.indexOf(first));
        return path;
    }
}
