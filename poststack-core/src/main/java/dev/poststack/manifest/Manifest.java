package dev.poststack.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated {@code images.yaml}: defaults, images, secrets and services in declaration order, the
 * optional schema, and what a Kubernetes export needs besides ({@link KubernetesSpec#NONE} without a section). Paths inside specs are already resolved against {@link #baseDir()} and known to exist.
 */
public record Manifest(Path file, Path baseDir, Defaults defaults, Map<String, ImageSpec> images,
                       Map<String, SecretSpec> secrets, Map<String, ServiceSpec> services,
                       Optional<SchemaSpec> schema, KubernetesSpec kubernetes) {

    public Manifest {
        images = OrderedMaps.copyOf(images);
        secrets = OrderedMaps.copyOf(secrets);
        services = OrderedMaps.copyOf(services);
    }

    /** A manifest without a {@code kubernetes:} section. */
    public Manifest(Path file, Path baseDir, Defaults defaults, Map<String, ImageSpec> images,
                    Map<String, SecretSpec> secrets, Map<String, ServiceSpec> services, Optional<SchemaSpec> schema) {
        this(file, baseDir, defaults, images, secrets, services, schema, KubernetesSpec.NONE);
    }

    /** A manifest that only builds images. */
    public static Manifest ofImages(Path file, Path baseDir, Defaults defaults, Map<String, ImageSpec> images) {
        return new Manifest(file, baseDir, defaults, images, Map.of(), Map.of(), Optional.empty());
    }

    /**
     * This manifest with every database service's volumes held in memory ({@link ServiceSpec#withVolumesInMemory}):
     * what a test stack runs, whose data need not outlive its containers.
     */
    public Manifest withDatabasesInMemory() {
        Map<String, ServiceSpec> changed = new java.util.LinkedHashMap<>();
        services.forEach((name, service) -> changed.put(name,
                service.database().isPresent() ? service.withVolumesInMemory() : service));
        return new Manifest(file, baseDir, defaults, images, secrets, changed, schema, kubernetes);
    }

    public Optional<ImageSpec> image(String name) {
        return Optional.ofNullable(images.get(name));
    }

    public List<String> imageNames() {
        return new ArrayList<>(images.keySet());
    }

    /** The full reference {@code namespace/name:tag} an image is tagged with. */
    public String referenceOf(String name) {
        ImageSpec spec = images.get(name);
        String tag = spec != null && spec.tag() != null ? spec.tag() : defaults.tag();
        return defaults.namespace() + "/" + name + ":" + tag;
    }
}
