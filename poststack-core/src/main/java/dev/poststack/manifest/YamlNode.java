package dev.poststack.manifest;

import java.util.List;
import java.util.Optional;

/** A YAML value that remembers where it was written, so every problem can point at its source. */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    Location location();

    /** How the node reads in an error message: "a map", "a list", "a string" or "empty". */
    String describe();

    /** A string, number or boolean as written; {@code text} is null for an empty value ({@code key:} or {@code ~}). */
    record Scalar(String text, Location location) implements YamlNode {

        boolean isNull() {
            return text == null;
        }

        @Override
        public String describe() {
            return isNull() ? "empty" : "a string";
        }
    }

    /** One {@code key: value} pair; the key keeps its own location. */
    record Entry(Scalar key, YamlNode value) {

        String name() {
            return key.text();
        }
    }

    record Mapping(List<Entry> entries, Location location) implements YamlNode {

        public Mapping {
            entries = List.copyOf(entries);
        }

        Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> key.equals(e.name())).findFirst();
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    record Sequence(List<YamlNode> items, Location location) implements YamlNode {

        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }
}
