package dev.poststack.text;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keys, names and paths, shared by every reader of user input.
 *
 * <pre>{@code
 * Suggestions.closest("defualts", List.of("version", "defaults", "images")) // Optional[defaults]
 * }</pre>
 */
public final class Suggestions {

    private static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code text}, if it is at most two edits away; short words get one edit,
     * since two edits turn any three-letter word into many others.
     */
    public static Optional<String> closest(String text, Collection<String> candidates) {
        String best = null;
        int bestDistance = Math.min(MAX_DISTANCE, text.length() / 2) + 1;
        for (String candidate : candidates) {
            int d = distance(text, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** "did you mean `x`?" for the closest candidate, else {@code otherwise}. */
    public static String didYouMean(String text, Collection<String> candidates, String otherwise) {
        return didYouMean(closest(text, candidates), otherwise);
    }

    /** "did you mean `x`?" for a suggestion found otherwise (a path, say), else {@code otherwise}. */
    public static String didYouMean(Optional<String> suggestion, String otherwise) {
        return suggestion.map(s -> "did you mean `" + s + "`?").orElse(otherwise);
    }

    /**
     * Edit distance counting a swap of two neighbours as one edit (optimal string alignment), case-insensitive:
     * a wrong case and swapped letters ({@code tpc} for {@code tcp}) are the most common slips.
     */
    private static int distance(String a, String b) {
        String s = a.toLowerCase(java.util.Locale.ROOT);
        String t = b.toLowerCase(java.util.Locale.ROOT);
        int[] beforePrevious = new int[t.length() + 1];
        int[] previous = new int[t.length() + 1];
        int[] current = new int[t.length() + 1];
        for (int j = 0; j <= t.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= t.length(); j++) {
                int substitution = previous[j - 1] + (s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                if (i > 1 && j > 1 && s.charAt(i - 1) == t.charAt(j - 2) && s.charAt(i - 2) == t.charAt(j - 1)) {
                    current[j] = Math.min(current[j], beforePrevious[j - 2] + 1);
                }
            }
            int[] recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }
        return previous[t.length()];
    }
}
