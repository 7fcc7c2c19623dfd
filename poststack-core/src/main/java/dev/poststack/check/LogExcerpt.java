package dev.poststack.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a container's output as a failure shows it, with repeated lines collapsed: a line like one shown
 * before (the same but for its digits: timestamps, pids, ports) is counted, not shown again, and the first
 * one gets {@code … 4,600 more like this}. A server that logged the same error thousands of times then shows
 * it once, next to the lines that differ.
 */
final class LogExcerpt {

    private LogExcerpt() {
    }

    /** The last {@code count} entries of {@code lines} after collapsing. */
    static List<String> of(List<String> lines, int count) {
        Map<String, int[]> seen = new LinkedHashMap<>();
        List<String> firsts = new ArrayList<>();
        for (String line : lines) {
            String shape = line.replaceAll("\\d+", "#");
            int[] repeats = seen.get(shape);
            if (repeats == null) {
                seen.put(shape, new int[] {0});
                firsts.add(line);
            } else {
                repeats[0]++;
            }
        }
        List<String> excerpt = new ArrayList<>();
        for (String line : firsts) {
            excerpt.add(line);
            int more = seen.get(line.replaceAll("\\d+", "#"))[0];
            if (more > 0) {
                excerpt.add(String.format(Locale.ROOT, "… %,d more like this", more));
            }
        }
        return excerpt.subList(Math.max(0, excerpt.size() - count), excerpt.size());
    }
}
