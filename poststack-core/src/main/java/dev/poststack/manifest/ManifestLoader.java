package dev.poststack.manifest;

import dev.poststack.manifest.ParentCheck.ParentRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads {@code images.yaml}: parses it keeping every value's location, checks it completely and maps it to
 * a {@link Manifest}. All problems are reported together, so one run shows everything to fix.
 */
public final class ManifestLoader {

    private static final List<String> TOP_KEYS = List.of("version", "defaults", "images", "secrets", "services",
            "schema", "kubernetes");
    private static final List<String> DEFAULTS_KEYS = List.of("namespace", "tag", "labels", "project",
            "registry", ProjectBounds.KEY);

    private final Path file;
    private final Path baseDir;
    private final Problems problems = new Problems();
    private Catalog catalog;
    private Map<String, String> fromCatalog = Map.of();

    private ManifestLoader(Path file) {
        this.file = file;
        this.baseDir = file.toAbsolutePath().normalize().getParent();
    }

    /**
     * Reads and validates a manifest.
     *
     * @param file the manifest; relative paths inside it are resolved against its folder
     * @throws ManifestException listing every problem, sorted by line
     */
    public static Manifest load(Path file) throws ManifestException {
        String text = ManifestText.read(file);
        ManifestLoader loader = new ManifestLoader(file);
        YamlNode root = YamlTreeReader.read(text, file, loader.problems);
        Optional<Manifest> manifest = loader.manifest(root);
        loader.problems.throwIfAny();
        return manifest.orElseThrow();
    }

    private Optional<Manifest> manifest(YamlNode root) {
        if (!(root instanceof YamlNode.Mapping)) {
            Location at = root == null ? Location.of(file, 1, 1) : root.location();
            problems.add(at, "the manifest must be a map with an `images:` key, not "
                    + (root == null ? "empty" : root.describe()), "start from: images: {base: {rootfs: {suite: trixie}}}");
            return Optional.empty();
        }
        Section top = Section.of(root, root.location(), "", problems, "", TOP_KEYS).orElseThrow();
        top.scalar("version", "1").filter(v -> !v.text().equals("1")).ifPresent(v -> problems.add(v.location(),
                "unsupported manifest version `" + v.text() + "`; this poststack reads version 1",
                "set `version: 1` (or leave it out)"));
        Optional<Section> defaultsSection = top.section("defaults", "{namespace: poststack, tag: latest}",
                DEFAULTS_KEYS);
        Defaults defaults = defaults(defaultsSection);
        ProjectBounds bounds = ProjectBounds.of(baseDir, defaultsSection);
        Map<String, ImageSpec> images = images(top, defaults.tag(), bounds);
        Declared declared = Declared.of(top);
        Map<String, SecretSpec> secrets = secrets(top);
        Map<String, ServiceSpec> services = services(top, declared);
        images = withReportImage(images, services, defaults.tag());
        Optional<SchemaSpec> schema = top.section("schema", "{image: liquibase, service: db, database: app, ...}",
                SchemaReader.KEYS).flatMap(s -> new SchemaReader(baseDir, problems, declared, bounds).read(s));
        KubernetesSpec kubernetes = top.section("kubernetes", KubernetesReader.EXAMPLE, KubernetesReader.KEYS)
                .map(k -> new KubernetesReader(declared).read(k)).orElse(KubernetesSpec.NONE);
        return problems.isEmpty() ? Optional.of(new Manifest(file.toAbsolutePath().normalize(), baseDir, defaults,
                images, secrets, services, schema, kubernetes)) : Optional.empty();
    }

    private Map<String, SecretSpec> secrets(Section top) {
        Map<String, SecretSpec> secrets = new LinkedHashMap<>();
        SecretReader reader = new SecretReader(baseDir, problems);
        top.section("secrets", "{db-password: {generate: 32}}", null).ifPresent(section -> {
            for (YamlNode.Entry secret : section.entries()) {
                reader.read(secret).ifPresent(spec -> secrets.put(spec.name(), spec));
            }
        });
        return secrets;
    }

    private Map<String, ServiceSpec> services(Section top, Declared declared) {
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        ServiceReader reader = new ServiceReader(problems, declared, baseDir);
        top.section("services", "{db: {image: postgres}}", null).ifPresent(section -> {
            for (YamlNode.Entry service : section.entries()) {
                reader.read(service).ifPresent(spec -> services.put(spec.name(), spec));
            }
            DependencyCheck.check(declared.services(), reader.dependencies(), problems);
        });
        return services;
    }

    private Defaults defaults(Optional<Section> section) {
        if (section.isEmpty()) {
            return Defaults.standard();
        }
        Section s = section.get();
        String namespace = s.scalar("namespace", "poststack").map(n -> {
            if (!Rules.isNamespace(n.text())) {
                problems.add(n.location(), "`defaults.namespace` `" + n.text() + "` is not a valid Docker namespace",
                        "use lowercase letters and digits separated by `.`, `_` or `-`, and `/` between parts,"
                                + " e.g. poststack or acme/tools");
            }
            return n.text();
        }).orElse(Defaults.DEFAULT_NAMESPACE);
        String tag = s.scalar("tag", "latest").map(t -> {
            Rules.checkTag(s, t);
            return t.text();
        }).orElse(Defaults.DEFAULT_TAG);
        Optional<String> project = s.scalar("project", "my-stack").map(p -> {
            if (!Defaults.isProjectName(p.text())) {
                problems.add(p.location(), "`defaults.project` `" + p.text() + "` is not a valid project name",
                        "use lowercase letters, digits and `_`, `.`, `-`, starting with a letter or digit"
                                + " (at most 63), e.g. acme-db");
            }
            return p.text();
        });
        Optional<String> registry = s.scalar("registry", "registry.example:5000/team").map(r -> {
            ImageReferences.registryProblem(r.text()).ifPresent(problem -> problems.add(r.location(),
                    "`defaults.registry`: " + problem, "name the registry as host[:port] with an optional path,"
                            + " e.g. registry.example:5000/team or 127.0.0.1:5000"));
            return r.text();
        });
        return new Defaults(namespace, tag, s.stringMap("labels", "team: db"), project, registry);
    }

    private Map<String, ImageSpec> images(Section top, String defaultTag, ProjectBounds bounds) {
        Map<String, ImageSpec> images = new LinkedHashMap<>();
        Optional<YamlNode.Entry> entry = top.raw("images");
        if (entry.isPresent() && entry.get().value() instanceof YamlNode.Scalar s && s.isNull()) {
            problems.add(entry.get().key().location(), "`images` is empty", "declare at least one image under it");
            return images;
        }
        if (entry.isEmpty()) {
            top.required("images", "{base: {rootfs: {suite: trixie}}}");
            return images;
        }
        Optional<Section> section = top.section("images", "{base: {rootfs: {suite: trixie}}}", null);
        if (section.isEmpty()) {
            return images;
        }
        List<YamlNode.Entry> entries = section.get().entries();
        if (entries.isEmpty()) {
            problems.add(entry.get().key().location(), "`images` declares no image",
                    "declare at least one image, e.g. images: {base: {rootfs: {suite: trixie}}}");
        }
        List<ParentRef> parents = new ArrayList<>();
        ImageReader reader = new ImageReader(baseDir, problems, parents, defaultTag, this::catalog, bounds);
        for (YamlNode.Entry image : entries) {
            reader.read(image).ifPresent(spec -> images.put(spec.name(), spec));
        }
        List<String> declared = new ArrayList<>(entries.stream().map(YamlNode.Entry::name).toList());
        fromCatalog = reader.fromCatalog();
        Map<String, ImageSpec> added = catalogParents(declared, parents, fromCatalog, defaultTag);
        declared.addAll(0, added.keySet());
        ParentCheck.check(declared, parents, problems);
        Map<String, ImageSpec> all = new LinkedHashMap<>(added);
        all.putAll(images);
        return all;
    }

    /**
     * A service that logs for {@code log-report} ({@code database.logging}) needs the report's image: the catalog's
     * {@code pgbadger} (and its parents) joins the images unless the manifest declares a {@code pgbadger} of its own,
     * so {@code build-images} builds it only where it is used.
     */
    private Map<String, ImageSpec> withReportImage(Map<String, ImageSpec> images, Map<String, ServiceSpec> services,
                                                   String defaultTag) {
        String name = LoggingSpec.REPORT_IMAGE;
        Optional<ServiceSpec> logging = services.values().stream()
                .filter(s -> s.database().flatMap(DatabaseSpec::logging).isPresent()).findFirst();
        if (logging.isEmpty() || images.containsKey(name)) {
            return images;
        }
        List<String> declared = new ArrayList<>(images.keySet());
        Map<String, ImageSpec> added = catalogParents(declared, List.of(new ParentRef("services." + logging.get().name()
                + ".database.logging", new YamlNode.Scalar(Catalog.PREFIX + name, logging.get().location()))),
                fromCatalog, defaultTag);
        Map<String, ImageSpec> all = new LinkedHashMap<>(images);
        all.putAll(added);
        return all;
    }

    private Catalog catalog() {
        if (catalog == null) {
            catalog = Catalog.shipped(baseDir);
        }
        return catalog;
    }

    /**
     * The catalog images that {@code from: poststack:<name>} references need and the manifest does not declare,
     * with their catalog parents, in catalog order; each keeps its catalog name. A declared image of the same
     * name that is not that catalog entry is a clash: the reference would be ambiguous.
     */
    private Map<String, ImageSpec> catalogParents(List<String> declared, List<ParentRef> parents,
                                                  Map<String, String> fromCatalog, String defaultTag) {
        Map<String, ImageSpec> needed = new LinkedHashMap<>();
        List<ParentRef> queue = new ArrayList<>(parents.stream()
                .filter(p -> Catalog.nameIn(p.from().text()).isPresent()).toList());
        while (!queue.isEmpty()) {
            ParentRef ref = queue.remove(0);
            String name = Catalog.imageName(ref.from().text());
            if (declared.contains(name)) {
                if (!name.equals(fromCatalog.get(name))) {
                    problems.add(ref.from().location(), "image `" + ref.image() + "` is built on catalog image `"
                                    + Catalog.PREFIX + name + "`, but the manifest declares an image `" + name
                                    + "` of its own",
                            "rename your `" + name + "` (catalog images keep their names), or make it `" + name
                                    + ": {catalog: " + name + "}`");
                }
                continue;
            }
            if (needed.containsKey(name)) {
                continue;
            }
            Optional<ImageSpec> spec = catalog().image(name);
            if (spec.isEmpty()) {
                problems.add(ref.from().location(), "image `" + ref.image() + "` is built `from: " + ref.from().text()
                        + "`, but poststack's catalog has no image `" + name + "`",
                        dev.poststack.text.Suggestions.didYouMean(name, catalog().names(),
                                "use one of: " + String.join(", ", catalog().names())));
                continue;
            }
            ImageSpec image = spec.get();
            needed.put(name, new ImageSpec(name, image.build(), defaultTag, image.labels(), image.location()));
            image.parent().ifPresent(p -> queue.add(new ParentRef(name, new YamlNode.Scalar(Catalog.PREFIX + p,
                    ref.from().location()))));
        }
        Map<String, ImageSpec> ordered = new LinkedHashMap<>();
        if (!needed.isEmpty()) {
            catalog().names().stream().filter(needed::containsKey).forEach(n -> ordered.put(n, needed.get(n)));
        }
        return ordered;
    }
}
