package dev.poststack.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.poststack.files.AtomicFiles;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.SchemaSpec;
import dev.poststack.manifest.ServiceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a Kubernetes cluster needs to run a manifest's stack: per database service a CloudNativePG
 * {@code Cluster} (and {@code Pooler}), the schema as a Liquibase {@code Job}, per other service a
 * {@code Deployment} and {@code Service}, one file each, with a {@code kustomization.yaml} listing them and
 * {@code create-secrets.sh} making the Secrets they reference. No secret value is in any of them.
 */
public final class KubernetesExport {

    /** The YAML as Kubernetes' own examples write it: no document marker, quotes only where needed. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    static final String KUSTOMIZATION = "kustomization.yaml";

    private final List<KubeObject> objects;
    private final String secretScript;
    private final List<String> notes;

    private KubernetesExport(List<KubeObject> objects, String secretScript, List<String> notes) {
        this.objects = List.copyOf(objects);
        this.secretScript = secretScript;
        this.notes = List.copyOf(notes);
    }

    /**
     * The export of {@code manifest}.
     *
     * @param project     the project name, in every object's {@code app.kubernetes.io/part-of} label
     * @param images      the references the cluster pulls
     * @param secretFiles where a secret's value is kept on this machine, for {@code create-secrets.sh}
     */
    public static KubernetesExport of(Manifest manifest, String project, ClusterImages images,
                                      Function<String, Optional<Path>> secretFiles) {
        ExportContext context = new ExportContext(manifest, project, images);
        List<KubeObject> objects = new ArrayList<>();
        List<KubeSecret> secrets = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Optional<SchemaSpec> schema = manifest.schema();
        for (ServiceSpec service : manifest.services().values()) {
            if (service.database().isEmpty()) {
                objects.addAll(new ServiceObjects(context).of(service, secrets));
                continue;
            }
            Optional<SchemaSpec> own = schema.filter(s -> s.service().equals(service.name()));
            objects.addAll(new ClusterObjects(context).of(service, own, secrets));
            String cluster = KubeNames.dns(service.name());
            own.ifPresent(s -> objects.add(new SchemaJob(context).of(s, cluster, secrets.stream()
                    .filter(k -> k.name().equals(cluster + "-superuser")).findFirst().orElseThrow())));
            if (!service.database().orElseThrow().user().equals("postgres")) {
                notes.add("service " + service.name() + ": CloudNativePG's superuser is always `postgres`, not `"
                        + service.database().orElseThrow().user() + "`; its Secret holds the password of `postgres`");
            }
        }
        manifest.images().keySet().stream().filter(i -> usedImages(manifest).contains(i) && !images.isPushed(i))
                .forEach(i -> notes.add("image " + i + " has no pushed digest in logs/build-report.json: the export"
                        + " names it " + images.of(i) + ", which a cluster pulls only once it is pushed there"));
        return new KubernetesExport(objects, SecretScript.of(secrets, manifest.secrets(), secretFiles,
                manifest.kubernetes().namespace()), notes);
    }

    private static List<String> usedImages(Manifest manifest) {
        List<String> used = new ArrayList<>();
        manifest.services().values().forEach(s -> used.add(s.image()));
        manifest.schema().ifPresent(s -> used.add(s.image()));
        return used;
    }

    public List<KubeObject> objects() {
        return objects;
    }

    /** Things the export could not say in YAML: images not pushed yet, settings CloudNativePG decides itself. */
    public List<String> notes() {
        return notes;
    }

    public String secretScript() {
        return secretScript;
    }

    /** {@code object} as the YAML its file holds. */
    public static String yaml(KubeObject object) {
        try {
            return YAML.writeValueAsString(object.tree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + object.file(), e);
        }
    }

    /**
     * Writes every file into {@code folder} (created), each whole or not at all; files of an earlier export that
     * this one no longer has are removed, so the folder is exactly this export.
     *
     * @return the files written, in the order {@code kubectl apply -k} applies them
     */
    public List<Path> writeTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        Map<String, Object> kustomization = new LinkedHashMap<>();
        kustomization.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        kustomization.put("kind", "Kustomization");
        kustomization.put("resources", objects.stream().map(KubeObject::file).toList());
        for (KubeObject object : objects) {
            written.add(write(folder.resolve(object.file()), yaml(object)));
        }
        written.add(write(folder.resolve(KUSTOMIZATION), YAML.writeValueAsString(kustomization)));
        Path script = write(folder.resolve(SecretScript.FILE), secretScript);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        written.add(script);
        removeStale(folder, written);
        return written;
    }

    private static Path write(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
        return file;
    }

    /** An earlier export's object files (they carry poststack's label) that this export does not write. */
    private static void removeStale(Path folder, List<Path> written) throws IOException {
        try (var files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !written.contains(f)).toList()) {
                if (Files.readString(file).contains(KubeNames.MANAGED_BY + ": poststack")) {
                    Files.delete(file);
                }
            }
        }
    }
}
