package dev.poststack.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names under a manifest's {@code images:} and {@code services:}, read as plain YAML with none of the
 * loader's rules: shell completion wants them while the manifest is being edited, and fast.
 */
public final class DeclaredNames {

    private static final List<String> SECTIONS = List.of("images", "services");

    private DeclaredNames() {
    }

    /** Section name to its keys in file order; empty lists where the file or a section cannot be read. */
    public static Map<String, List<String>> read(Path manifestFile) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        SECTIONS.forEach(section -> names.put(section, new ArrayList<>()));
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(manifestFile.toFile());
        } catch (IOException | RuntimeException e) {
            return names; // Nothing to complete from a file that is not YAML (yet).
        }
        for (String section : SECTIONS) {
            JsonNode node = root == null ? null : root.get(section);
            if (node != null && node.isObject()) {
                node.fieldNames().forEachRemaining(names.get(section)::add);
            }
        }
        return names;
    }
}
