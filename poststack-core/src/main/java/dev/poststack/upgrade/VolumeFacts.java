package dev.poststack.upgrade;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code poststack-upgrade inspect} saw on a service's data volume (its {@code key=value} lines).
 *
 * @param version    the cluster's major ({@code PG_VERSION}); empty when the volume holds no cluster
 * @param oldMajor   the major the task image upgrades from
 * @param newMajor   the major the task image upgrades to
 * @param usedKb     the cluster's size
 * @param freeKb     the room left on the volume's file system
 * @param reflink    whether the file system clones files (pg_upgrade {@code --clone})
 * @param stageLeft  a restore's or upgrade's {@code .poststack-restore} was left on the volume
 * @param available  the extensions the new major has (its {@code .control} files)
 */
public record VolumeFacts(Optional<Integer> version, int oldMajor, int newMajor, long usedKb, long freeKb,
                          boolean reflink, boolean stageLeft, Set<String> available) {

    public VolumeFacts {
        available = Set.copyOf(available);
    }

    /** @throws IllegalArgumentException when a line is missing or not a number where one is due */
    public static VolumeFacts parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        text.lines().map(String::strip).filter(l -> l.contains("=")).forEach(l -> {
            int eq = l.indexOf('=');
            values.put(l.substring(0, eq), l.substring(eq + 1));
        });
        String version = value(values, "version");
        Set<String> available = new TreeSet<>();
        for (String name : value(values, "extensions").split(",")) {
            if (!name.isBlank()) {
                available.add(name.strip());
            }
        }
        return new VolumeFacts(version.equals("none") ? Optional.empty() : Optional.of(number(values, "version")),
                number(values, "old_major"), number(values, "new_major"), kilobytes(values, "used_kb"),
                kilobytes(values, "free_kb"), "yes".equals(value(values, "reflink")), "yes".equals(value(values, "stage")),
                available);
    }

    private static String value(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("poststack-upgrade inspect printed no `" + key + "=` line");
        }
        return value;
    }

    private static int number(Map<String, String> values, String key) {
        return Integer.parseInt(value(values, key).strip());
    }

    private static long kilobytes(Map<String, String> values, String key) {
        return Long.parseLong(value(values, key).strip());
    }
}
