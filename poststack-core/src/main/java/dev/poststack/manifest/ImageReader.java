package dev.poststack.manifest;

import dev.poststack.manifest.HostPaths.Kind;
import dev.poststack.manifest.ParentCheck.ParentRef;
import dev.poststack.text.Suggestions;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads one entry of {@code images}: its name, tag, labels and its rootfs or dockerfile build. */
final class ImageReader {

    static final List<String> KINDS = List.of("rootfs", "dockerfile", "jib");
    private static final List<String> IMAGE_KEYS = List.of("rootfs", "dockerfile", "jib", "catalog", "layers", "tag",
            "labels");
    private static final List<String> ROOTFS_KEYS = List.of("suite", "variant", "packages", "mirror", "env",
            "apt-options");
    private static final List<String> DOCKERFILE_KEYS = List.of("from", "context", "file", "args", "sources");
    private static final List<String> SOURCE_KEYS = List.of("name", "url", "sha256", "path");
    private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    private final Path baseDir;
    private final Problems problems;
    private final List<ParentRef> parents;
    private final String defaultTag;
    private final Supplier<Catalog> catalog;
    private final Map<String, String> fromCatalog = new LinkedHashMap<>();
    private final ProjectBounds bounds;

    ImageReader(Path baseDir, Problems problems, List<ParentRef> parents, String defaultTag, Supplier<Catalog> catalog,
                ProjectBounds bounds) {
        this.bounds = bounds;
        this.baseDir = baseDir;
        this.problems = problems;
        this.parents = parents;
        this.defaultTag = defaultTag;
        this.catalog = catalog;
    }

    /** The images read so far that are catalog entries ({@code catalog: <name>}): image name to catalog name. */
    Map<String, String> fromCatalog() {
        return fromCatalog;
    }

    /** The image, or empty when it has problems (they are recorded). */
    Optional<ImageSpec> read(YamlNode.Entry entry) {
        int before = problems.count();
        String name = entry.name();
        Location at = entry.key().location();
        if (!Rules.isImageName(name)) {
            problems.add(at, "image name `" + name + "` is not a valid Docker image name",
                    "use at most 128 lowercase letters and digits, separated by `.`, `_` or `-`"
                            + Rules.example(name, Rules.NAME_COMPONENT, "a-z0-9._-", Rules.MAX_NAME_LENGTH));
        }
        Optional<Section> image = Section.of(entry.value(), at, "images." + name, problems,
                "{rootfs: {suite: trixie}}", IMAGE_KEYS);
        if (image.isEmpty()) {
            return Optional.empty();
        }
        Section s = image.get();
        List<YamlNode.Entry> kinds = s.written(KINDS);
        Optional<YamlNode.Entry> catalogEntry = s.raw("catalog");
        if (catalogEntry.isPresent() && !kinds.isEmpty()) {
            problems.add(kinds.get(0).key().location(), "image `" + name + "` has both `catalog:` and `"
                    + kinds.get(0).name() + "`; a catalog entry is built as the catalog says",
                    "drop `" + kinds.get(0).name() + ":`, or drop `catalog:` and build it `from: poststack:"
                            + s.scalar("catalog", "postgres").map(YamlNode.Scalar::text).orElse("postgres") + "`");
            return Optional.empty();
        }
        if (catalogEntry.isEmpty() && s.raw("layers").isPresent()) {
            problems.add(s.raw("layers").get().key().location(), "`images." + name + ".layers` is only for catalog"
                    + " entries (`catalog: liquibase`)", "move the layers under `jib:`, or add `catalog:`");
            return Optional.empty();
        }
        if (catalogEntry.isPresent()) {
            return catalogImage(name, at, s);
        }
        if (kinds.isEmpty()) {
            problems.add(at, "image `" + name + "` does not say how it is built",
                    "add exactly one of `rootfs:`, `dockerfile:` or `jib:` under it, or `catalog: <name>` for an"
                            + " image of poststack's catalog");
        } else if (kinds.size() > 1) {
            List<String> named = kinds.stream().map(k -> "`" + k.name() + "`").toList();
            problems.add(kinds.get(1).key().location(), "image `" + name + "` has both "
                    + String.join(" and ", named) + "; an image is built in exactly one way",
                    "keep one of " + String.join(", ", named) + ", or split it into two images");
        }
        Optional<YamlNode.Scalar> tag = s.scalar("tag", "\"1.0\"");
        tag.ifPresent(t -> Rules.checkTag(s, t));
        Map<String, String> labels = s.stringMap("labels", "team: db");
        List<Optional<BuildSpec>> builds = kinds.stream().map(k -> build(name, s, k)).toList();
        if (problems.count() > before || builds.size() != 1 || builds.get(0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ImageSpec(name, builds.get(0).get(), tag.map(YamlNode.Scalar::text).orElse(defaultTag),
                labels, at));
    }

    /**
     * An image of the catalog under the user's name: its build as the catalog has it (a jib image with the
     * user's {@code layers:} on top), tagged and labelled as the user says, its parent pulled in from the catalog.
     */
    private Optional<ImageSpec> catalogImage(String name, Location at, Section s) {
        int before = problems.count();
        Optional<YamlNode.Scalar> ref = s.required("catalog", "postgres");
        Optional<YamlNode.Scalar> tag = s.scalar("tag", "\"1.0\"");
        tag.ifPresent(t -> Rules.checkTag(s, t));
        Map<String, String> labels = s.stringMap("labels", "team: db");
        if (ref.isEmpty() || problems.count() > before) {
            return Optional.empty();
        }
        Catalog shipped = catalog.get();
        Optional<ImageSpec> entry = shipped.image(Catalog.imageName(ref.get().text()));
        if (entry.isEmpty()) {
            problems.add(ref.get().location(), "`images." + name + ".catalog` names `" + ref.get().text()
                    + "`, but poststack's catalog has no such image", Suggestions.didYouMean(
                    Catalog.imageName(ref.get().text()), shipped.names(), "use one of: " + String.join(", ", shipped.names())));
            return Optional.empty();
        }
        BuildSpec build = entry.get().build();
        Optional<YamlNode.Entry> extra = s.raw("layers");
        if (extra.isPresent()) {
            if (!(build instanceof JibSpec jib)) {
                problems.add(extra.get().key().location(), "catalog image `" + ref.get().text() + "` is a "
                        + build.kind() + " image; only jib images take extra `layers:`",
                        "build your own image `from: poststack:" + ref.get().text() + "` instead");
                return Optional.empty();
            }
            List<LayerSpec> added = new JibReader(baseDir, problems, parents, bounds).layers(s);
            if (problems.count() > before) {
                return Optional.empty();
            }
            List<LayerSpec> layers = new java.util.ArrayList<>(jib.layers());
            for (LayerSpec layer : added) {
                if (jib.layers().stream().anyMatch(l -> l.name().equals(layer.name()))) {
                    problems.add(extra.get().key().location(), "layer `" + layer.name() + "` of `images." + name
                            + ".layers` is already a layer of catalog image `" + ref.get().text() + "`",
                            "give your layer another name");
                    return Optional.empty();
                }
            }
            layers.addAll(added);
            build = new JibSpec(jib.from(), layers, jib.entrypoint(), jib.cmd(), jib.env(), jib.user(), jib.workdir(),
                    jib.ports(), jib.labels());
        }
        build.parent().ifPresent(p -> parents.add(new ParentRef(name,
                new YamlNode.Scalar(Catalog.PREFIX + p, ref.get().location()))));
        fromCatalog.put(name, entry.get().name());
        Map<String, String> merged = new LinkedHashMap<>(entry.get().labels());
        merged.putAll(labels);
        return Optional.of(new ImageSpec(name, build, tag.map(YamlNode.Scalar::text).orElse(defaultTag), merged, at));
    }

    private Optional<BuildSpec> build(String image, Section s, YamlNode.Entry kind) {
        String example = switch (kind.name()) {
            case "rootfs" -> "{suite: trixie}";
            case "dockerfile" -> "{context: containers/" + image + "}";
            default -> "{from: jre, layers: [...]}";
        };
        List<String> keys = switch (kind.name()) {
            case "rootfs" -> ROOTFS_KEYS;
            case "dockerfile" -> DOCKERFILE_KEYS;
            default -> JibReader.KEYS;
        };
        return Section.of(kind.value(), kind.key().location(), s.path(kind.name()), problems, example, keys)
                .flatMap(body -> switch (kind.name()) {
                    case "rootfs" -> rootfs(body).map(BuildSpec.class::cast);
                    case "dockerfile" -> dockerfile(image, body).map(BuildSpec.class::cast);
                    default -> new JibReader(baseDir, problems, parents, bounds).read(image, body).map(BuildSpec.class::cast);
                });
    }

    private Optional<RootfsSpec> rootfs(Section s) {
        int before = problems.count();
        Optional<YamlNode.Scalar> suite = s.required("suite", "trixie");
        String variant = s.scalar("variant", "minbase").map(v -> {
            if (!Rules.VARIANTS.contains(v.text())) {
                s.problem(v.location(), "`" + s.path("variant") + "` `" + v.text() + "` is not an mmdebstrap variant;"
                        + " allowed: " + String.join(", ", Rules.VARIANTS), Suggestions.didYouMean(v.text(), Rules.VARIANTS,
                        "use minbase (the default) or another variant"));
            }
            return v.text();
        }).orElse("minbase");
        List<String> packages = s.scalars("packages", "[curl, less]", false).stream().map(p -> {
            if (!Rules.DEBIAN_PACKAGE.matcher(p.text()).matches()) {
                s.problem(p.location(), "`" + p.text() + "` in `" + s.path("packages") + "` is not a Debian package name",
                        "package names are lowercase letters, digits and `+`, `.`, `-`, e.g. ca-certificates");
            }
            return p.text();
        }).toList();
        Optional<String> mirror = s.scalar("mirror", "http://deb.debian.org/debian").map(m -> {
            if (!m.text().matches("(https?://|file:/).*")) {
                s.problem(m.location(), "`" + s.path("mirror") + "` `" + m.text() + "` is not an http(s) or file URL",
                        "write it as e.g. http://deb.debian.org/debian");
            }
            return m.text();
        });
        Map<String, String> env = s.stringMap("env", "LANG: C.UTF-8");
        List<String> aptOptions = s.scalars("apt-options", "['Acquire::Check-Valid-Until \"false\"']", false).stream()
                .map(o -> {
                    if (o.text().isBlank() || o.text().contains("\n")) {
                        s.problem(o.location(), "`" + s.path("apt-options") + "` entries are single apt configuration"
                                + " lines", "write each as one line, e.g. 'Acquire::Check-Valid-Until \"false\"'");
                    }
                    return o.text();
                }).toList();
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new RootfsSpec(suite.orElseThrow().text(), variant, packages, mirror, env, aptOptions));
    }

    private Optional<DockerfileSpec> dockerfile(String image, Section s) {
        int before = problems.count();
        Optional<YamlNode.Scalar> from = s.scalar("from", "base-debian");
        from.ifPresent(f -> parents.add(new ParentRef(image, f)));
        Optional<Path> context = s.required("context", "containers/" + image)
                .flatMap(c -> HostPaths.existing(s, "context", c, baseDir, Kind.FOLDER, "context folder")
                        .flatMap(p -> bounds.inside(s, "context", c, p, "context folder")));
        Optional<Path> dockerfile = context.flatMap(c -> dockerfileIn(s, c));
        Map<String, String> args = s.stringMap("args", "VERSION: \"17\"");
        List<SourceSpec> sources = sources(s);
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new DockerfileSpec(from.map(f -> Catalog.imageName(f.text())), context.orElseThrow(),
                dockerfile.orElseThrow(), args, sources));
    }

    private List<SourceSpec> sources(Section s) {
        String example = "[{name: citus, url: https://example.org/citus.tar.gz, sha256: <64 hex digits>}]";
        List<YamlNode> items = s.sequence("sources", "a list of sources", example)
                .map(YamlNode.Sequence::items).orElse(List.of());
        Map<String, Location> names = new java.util.HashMap<>();
        return s.eachMap("sources", items, "{name: citus, path: sources/citus.tar.gz}", SOURCE_KEYS,
                src -> source(src, names));
    }

    private Optional<SourceSpec> source(Section s, Map<String, Location> names) {
        int before = problems.count();
        Optional<YamlNode.Scalar> name = s.required("name", "citus");
        name.ifPresent(n -> {
            if (!Rules.NAME.matcher(n.text()).matches()) {
                s.problem(n.location(), "source name `" + n.text() + "` (`" + s.path("name") + "`) is not valid",
                        "use lowercase letters, digits and `.`, `_`, `-`, starting with a letter or digit"
                                + Rules.example(n.text(), Rules.NAME, "a-z0-9._-", Rules.MAX_NAME_LENGTH));
            }
            Location first = names.putIfAbsent(n.text(), n.location());
            if (first != null) {
                s.problem(n.location(), "source `" + n.text() + "` is declared twice in this image (first at line "
                        + first.line() + ")", "give each source of an image its own name");
            }
        });
        Optional<YamlNode.Scalar> url = s.scalar("url", "https://example.org/ext-1.0.tar.gz");
        Optional<YamlNode.Scalar> sha = s.scalar("sha256", "<64 lowercase hex digits>");
        Optional<YamlNode.Scalar> pathValue = s.scalar("path", "sources/ext-1.0.tar.gz");
        Optional<java.net.URI> uri = Optional.empty();
        if (url.isPresent()) {
            String text = url.get().text();
            if (!text.matches("https?://\\S+")) {
                s.problem(url.get().location(), "`" + s.path("url") + "` `" + text + "` is not an http(s) URL",
                        "write it as e.g. https://github.com/citusdata/citus/archive/refs/tags/v13.1.0.tar.gz");
            } else {
                try {
                    uri = Optional.of(new java.net.URI(text));
                } catch (java.net.URISyntaxException e) {
                    s.problem(url.get().location(), "`" + s.path("url") + "` `" + text + "` is not a valid URL: "
                            + e.getReason(), "fix the URL");
                }
            }
            if (sha.isEmpty()) {
                s.problem(url.get().location(), "`" + s.path("url") + "` needs a `sha256:` next to it",
                        "add `sha256:` with the archive's checksum (`sha256sum FILE`)");
            }
        }
        sha.ifPresent(h -> {
            if (!SHA256.matcher(h.text()).matches()) {
                s.problem(h.location(), "`" + s.path("sha256") + "` `" + h.text()
                        + "` is not a SHA-256 checksum", "write the 64 lowercase hex digits `sha256sum FILE` prints");
            }
        });
        Optional<Path> path = pathValue.flatMap(p -> HostPaths.existing(s, "path", p, baseDir, Kind.ANY, "source")
                .flatMap(found -> bounds.inside(s, "path", p, found, "source")));
        if (path.isPresent() && java.nio.file.Files.isRegularFile(path.get())
                && !path.get().getFileName().toString().matches(".*\\.(tar\\.gz|tgz|tar)")) {
            s.problem(pathValue.get().location(), "source `" + pathValue.get().text() + "` (`" + s.path("path")
                    + "`) is not a .tar.gz, .tgz or .tar archive", "point `path:` at such an archive or at a folder");
        }
        if (url.isEmpty() && pathValue.isEmpty()) {
            s.problem(s.anchor(), "source `" + name.map(YamlNode.Scalar::text).orElse("?")
                    + "` (`" + s.path() + "`) has neither `url:` nor `path:`",
                    "add `path:` (an archive or folder next to the manifest) or `url:` with `sha256:`");
        }
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new SourceSpec(name.orElseThrow().text(), uri, sha.map(YamlNode.Scalar::text), path));
    }

    private Optional<Path> dockerfileIn(Section s, Path context) {
        YamlNode.Scalar file = s.scalar("file", "Dockerfile")
                .orElse(new YamlNode.Scalar("Dockerfile", s.raw("context").orElseThrow().value().location()));
        Optional<Path> path = HostPaths.existing(s, "file", file, context, Kind.FILE, "Dockerfile");
        if (path.isPresent() && !path.get().startsWith(context)) {
            s.problem(file.location(), "Dockerfile `" + file.text() + "` is outside the context folder " + context,
                    "move the Dockerfile into the context folder; the engine only sees files inside it");
            return Optional.empty();
        }
        return path;
    }
}
