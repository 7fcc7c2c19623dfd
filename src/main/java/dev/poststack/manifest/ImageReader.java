package dev.poststack.manifest;

import dev.poststack.manifest.HostPaths.Kind;
import dev.poststack.manifest.ParentCheck.ParentRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads one entry of {@code images}: its name, tag, labels and its rootfs or dockerfile build. */
final class ImageReader {

    static final List<String> KINDS = List.of("rootfs", "dockerfile", "jib");
    private static final List<String> IMAGE_KEYS = List.of("rootfs", "dockerfile", "jib", "tag", "labels");
    private static final List<String> ROOTFS_KEYS = List.of("suite", "variant", "packages", "mirror", "env");
    private static final List<String> DOCKERFILE_KEYS = List.of("from", "context", "file", "args");

    private final Path baseDir;
    private final Problems problems;
    private final List<ParentRef> parents;
    private final String defaultTag;

    ImageReader(Path baseDir, Problems problems, List<ParentRef> parents, String defaultTag) {
        this.baseDir = baseDir;
        this.problems = problems;
        this.parents = parents;
        this.defaultTag = defaultTag;
    }

    /** The image, or empty when it has problems (they are recorded). */
    Optional<ImageSpec> read(YamlNode.Entry entry) {
        int before = problems.count();
        String name = entry.name();
        Location at = entry.key().location();
        if (!Rules.isImageName(name)) {
            problems.add(at, "image name `" + name + "` is not a valid Docker image name",
                    "use at most 128 lowercase letters and digits, separated by `.`, `_` or `-`, e.g. `"
                            + name.toLowerCase(Locale.ROOT) + "`");
        }
        Optional<Section> image = Section.of(entry.value(), at, "images." + name, problems,
                "{rootfs: {suite: trixie}}", IMAGE_KEYS);
        if (image.isEmpty()) {
            return Optional.empty();
        }
        Section s = image.get();
        List<YamlNode.Entry> kinds = KINDS.stream().flatMap(k -> s.raw(k).stream()).toList();
        if (kinds.isEmpty()) {
            problems.add(at, "image `" + name + "` does not say how it is built",
                    "add exactly one of `rootfs:`, `dockerfile:` or `jib:` under it");
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
                    default -> new JibReader(baseDir, problems, parents).read(image, body).map(BuildSpec.class::cast);
                });
    }

    private Optional<RootfsSpec> rootfs(Section s) {
        int before = problems.count();
        Optional<YamlNode.Scalar> suite = s.required("suite", "trixie");
        String variant = s.scalar("variant", "minbase").map(v -> {
            if (!Rules.VARIANTS.contains(v.text())) {
                s.problem(v.location(), "`" + s.path("variant") + "` `" + v.text() + "` is not an mmdebstrap variant;"
                        + " allowed: " + String.join(", ", Rules.VARIANTS), Suggestions.closest(v.text(), Rules.VARIANTS)
                        .map(c -> "did you mean `" + c + "`?").orElse("use minbase (the default) or another variant"));
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
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new RootfsSpec(suite.orElseThrow().text(), variant, packages, mirror, env));
    }

    private Optional<DockerfileSpec> dockerfile(String image, Section s) {
        int before = problems.count();
        Optional<YamlNode.Scalar> from = s.scalar("from", "base-debian");
        from.ifPresent(f -> parents.add(new ParentRef(image, f)));
        Optional<Path> context = s.required("context", "containers/" + image)
                .flatMap(c -> HostPaths.existing(s, "context", c, baseDir, Kind.FOLDER, "context folder"));
        Optional<Path> dockerfile = context.flatMap(c -> dockerfileIn(s, c));
        Map<String, String> args = s.stringMap("args", "VERSION: \"17\"");
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new DockerfileSpec(from.map(YamlNode.Scalar::text), context.orElseThrow(),
                dockerfile.orElseThrow(), args));
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
