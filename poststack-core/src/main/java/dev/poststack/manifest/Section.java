package dev.poststack.manifest;

import dev.poststack.text.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML map read as one part of the manifest (for example {@code images.pg.dockerfile}): typed access
 * to its keys, reporting wrong types, missing and unknown keys to {@link Problems} instead of failing,
 * so that checking goes on and every problem is found.
 */
final class Section {

    private final YamlNode.Mapping map;
    private final Location anchor;
    private final String path;
    private final Problems problems;

    private Section(YamlNode.Mapping map, Location anchor, String path, Problems problems) {
        this.map = map;
        this.anchor = anchor;
        this.path = path;
        this.problems = problems;
    }

    /**
     * Reads {@code node} as a map with the given keys.
     *
     * @param anchor  where problems about missing keys point (the key that introduced this map)
     * @param path    dotted name of the map in messages; empty for the top level
     * @param example what the map should look like, for the hint when it is not a map
     * @return empty, with a problem recorded, when the node is not a map
     */
    static Optional<Section> of(YamlNode node, Location anchor, String path, Problems problems, String example,
                                List<String> allowed) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            problems.add(node.location(), "`" + path + "` must be a map, not " + node.describe(),
                    "write it as e.g. " + example);
            return Optional.empty();
        }
        Section section = new Section(mapping, anchor, path, problems);
        section.reportUnknownKeys(allowed);
        return Optional.of(section);
    }

    String path() {
        return path;
    }

    /**
     * Reads each item of the list under {@code key} as a map of its own ({@code key[i]} in messages), keeping
     * the values {@code read} returns; items that are not maps are reported with {@code example}.
     */
    <T> List<T> eachMap(String key, List<YamlNode> items, String example, List<String> allowed,
                        java.util.function.Function<Section, Optional<T>> read) {
        List<T> result = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            of(item, item.location(), path(key) + "[" + i + "]", problems, example, allowed)
                    .flatMap(read)
                    .ifPresent(result::add);
        }
        return result;
    }

    /** The dotted name of one key of this map, as shown in messages. */
    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Location anchor() {
        return anchor;
    }

    /** Where this map's problems go, for a nested map read with {@link #of}. */
    Problems problems() {
        return problems;
    }

    List<YamlNode.Entry> entries() {
        return map.entries();
    }

    /** The entry for {@code key} unless it is absent or empty ({@code key:} with no value). */
    Optional<YamlNode.Entry> entry(String key) {
        return map.entry(key).filter(e -> !(e.value() instanceof YamlNode.Scalar s && s.isNull()));
    }

    /** The entry for {@code key} even when its value is empty. */
    Optional<YamlNode.Entry> raw(String key) {
        return map.entry(key);
    }

    /** The entries of those {@code keys} that are written, even empty, in the order of {@code keys}. */
    List<YamlNode.Entry> written(List<String> keys) {
        return keys.stream().flatMap(k -> raw(k).stream()).toList();
    }

    boolean has(String key) {
        return entry(key).isPresent();
    }

    /** A present key whose value is a string, number or boolean; a list or map is reported. */
    Optional<YamlNode.Scalar> scalar(String key, String example) {
        Optional<YamlNode.Entry> entry = entry(key);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (entry.get().value() instanceof YamlNode.Scalar s) {
            return Optional.of(s);
        }
        typeProblem(entry.get().value(), path(key), "a string", key + ": " + example);
        return Optional.empty();
    }

    /** A whole number from {@code min} to {@code max}, quoted or not; anything else is reported. */
    Optional<Integer> integer(String key, int min, int max, String example) {
        return scalar(key, example).flatMap(v -> integer(key, v, min, max, example));
    }

    /** Like {@link #integer(String, int, int, String)}, for the value of {@code key} already read. */
    Optional<Integer> integer(String key, YamlNode.Scalar value, int min, int max, String example) {
        if (Rules.WHOLE_NUMBER.matcher(value.text()).matches()) {
            int n = Integer.parseInt(value.text());
            if (n >= min && n <= max) {
                return Optional.of(n);
            }
        }
        problem(value.location(), "`" + path(key) + "` `" + value.text() + "` is not a whole number from " + min
                + " to " + max, "write it as e.g. " + key + ": " + example);
        return Optional.empty();
    }

    /** Like {@link #scalar}, but a missing key is reported at this map's anchor. */
    Optional<YamlNode.Scalar> required(String key, String example) {
        return require(key, example) ? scalar(key, example) : Optional.empty();
    }

    /** Whether {@code key} has a value; if not, reports it (at the key when written empty, else at the anchor). */
    boolean require(String key, String example) {
        if (has(key)) {
            return true;
        }
        Location at = map.entry(key).map(e -> e.key().location()).orElse(anchor);
        problems.add(at, where() + " needs `" + key + "`", "add e.g. " + key + ": " + example);
        return false;
    }

    /** A nested map, checked against its own allowed keys. */
    Optional<Section> section(String key, String example, List<String> allowed) {
        return entry(key).flatMap(e -> of(e.value(), e.key().location(), path(key), problems, example, allowed));
    }

    /** A nested list; any other value is reported. */
    Optional<YamlNode.Sequence> sequence(String key, String what, String example) {
        Optional<YamlNode.Entry> entry = entry(key);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (entry.get().value() instanceof YamlNode.Sequence s) {
            return Optional.of(s);
        }
        typeProblem(entry.get().value(), path(key), what, key + ": " + example);
        return Optional.empty();
    }

    /**
     * A list of strings; {@code singleAllowed} also accepts one string as a one-element list. Items that
     * are not strings are reported one by one and left out.
     */
    List<YamlNode.Scalar> scalars(String key, String example, boolean singleAllowed) {
        Optional<YamlNode.Entry> entry = entry(key);
        if (entry.isEmpty()) {
            return List.of();
        }
        if (singleAllowed && entry.get().value() instanceof YamlNode.Scalar s) {
            return List.of(s);
        }
        List<YamlNode.Scalar> result = new ArrayList<>();
        sequence(key, "a list of strings", example).ifPresent(list -> {
            for (YamlNode item : list.items()) {
                if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                    result.add(s);
                } else {
                    typeProblem(item, path(key) + " item", "a string", key + ": " + example);
                }
            }
        });
        return result;
    }

    /** A map of strings (numbers and booleans are taken as written); bad values are reported and left out. */
    Map<String, String> stringMap(String key, String example) {
        Map<String, String> result = new LinkedHashMap<>();
        section(key, key + ": {" + example + "}", null).ifPresent(labels -> {
            for (YamlNode.Entry e : labels.entries()) {
                if (e.value() instanceof YamlNode.Scalar s && !s.isNull()) {
                    result.put(e.name(), s.text());
                } else {
                    typeProblem(e.value(), labels.path(e.name()), "a string", e.name() + ": \"...\"");
                }
            }
        });
        return result;
    }

    /** Records a problem at {@code at} about the key {@code key} of this map. */
    void problem(Location at, String message, String hint) {
        problems.add(at, message, hint);
    }

    private void typeProblem(YamlNode node, String name, String what, String example) {
        problems.add(node.location(), "`" + name + "` must be " + what + ", not " + node.describe(),
                "write it as e.g. " + example);
    }

    private String where() {
        return path.isEmpty() ? "the manifest" : "`" + path + "`";
    }

    /** {@code allowed} null means any key (maps of labels, env, args). */
    private void reportUnknownKeys(List<String> allowed) {
        if (allowed == null) {
            return;
        }
        for (YamlNode.Entry e : map.entries()) {
            if (!allowed.contains(e.name())) {
                String hint = Suggestions.didYouMean(e.name(), allowed, "remove it, or use one of the allowed keys");
                problems.add(e.key().location(), "unknown key `" + e.name() + "` in " + where()
                        + "; allowed keys: " + String.join(", ", allowed), hint);
            }
        }
    }
}
