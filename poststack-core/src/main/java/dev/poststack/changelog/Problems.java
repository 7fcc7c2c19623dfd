package dev.poststack.changelog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects problems while the whole tree is read, so the user sees all of them at once. */
final class Problems {

    private final List<ChangelogProblem> found = new ArrayList<>();

    void add(Path file, Mark at, String message, String hint) {
        found.add(new ChangelogProblem(file, at.line(), at.column(), message, hint));
    }

    /** By file (files in {@code readOrder} first, in that order), then line and column. */
    List<ChangelogProblem> sorted(List<Path> readOrder) {
        Map<Path, Integer> rank = new HashMap<>();
        readOrder.forEach(file -> rank.putIfAbsent(file, rank.size()));
        found.forEach(p -> rank.putIfAbsent(p.file(), rank.size()));
        return found.stream()
                .sorted(Comparator.<ChangelogProblem>comparingInt(p -> rank.get(p.file()))
                        .thenComparingInt(ChangelogProblem::line)
                        .thenComparingInt(ChangelogProblem::column))
                .toList();
    }
}
