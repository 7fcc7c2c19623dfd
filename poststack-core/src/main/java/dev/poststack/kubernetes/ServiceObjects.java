package dev.poststack.kubernetes;

import dev.poststack.manifest.CheckSpec;
import dev.poststack.manifest.PortSpec;
import dev.poststack.manifest.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service that is not a database as a {@code Deployment} (one replica of its image, env, secrets projected at
 * {@code /run/secrets/<name>} as poststack places them, a {@code PersistentVolumeClaim} per named volume), a
 * {@code Service} for its ports, and a readiness probe from its first {@code tcp} or {@code http} health check.
 */
final class ServiceObjects {

    /** What each named volume claims: the manifest says nothing of sizes, so one small default. */
    static final String VOLUME_SIZE = "1Gi";

    private final ExportContext context;

    ServiceObjects(ExportContext context) {
        this.context = context;
    }

    List<KubeObject> of(ServiceSpec service, List<KubeSecret> secrets) {
        String name = KubeNames.dns(service.name());
        List<KubeObject> objects = new ArrayList<>();
        List<Map<String, Object>> volumes = new ArrayList<>();
        List<Map<String, Object>> mounts = new ArrayList<>();
        if (!service.secrets().isEmpty()) {
            List<Map<String, Object>> sources = new ArrayList<>();
            for (String secret : service.secrets()) {
                KubeSecret plain = KubeSecret.plain(secret);
                if (!secrets.contains(plain)) {
                    secrets.add(plain);
                }
                sources.add(KubeObject.fields("secret", KubeObject.fields("name", plain.name(),
                        "items", List.of(KubeObject.fields("key", secret, "path", secret)))));
            }
            Map<String, Object> projected = new LinkedHashMap<>();
            projected.put("defaultMode", context.secretMode(service.image()));
            projected.put("sources", sources);
            volumes.add(volume("secrets", "projected", projected));
            mounts.add(KubeObject.mount("secrets", ServiceSpec.SECRETS_DIR, true));
        }
        service.volumes().forEach((volume, path) -> {
            String claim = KubeNames.dns(service.name() + "-" + volume);
            objects.add(new KubeObject("pvc-" + claim + ".yaml", claim(service, claim)));
            volumes.add(volume(KubeNames.dns(volume), "persistentVolumeClaim", KubeObject.fields("claimName", claim)));
            mounts.add(KubeObject.mount(KubeNames.dns(volume), path, false));
        });
        objects.add(new KubeObject("deployment-" + name + ".yaml", deployment(service, name, volumes, mounts)));
        if (!service.ports().isEmpty()) {
            objects.add(new KubeObject("service-" + name + ".yaml", service(service, name)));
        }
        return objects;
    }

    private Map<String, Object> deployment(ServiceSpec service, String name, List<Map<String, Object>> volumes,
                                           List<Map<String, Object>> mounts) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", name);
        container.put("image", context.image(service.image()));
        if (!service.env().isEmpty()) {
            List<Map<String, Object>> env = new ArrayList<>();
            service.env().forEach((k, v) -> env.add(KubeObject.fields("name", k, "value", v)));
            container.put("env", env);
        }
        if (!service.ports().isEmpty()) {
            container.put("ports", service.ports().stream()
                    .map(p -> (Object) KubeObject.fields("containerPort", p.containerPort())).toList());
        }
        readiness(service).ifPresent(p -> container.put("readinessProbe", p));
        if (!mounts.isEmpty()) {
            container.put("volumeMounts", mounts);
        }
        // What a stop waits before the kill, as the engine's stop timeout does here.
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("terminationGracePeriodSeconds", service.stopTimeout().toSeconds());
        context.securityContext(service.image()).ifPresent(c -> pod.put("securityContext", c));
        pod.put("containers", List.of(container));
        if (!volumes.isEmpty()) {
            pod.put("volumes", volumes);
        }
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", KubeObject.fields("labels", KubeNames.labels(context.project(), service.name())));
        template.put("spec", pod);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", 1);
        spec.put("selector", KubeObject.fields("matchLabels", selector(service)));
        // A volume claimed ReadWriteOnce cannot be mounted by the old and the new pod at once.
        spec.put("strategy", KubeObject.fields("type", service.volumes().isEmpty() ? "RollingUpdate" : "Recreate"));
        spec.put("template", template);
        Map<String, Object> tree = context.start("apps/v1", "Deployment", name, service.name());
        tree.put("spec", spec);
        return tree;
    }

    private Map<String, Object> service(ServiceSpec service, String name) {
        List<Object> ports = new ArrayList<>();
        for (PortSpec port : service.ports()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", "port-" + port.containerPort());
            p.put("port", port.containerPort());
            p.put("targetPort", port.containerPort());
            ports.add(p);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selector", selector(service));
        spec.put("ports", ports);
        Map<String, Object> tree = context.start("v1", "Service", name, service.name());
        tree.put("spec", spec);
        return tree;
    }

    private Map<String, Object> claim(ServiceSpec service, String claim) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("accessModes", List.of("ReadWriteOnce"));
        spec.put("resources", KubeObject.fields("requests", KubeObject.fields("storage", VOLUME_SIZE)));
        Map<String, Object> tree = context.start("v1", "PersistentVolumeClaim", claim, service.name());
        tree.put("spec", spec);
        return tree;
    }

    private Map<String, Object> selector(ServiceSpec service) {
        Map<String, Object> labels = KubeNames.labels(context.project(), service.name());
        labels.remove(KubeNames.MANAGED_BY);
        return labels;
    }

    /** The first health check Kubernetes can run itself; the others are poststack's own. */
    static Optional<Map<String, Object>> readiness(ServiceSpec service) {
        for (CheckSpec check : service.health()) {
            Map<String, Object> probe = new LinkedHashMap<>();
            if (check instanceof CheckSpec.Tcp tcp) {
                probe.put("tcpSocket", KubeObject.fields("port", tcp.port()));
            } else if (check instanceof CheckSpec.Http http) {
                probe.put("httpGet", KubeObject.fields("path", http.path(), "port", http.port()));
            } else {
                continue;
            }
            probe.put("periodSeconds", 5);
            return Optional.of(probe);
        }
        return Optional.empty();
    }

    private static Map<String, Object> volume(String name, String kind, Map<String, Object> source) {
        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("name", name);
        volume.put(kind, source);
        return volume;
    }
}
