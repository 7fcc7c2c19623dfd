package dev.poststack.manifest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A validated manifest as a plain tree (maps in declaration order, lists, strings, numbers, booleans), the
 * defaults filled in and paths resolved: what {@code poststack config} prints. Built from the records' own
 * components, so a field added to a spec shows up without a change here. Secrets appear as their
 * declarations (generated, from an environment variable, from a file), never as values: a manifest holds
 * none.
 */
public final class ManifestTree {

    private final Path baseDir;

    private ManifestTree(Path baseDir) {
        this.baseDir = baseDir;
    }

    public static Map<String, Object> of(Manifest manifest) {
        Map<String, Object> tree = new LinkedHashMap<>();
        ManifestTree walker = new ManifestTree(manifest.baseDir());
        tree.put("file", manifest.file().toString());
        tree.put("baseDir", manifest.baseDir().toString());
        tree.put("defaults", walker.value(manifest.defaults()));
        tree.put("images", walker.value(manifest.images()));
        tree.put("secrets", walker.value(manifest.secrets()));
        tree.put("services", walker.value(manifest.services()));
        manifest.schema().ifPresent(schema -> tree.put("schema", walker.value(schema)));
        if (!manifest.kubernetes().equals(KubernetesSpec.NONE)) {
            tree.put("kubernetes", walker.value(manifest.kubernetes()));
        }
        return tree;
    }

    private Object value(Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.map(this::value).orElse(null);
        }
        if (value instanceof OptionalInt optional) {
            return optional.isPresent() ? optional.getAsInt() : null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(value(v)));
            return out;
        }
        if (value instanceof Record record) {
            return record(record);
        }
        if (value instanceof Path path) {
            // Relative to the manifest's folder where it is inside it, as the manifest writes it.
            Path absolute = path.toAbsolutePath().normalize();
            Path base = baseDir.toAbsolutePath().normalize();
            return absolute.startsWith(base) && !absolute.equals(base) ? base.relativize(absolute).toString()
                    : path.toString();
        }
        if (value instanceof Duration duration) {
            return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
        }
        if (value instanceof Pattern pattern) {
            return pattern.pattern();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof URI || value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return value.toString();
    }

    /** A record's components; where it is one of a sealed interface's kinds, the kind first. */
    private Map<String, Object> record(Record record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Class<?> type : record.getClass().getInterfaces()) {
            if (type.isSealed()) {
                String simple = record.getClass().getSimpleName();
                out.put("kind", Character.toLowerCase(simple.charAt(0)) + simple.substring(1).replace("Spec", ""));
            }
        }
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getType() == Location.class) {
                continue; // Where it was declared: the manifest itself shows that.
            }
            try {
                Object v = value(component.getAccessor().invoke(record));
                if (v != null) {
                    out.put(component.getName(), v);
                }
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
        return out;
    }
}
