package dev.poststack.kubernetes;

import dev.poststack.manifest.DatabaseSpec;
import dev.poststack.manifest.KubernetesSpec;
import dev.poststack.manifest.SchemaSpec;
import dev.poststack.manifest.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A database service as CloudNativePG objects: an {@code ImageCatalog} naming its image and major version, the
 * {@code Cluster} (that catalog entry, its superuser and, with the
 * manifest's schema, the application database and owner made at bootstrap), its {@code Pooler} when asked for,
 * and a {@code Service} under the service's own name pointing at the primary, so the other services' settings
 * that name the database host ({@code db}) still work.
 */
final class ClusterObjects {

    static final String API = "postgresql.cnpg.io/v1";
    /** The label CloudNativePG puts on the primary's pod. */
    static final String ROLE_LABEL = "cnpg.io/instanceRole";
    static final String CLUSTER_LABEL = "cnpg.io/cluster";
    /** The image's {@code POSTGRES_SETTING_<name>} variables are server settings ({@code __} for a dot). */
    private static final String SETTING_PREFIX = "POSTGRES_SETTING_";

    private final ExportContext context;

    ClusterObjects(ExportContext context) {
        this.context = context;
    }

    /** The objects, in the order they are applied, and the Secrets they reference to {@code secrets}. */
    List<KubeObject> of(ServiceSpec service, Optional<SchemaSpec> schema, List<KubeSecret> secrets) {
        DatabaseSpec database = service.database().orElseThrow();
        KubernetesSpec.Cluster settings = context.kubernetes().cluster(service.name());
        String name = KubeNames.dns(service.name());
        List<KubeObject> objects = new ArrayList<>();
        KubeSecret superuser = KubeSecret.basicAuth(name + "-superuser", database.user(), database.passwordSecret());
        secrets.add(superuser);
        Optional<KubeSecret> app = schema.map(s -> KubeSecret.basicAuth(name + "-app", s.owner(), s.ownerPassword()));
        app.ifPresent(secrets::add);
        objects.add(new KubeObject("imagecatalog-" + name + ".yaml", catalog(service, name, settings)));
        objects.add(new KubeObject("cluster-" + name + ".yaml", cluster(service, name, settings, superuser, schema, app)));
        settings.pooler().ifPresent(p -> objects.add(new KubeObject("pooler-" + name + ".yaml", pooler(service, name, p))));
        objects.add(new KubeObject("service-" + name + ".yaml", primaryService(service, name, database.port())));
        return objects;
    }

    private Map<String, Object> cluster(ServiceSpec service, String name, KubernetesSpec.Cluster settings,
                                        KubeSecret superuser, Optional<SchemaSpec> schema, Optional<KubeSecret> app) {
        Map<String, Object> tree = context.start(API, "Cluster", name, service.name());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("instances", settings.instances());
        // By catalog, not imageName: CloudNativePG takes the major version from an image's tag, and a reference by
        // digest has none.
        spec.put("imageCatalogRef", KubeObject.fields("apiGroup", API.substring(0, API.indexOf('/')), "kind",
                "ImageCatalog", "name", name + "-images", "major", settings.major()));
        spec.put("postgresUID", settings.postgresUid());
        spec.put("postgresGID", settings.postgresUid());
        spec.put("enableSuperuserAccess", true);
        spec.put("superuserSecret", KubeObject.fields("name", superuser.name()));
        schema.ifPresent(s -> {
            Map<String, Object> initdb = new LinkedHashMap<>();
            initdb.put("database", s.database());
            initdb.put("owner", s.owner());
            initdb.put("secret", KubeObject.fields("name", app.orElseThrow().name()));
            spec.put("bootstrap", KubeObject.fields("initdb", initdb));
        });
        Map<String, Object> postgresql = new LinkedHashMap<>();
        if (!settings.preload().isEmpty()) {
            postgresql.put("shared_preload_libraries", settings.preload());
        }
        Map<String, Object> parameters = parameters(service.env());
        if (!parameters.isEmpty()) {
            postgresql.put("parameters", parameters);
        }
        if (!postgresql.isEmpty()) {
            spec.put("postgresql", postgresql);
        }
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("size", settings.storage());
        settings.storageClass().ifPresent(c -> storage.put("storageClass", c));
        spec.put("storage", storage);
        tree.put("spec", spec);
        return tree;
    }

    private Map<String, Object> catalog(ServiceSpec service, String name, KubernetesSpec.Cluster settings) {
        Map<String, Object> tree = context.start(API, "ImageCatalog", name + "-images", service.name());
        tree.put("spec", KubeObject.fields("images", List.of(KubeObject.fields("major", settings.major(),
                "image", context.image(service.image())))));
        return tree;
    }

    /** The service's {@code POSTGRES_SETTING_*} variables as settings: CloudNativePG writes postgresql.conf itself. */
    static Map<String, Object> parameters(Map<String, String> env) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith(SETTING_PREFIX) && key.length() > SETTING_PREFIX.length()) {
                parameters.put(key.substring(SETTING_PREFIX.length()).replace("__", "."), value);
            }
        });
        return parameters;
    }

    private Map<String, Object> pooler(ServiceSpec service, String name, KubernetesSpec.Pooler pooler) {
        Map<String, Object> tree = context.start(API, "Pooler", name + "-pooler-rw", service.name());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("cluster", KubeObject.fields("name", name));
        spec.put("instances", pooler.instances());
        spec.put("type", "rw");
        spec.put("pgbouncer", KubeObject.fields("poolMode", pooler.mode().text()));
        tree.put("spec", spec);
        return tree;
    }

    private Map<String, Object> primaryService(ServiceSpec service, String name, int port) {
        Map<String, Object> tree = context.start("v1", "Service", name, service.name());
        Map<String, Object> selector = new LinkedHashMap<>();
        selector.put(CLUSTER_LABEL, name);
        selector.put(ROLE_LABEL, "primary");
        Map<String, Object> servicePort = new LinkedHashMap<>();
        servicePort.put("name", "postgres");
        servicePort.put("port", port);
        // CloudNativePG's instances always listen on 5432, whatever port the local container used.
        servicePort.put("targetPort", DatabaseSpec.DEFAULT_PORT);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selector", selector);
        spec.put("ports", List.of(servicePort));
        tree.put("spec", spec);
        return tree;
    }
}
