package dev.poststack.manifest;

import dev.poststack.manifest.KubernetesSpec.Cluster;
import dev.poststack.manifest.KubernetesSpec.PoolMode;
import dev.poststack.manifest.KubernetesSpec.Pooler;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the {@code kubernetes} section: the namespace and, per database service, its Cluster's settings. */
final class KubernetesReader {

    static final List<String> KEYS = List.of("namespace", "clusters");
    static final String EXAMPLE = "{clusters: {db: {instances: 3, storage: 10Gi, pooler: {instances: 2}}}}";
    private static final List<String> CLUSTER_KEYS = List.of("instances", "storage", "storage-class", "preload",
            "postgres-uid", "postgres-major", "pooler");
    private static final List<String> POOLER_KEYS = List.of("instances", "mode");
    /** A Kubernetes quantity as storage is written: a number and a binary or decimal suffix. */
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
    /** A DNS-1123 subdomain, what Kubernetes accepts as a storage class name. */
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final Pattern LIBRARY = Pattern.compile("[A-Za-z0-9_$-]+");

    private final Declared declared;

    KubernetesReader(Declared declared) {
        this.declared = declared;
    }

    KubernetesSpec read(Section k) {
        Optional<String> namespace = k.scalar("namespace", "my-app").filter(n -> {
            if (Rules.DNS_LABEL.matcher(n.text()).matches()) {
                return true;
            }
            k.problem(n.location(), "`" + k.path("namespace") + "` `" + n.text() + "` is not a Kubernetes namespace"
                    + " name", "use at most 63 lowercase letters, digits and `-`, starting and ending with a letter"
                    + " or digit, e.g. my-app");
            return false;
        }).map(YamlNode.Scalar::text);
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        k.section("clusters", "{db: {instances: 3}}", null).ifPresent(section -> {
            for (YamlNode.Entry entry : section.entries()) {
                YamlNode.Scalar name = new YamlNode.Scalar(entry.name(), entry.key().location());
                if (!declared.checkService(section, entry.name(), name) || !isDatabase(section, name)) {
                    continue;
                }
                Section.of(entry.value(), entry.key().location(), section.path(entry.name()), section.problems(),
                        "{instances: 3, storage: 10Gi}", CLUSTER_KEYS).map(KubernetesReader::cluster)
                        .ifPresent(c -> clusters.put(entry.name(), c));
            }
        });
        return new KubernetesSpec(namespace, clusters);
    }

    private boolean isDatabase(Section clusters, YamlNode.Scalar service) {
        if (declared.databaseServices().contains(service.text())) {
            return true;
        }
        clusters.problem(service.location(), "`" + clusters.path(service.text()) + "` names service `"
                + service.text() + "`, which has no `database:` block; only database services become CloudNativePG"
                + " clusters", declared.databaseServices().isEmpty() ? "remove it"
                : "name a database service (" + String.join(", ", declared.databaseServices()) + "), or remove it");
        return false;
    }

    private static Cluster cluster(Section c) {
        int instances = c.integer("instances", 1, 99, "3").orElse(1);
        String storage = c.scalar("storage", "10Gi").filter(v -> matches(c, "storage", v, QUANTITY,
                "is not a Kubernetes quantity", "write it as a number and a unit, e.g. storage: 10Gi"))
                .map(YamlNode.Scalar::text).orElse(Cluster.DEFAULT_STORAGE);
        Optional<String> storageClass = c.scalar("storage-class", "standard").filter(v -> matches(c, "storage-class",
                v, SUBDOMAIN, "is not a storage class name", "use lowercase letters, digits, `-` and `.`, e.g. standard"))
                .map(YamlNode.Scalar::text);
        List<String> preload = c.has("preload") ? c.scalars("preload", "[pg_cron, pg_stat_statements]", false).stream()
                .filter(v -> matches(c, "preload", v, LIBRARY, "is not a library name",
                        "name the library as in shared_preload_libraries, e.g. pg_cron"))
                .map(YamlNode.Scalar::text).toList() : Cluster.DEFAULT_PRELOAD;
        int uid = c.integer("postgres-uid", 1, 2_147_483_646, "999").orElse(Cluster.DEFAULT_POSTGRES_UID);
        int major = c.integer("postgres-major", 13, 99, "17").orElse(Cluster.DEFAULT_MAJOR);
        Optional<Pooler> pooler = c.section("pooler", "{instances: 2, mode: transaction}", POOLER_KEYS)
                .map(KubernetesReader::pooler);
        return new Cluster(instances, storage, storageClass, preload, uid, major, pooler);
    }

    private static Pooler pooler(Section p) {
        int instances = p.integer("instances", 1, 99, "2").orElse(1);
        PoolMode mode = p.scalar("mode", "transaction").flatMap(v -> {
            Optional<PoolMode> m = Arrays.stream(PoolMode.values()).filter(x -> x.text().equals(v.text())).findFirst();
            if (m.isEmpty()) {
                p.problem(v.location(), "`" + p.path("mode") + "` `" + v.text() + "` is not one of session, transaction",
                        "write mode: session (one server connection per client, every feature works) or mode:"
                                + " transaction (shared between transactions; no session state)");
            }
            return m;
        }).orElse(PoolMode.SESSION);
        return new Pooler(instances, mode);
    }

    private static boolean matches(Section s, String key, YamlNode.Scalar v, Pattern pattern, String what, String hint) {
        if (pattern.matcher(v.text()).matches()) {
            return true;
        }
        s.problem(v.location(), "`" + s.path(key) + "` `" + v.text() + "` " + what, hint);
        return false;
    }
}
