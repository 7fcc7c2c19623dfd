package dev.poststack.manifest;

import dev.poststack.text.Suggestions;
import java.util.List;
import java.util.Optional;

/**
 * The names declared under {@code images}, {@code secrets} and {@code services}, taken from the keys before
 * the entries are read: a reference is checked against what was written, so an entry with a problem of its
 * own does not also make every reference to it a problem.
 *
 * @param databaseServices the services that declare a {@code database:} block
 */
record Declared(List<String> images, List<String> secrets, List<String> services, List<String> databaseServices) {

    static Declared of(Section top) {
        List<YamlNode.Entry> services = entries(top, "services");
        List<String> databaseServices = services.stream()
                .filter(e -> e.value() instanceof YamlNode.Mapping m && m.entry("database")
                        .filter(d -> !(d.value() instanceof YamlNode.Scalar v && v.isNull())).isPresent())
                .map(YamlNode.Entry::name).toList();
        return new Declared(names(entries(top, "images")), names(entries(top, "secrets")), names(services),
                databaseServices);
    }

    /** Reports {@code value} (written under {@code key} of {@code s}) unless it names a declared image. */
    boolean checkImage(Section s, String key, YamlNode.Scalar value) {
        return check(s, key, value, "image", "images", images);
    }

    boolean checkSecret(Section s, String key, YamlNode.Scalar value) {
        return check(s, key, value, "secret", "secrets", secrets);
    }

    boolean checkService(Section s, String key, YamlNode.Scalar value) {
        return check(s, key, value, "service", "services", services);
    }

    private static boolean check(Section s, String key, YamlNode.Scalar value, String what, String section,
                                 List<String> names) {
        if (names.contains(value.text())) {
            return true;
        }
        s.problem(value.location(), "`" + s.path(key) + "` names " + what + " `" + value.text() + "`, but no "
                + what + " `" + value.text() + "` is declared under `" + section + ":`",
                Suggestions.didYouMean(value.text(), names, names.isEmpty() ? "declare it under `" + section + ":`"
                        : "declare it under `" + section + ":`, or use one of: " + String.join(", ", names)));
        return false;
    }

    private static List<YamlNode.Entry> entries(Section top, String key) {
        Optional<YamlNode> value = top.raw(key).map(YamlNode.Entry::value);
        return value.filter(YamlNode.Mapping.class::isInstance).map(v -> ((YamlNode.Mapping) v).entries())
                .orElse(List.of());
    }

    private static List<String> names(List<YamlNode.Entry> entries) {
        return entries.stream().map(YamlNode.Entry::name).toList();
    }
}
