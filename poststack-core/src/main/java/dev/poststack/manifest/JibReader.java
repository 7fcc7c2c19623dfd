package dev.poststack.manifest;

import dev.poststack.manifest.HostPaths.Kind;
import dev.poststack.manifest.ParentCheck.ParentRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a {@code jib:} build: the parent, the layers and the container config. */
final class JibReader {

    static final List<String> KEYS = List.of("from", "layers", "entrypoint", "cmd", "env", "user", "workdir",
            "ports", "labels");
    private static final List<String> LAYER_KEYS = List.of("name", "maven", "files", "into", "mode", "dirMode",
            "owner");
    private static final List<String> FILES_ONLY = List.of("mode", "dirMode", "owner");

    private final Path baseDir;
    private final Problems problems;
    private final List<ParentRef> parents;
    private final ProjectBounds bounds;

    JibReader(Path baseDir, Problems problems, List<ParentRef> parents, ProjectBounds bounds) {
        this.bounds = bounds;
        this.baseDir = baseDir;
        this.problems = problems;
        this.parents = parents;
    }

    Optional<JibSpec> read(String image, Section s) {
        int before = problems.count();
        Optional<YamlNode.Scalar> from = s.required("from", "jre");
        from.ifPresent(f -> parents.add(new ParentRef(image, f)));
        List<LayerSpec> layers = layers(s);
        List<String> entrypoint = texts(s.scalars("entrypoint", "[java, -jar, /app/app.jar]", true));
        List<String> cmd = texts(s.scalars("cmd", "[--help]", true));
        Map<String, String> env = s.stringMap("env", "LANG: C.UTF-8");
        Optional<String> user = s.scalar("user", "\"1000:1000\"").map(YamlNode.Scalar::text);
        Optional<String> workdir = s.scalar("workdir", "/app").map(w -> Rules.absolute(s, "workdir", w));
        List<String> ports = s.scalars("ports", "[8080, 5432/tcp]", false).stream().map(p -> {
            if (!Rules.isPort(p.text())) {
                s.problem(p.location(), "`" + p.text() + "` in `" + s.path("ports") + "` is not a port",
                        "write a number from 1 to 65535, optionally followed by /tcp or /udp, e.g. 5432/tcp");
            }
            return p.text();
        }).toList();
        Map<String, String> labels = s.stringMap("labels", "team: db");
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new JibSpec(Catalog.imageName(from.orElseThrow().text()), layers, entrypoint, cmd, env, user, workdir, ports,
                labels));
    }

    /** The {@code layers:} list of {@code s} (a jib build, or a catalog entry extending a jib image). */
    List<LayerSpec> layers(Section s) {
        String example = "[{name: app, files: target/app.jar, into: /app}]";
        if (!s.require("layers", example)) {
            return List.of();
        }
        Optional<YamlNode.Sequence> list = s.sequence("layers", "a list of layers", example);
        if (list.isPresent() && list.get().items().isEmpty()) {
            s.problem(list.get().location(), "`" + s.path("layers") + "` is empty; a jib image needs at least one layer",
                    "add a layer, e.g. layers: " + example);
        }
        Map<String, Location> names = new HashMap<>();
        List<YamlNode> items = list.map(YamlNode.Sequence::items).orElse(List.of());
        return s.eachMap("layers", items, "{name: app, files: target/app.jar, into: /app}", LAYER_KEYS,
                layer -> layer(layer, names));
    }

    private Optional<LayerSpec> layer(Section s, Map<String, Location> names) {
        int before = problems.count();
        Optional<String> name = s.required("name", "app").map(n -> {
            Location first = names.putIfAbsent(n.text(), n.location());
            if (!Rules.NAME.matcher(n.text()).matches()) {
                s.problem(n.location(), "layer name `" + n.text() + "` is not valid",
                        "use lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit");
            } else if (first != null) {
                s.problem(n.location(), "duplicate layer name `" + n.text() + "` (first used at line " + first.line()
                        + ")", "give every layer of an image its own name");
            }
            return n.text();
        });
        Optional<String> into = s.required("into", "/app").map(i -> Rules.absolute(s, "into", i));
        List<YamlNode.Entry> kinds = s.written(List.of("maven", "files"));
        if (kinds.isEmpty()) {
            s.problem(s.anchor(), "layer `" + s.path() + "` has neither `maven` nor `files`",
                    "add `maven: [group:artifact:version]` or `files: <path>`");
        } else if (kinds.size() > 1) {
            s.problem(kinds.get(1).key().location(), "layer `" + s.path() + "` has both `maven` and `files`",
                    "split it into two layers, one with `maven`, one with `files`");
        }
        boolean maven = kinds.size() == 1 && kinds.get(0).name().equals("maven");
        Optional<LayerSpec> layer = maven ? mavenLayer(s, name, into) : filesLayer(s, name, into);
        return problems.count() > before ? Optional.empty() : layer;
    }

    private Optional<LayerSpec> mavenLayer(Section s, Optional<String> name, Optional<String> into) {
        for (String key : FILES_ONLY) {
            s.raw(key).ifPresent(e -> s.problem(e.key().location(), "`" + key + "` only applies to `files` layers",
                    "remove it; Maven jars are added with mode 644, owned by 0:0"));
        }
        String example = "[org.postgresql:postgresql:42.7.8]";
        List<YamlNode.Scalar> items = s.scalars("maven", example, false);
        s.raw("maven").map(YamlNode.Entry::value).filter(JibReader::isEmpty).ifPresent(v -> s.problem(v.location(),
                "`" + s.path("maven") + "` is empty", "list at least one coordinate, e.g. maven: " + example));
        List<MavenCoordinate> artifacts = new ArrayList<>();
        for (YamlNode.Scalar item : items) {
            try {
                artifacts.add(MavenCoordinate.parse(item.text()));
            } catch (IllegalArgumentException e) {
                s.problem(item.location(), e.getMessage(), "write it as groupId:artifactId:version,"
                        + " e.g. org.postgresql:postgresql:42.7.8");
            }
        }
        return name.flatMap(n -> into.map(i -> new MavenLayerSpec(n, artifacts, i)));
    }

    private Optional<LayerSpec> filesLayer(Section s, Optional<String> name, Optional<String> into) {
        Optional<Path> source = s.raw("files").flatMap(e -> s.required("files", "config")).flatMap(
                f -> HostPaths.existing(s, "files", f, baseDir, Kind.ANY, "files source")
                        .flatMap(p -> bounds.inside(s, "files", f, p, "files source")));
        String mode = mode(s, "mode", "644");
        String dirMode = mode(s, "dirMode", "755");
        String owner = s.scalar("owner", "\"0:0\"").map(o -> {
            if (!Rules.OWNER.matcher(o.text()).matches()) {
                s.problem(o.location(), "`" + s.path("owner") + "` `" + o.text() + "` is not a numeric uid:gid",
                        "write it as e.g. owner: \"1000:1000\" (numbers, since the image's users are not known here)");
            }
            return o.text();
        }).orElse("0:0");
        return name.flatMap(n -> into.flatMap(i -> source.map(
                src -> new FilesLayerSpec(n, src, i, mode, dirMode, owner))));
    }

    /** An octal mode, written {@code 644} or {@code 0644}; kept as three digits. */
    private static String mode(Section s, String key, String fallback) {
        return s.scalar(key, "\"" + fallback + "\"").map(m -> {
            if (!Rules.MODE.matcher(m.text()).matches()) {
                s.problem(m.location(), "`" + s.path(key) + "` `" + m.text() + "` is not an octal mode",
                        "write three octal digits, optionally after a 0, e.g. " + key + ": \"" + fallback + "\"");
                return fallback;
            }
            return m.text().length() == 4 ? m.text().substring(1) : m.text();
        }).orElse(fallback);
    }

    private static boolean isEmpty(YamlNode node) {
        return node instanceof YamlNode.Scalar scalar && scalar.isNull()
                || node instanceof YamlNode.Sequence list && list.items().isEmpty();
    }

    private static List<String> texts(List<YamlNode.Scalar> scalars) {
        return scalars.stream().map(YamlNode.Scalar::text).toList();
    }
}
