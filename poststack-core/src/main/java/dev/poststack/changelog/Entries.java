package dev.poststack.changelog;

import dev.poststack.text.Suggestions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the attributes of a {@code changeSet}, {@code include} or {@code includeAll} into a
 * {@link ChangelogEntry}, the same way for YAML, JSON and XML, and reports entries Liquibase does not know.
 */
final class Entries {

    /** The one top-level key of a YAML or JSON changelog, and the root element of an XML one. */
    static final String ROOT = "databaseChangeLog";

    /** What Liquibase accepts under {@code databaseChangeLog}: elements in XML, list items in YAML and JSON. */
    static final List<String> ELEMENTS = List.of("changeSet", "include", "includeAll", "preConditions", "property",
            "modifyChangeSets", "removeChangeSetProperty");

    /** The changelog's own attributes, which YAML and JSON write as list items too. */
    static final List<String> ATTRIBUTES = List.of("logicalFilePath", "objectQuotingStrategy", "context",
            "contextFilter");

    /** Liquibase reads YAML with SnakeYAML's YAML 1.1 rules, where yes/no and on/off are booleans too. */
    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");

    /** An attribute's text (null for an empty value) and where it was written. */
    record Value(String text, Mark at) {
    }

    private Entries() {
    }

    /** The entry for {@code kind}; empty for the kinds the tree does not follow, or with a problem recorded. */
    static Optional<ChangelogEntry> of(String kind, Map<String, Value> attributes, Mark at, Path file,
                                       Problems problems) {
        return switch (kind) {
            case "changeSet" -> Optional.of(new ChangelogEntry.Declared(text(attributes, "id"),
                    text(attributes, "author"), text(attributes, "logicalFilePath"), at, List.of()));
            case "include" -> target(kind, "file", "changes/002-more.yaml", attributes, at, file, problems)
                    .map(f -> new ChangelogEntry.Include(f.text(),
                            flag(attributes, "relativeToChangelogFile", false, file, problems),
                            flag(attributes, "errorIfMissing", true, file, problems), f.at()));
            case "includeAll" -> target(kind, "path", "changes/", attributes, at, file, problems)
                    .map(p -> new ChangelogEntry.IncludeAll(p.text(),
                            flag(attributes, "relativeToChangelogFile", false, file, problems),
                            flag(attributes, "errorIfMissingOrEmpty", true, file, problems), p.at()));
            default -> Optional.empty();
        };
    }

    /** An entry (YAML, JSON) or element (XML) under {@code databaseChangeLog} that Liquibase rejects or ignores. */
    static void reportUnknown(String kind, List<String> allowed, Mark at, Path file, Problems problems) {
        problems.add(file, at, "unknown entry `" + kind + "` in `" + ROOT + "`; Liquibase knows "
                        + String.join(", ", allowed),
                Suggestions.didYouMean(kind, allowed, "remove it, or use one of the entries Liquibase knows"));
    }

    /** Whether {@code key} (of a {@code sqlFile} change) says true; Liquibase's default is false. */
    static boolean isTrue(Map<String, Value> attributes, String key) {
        Value value = attributes.get(key);
        return value != null && value.text() != null && TRUE.contains(value.text().toLowerCase(Locale.ROOT));
    }

    private static Optional<Value> target(String kind, String key, String example, Map<String, Value> attributes,
                                          Mark at, Path file, Problems problems) {
        Value value = attributes.get(key);
        if (value == null || value.text() == null || value.text().isBlank()) {
            problems.add(file, value == null ? at : value.at(), "`" + kind + "` without `" + key + "`",
                    "name what to include with `" + key + "`, e.g. " + example);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static String text(Map<String, Value> attributes, String key) {
        Value value = attributes.get(key);
        return value == null || value.text() == null || value.text().isBlank() ? null : value.text();
    }

    private static boolean flag(Map<String, Value> attributes, String key, boolean absent, Path file,
                                Problems problems) {
        Value value = attributes.get(key);
        if (value == null || value.text() == null) {
            return absent;
        }
        String text = value.text().toLowerCase(Locale.ROOT);
        if (TRUE.contains(text)) {
            return true;
        }
        if (!FALSE.contains(text)) {
            problems.add(file, value.at(), "`" + key + "` is `" + value.text() + "`, not true or false",
                    "use true or false; left out, it is " + absent);
            return absent;
        }
        return false;
    }
}
