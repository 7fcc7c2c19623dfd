package dev.poststack.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates exported objects as a cluster's API server would, offline. CloudNativePG's kinds against the
 * {@code openAPIV3Schema} of their CRD (CloudNativePG's own files, test data that is not committed: found in
 * {@code shared/k8s/cnpg-crds/} next to the checkout or above it, or where {@code POSTSTACK_CNPG_CRDS} says), with
 * the fields the API server would prune as unknown reported too; the built-in kinds against
 * {@code kubernetes/core-kinds.schema.json}, the fields the API server requires of them.
 */
final class KubeSchemas {

    static final String CRDS_ENV = "POSTSTACK_CNPG_CRDS";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Schema> CRD_SCHEMAS = new ConcurrentHashMap<>();
    private static final Map<String, JsonNode> CRD_TREES = new ConcurrentHashMap<>();

    private KubeSchemas() {
    }

    /**
     * CloudNativePG's CRD folder. HOST.md: the machines these tests run on (CI's too) have it at
     * {@code ../shared/k8s/cnpg-crds/}; a checkout in a worktree folder finds it one level further up.
     */
    static Path crdFolder() {
        String configured = Optional.ofNullable(System.getProperty("poststack.cnpg.crds")).orElse(System.getenv(CRDS_ENV));
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/k8s/cnpg-crds");
            if (Files.isRegularFile(candidate.resolve("postgresql.cnpg.io_clusters.yaml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("CloudNativePG's CRD files (postgresql.cnpg.io_*.yaml) are not in"
                + " shared/k8s/cnpg-crds/ next to or above " + Path.of("").toAbsolutePath() + "; fix: set " + CRDS_ENV
                + " to a folder holding config/crd/bases/ of github.com/cloudnative-pg/cloudnative-pg");
    }

    /** What the API server would refuse or drop of {@code object}; empty when it would take it as it is. */
    static List<String> problems(KubeObject object) {
        JsonNode document = JSON.valueToTree(object.tree());
        String apiVersion = document.path("apiVersion").asText();
        List<String> problems = new ArrayList<>();
        if (apiVersion.startsWith("postgresql.cnpg.io/")) {
            JsonNode schema = crdSchema(object.kind(), apiVersion.substring(apiVersion.indexOf('/') + 1));
            CRD_SCHEMAS.computeIfAbsent(object.kind(), k -> SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30())
                    .getSchema(schema)).validate(document).forEach(e -> problems.add(describe(e)));
            unknownFields(document, schema, "", problems);
            metadata().validate(document.path("metadata")).forEach(e -> problems.add(".metadata" + describe(e)));
        } else {
            Schema core = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(coreKinds());
            core.validate(document).forEach(e -> problems.add(describe(e)));
        }
        return problems;
    }

    private static String describe(Error e) {
        return e.getInstanceLocation() + ": " + e.getMessage();
    }

    /** The {@code openAPIV3Schema} of {@code kind} at {@code version} in its CRD file. */
    static JsonNode crdSchema(String kind, String version) {
        JsonNode crd = CRD_TREES.computeIfAbsent(kind, k -> {
            Path file = crdFolder().resolve("postgresql.cnpg.io_" + k.toLowerCase() + "s.yaml");
            try {
                return YAML.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        });
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals(version)) {
                return v.path("schema").path("openAPIV3Schema");
            }
        }
        throw new IllegalStateException("the CRD of " + kind + " has no version " + version);
    }

    /**
     * Fields a structural schema does not declare: the API server prunes them without a word, so a misspelt field
     * would be lost silently. Maps ({@code additionalProperties}) and {@code x-kubernetes-preserve-unknown-fields}
     * keep whatever they hold.
     */
    static void unknownFields(JsonNode value, JsonNode schema, String path, List<String> problems) {
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String where = path + "." + field.getKey();
                if (path.isEmpty() && field.getKey().equals("metadata")) {
                    continue; // ObjectMeta: CRDs leave it to the API server, core-kinds.schema.json's rule below checks it.
                }
                if (properties.has(field.getKey())) {
                    unknownFields(field.getValue(), properties.get(field.getKey()), where, problems);
                } else if (additional.isObject()) {
                    unknownFields(field.getValue(), additional, where, problems);
                } else if (!path.isEmpty() || !List.of("apiVersion", "kind").contains(field.getKey())) {
                    problems.add(where + ": not in the schema (the API server would drop it)");
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                unknownFields(value.get(i), schema.path("items"), path + "[" + i + "]", problems);
            }
        }
    }

    /** The ObjectMeta rule of core-kinds.schema.json, which CRD objects must meet as well. */
    private static Schema metadata() {
        JsonNode root = coreKinds();
        com.fasterxml.jackson.databind.node.ObjectNode rule = ((com.fasterxml.jackson.databind.node.ObjectNode) root
                .path("$defs").path("metadata").deepCopy());
        rule.put("$schema", root.path("$schema").asText());
        rule.set("$defs", root.path("$defs"));
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(rule);
    }

    private static JsonNode coreKinds() {
        try (InputStream in = KubeSchemas.class.getResourceAsStream("/kubernetes/core-kinds.schema.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
