package dev.poststack.manifest;

import dev.poststack.manifest.HostPaths.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads the {@code schema} section: which image runs Liquibase, against which database, as which owner. */
final class SchemaReader {

    static final List<String> KEYS = List.of("image", "service", "database", "owner", "owner-password", "changelogs",
            "master", "image-path");
    static final String DEFAULT_CHANGELOGS = "liquibase";

    private final Path baseDir;
    private final Problems problems;
    private final Declared declared;
    private final ProjectBounds bounds;

    SchemaReader(Path baseDir, Problems problems, Declared declared, ProjectBounds bounds) {
        this.bounds = bounds;
        this.baseDir = baseDir;
        this.problems = problems;
        this.declared = declared;
    }

    /** The schema, or empty when it has problems (they are recorded). */
    Optional<SchemaSpec> read(Section s) {
        int before = problems.count();
        Optional<YamlNode.Scalar> image = s.required("image", "liquibase");
        image.ifPresent(i -> declared.checkImage(s, "image", i));
        Optional<YamlNode.Scalar> service = s.required("service", "db");
        service.filter(v -> declared.checkService(s, "service", v)).ifPresent(v -> needsDatabase(s, v));
        Optional<YamlNode.Scalar> database = identifier(s, "database");
        Optional<YamlNode.Scalar> owner = identifier(s, "owner");
        Optional<YamlNode.Scalar> ownerPassword = s.required("owner-password", "app-password");
        ownerPassword.ifPresent(p -> declared.checkSecret(s, "owner-password", p));
        // Defaults are located at `schema:`, so a missing default folder points somewhere useful.
        YamlNode.Scalar changelogsValue = s.scalar("changelogs", DEFAULT_CHANGELOGS)
                .orElse(new YamlNode.Scalar(DEFAULT_CHANGELOGS, s.anchor()));
        Optional<Path> changelogs = HostPaths.existing(s, "changelogs", changelogsValue, baseDir, Kind.FOLDER,
                "changelogs folder").flatMap(p -> bounds.inside(s, "changelogs", changelogsValue, p, "changelogs folder"));
        Optional<String> master = changelogs.flatMap(c -> master(s, c));
        String imagePath = s.scalar("image-path", SchemaSpec.DEFAULT_IMAGE_PATH)
                .map(p -> Rules.absolute(s, "image-path", p)).orElse(SchemaSpec.DEFAULT_IMAGE_PATH);
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new SchemaSpec(image.orElseThrow().text(), service.orElseThrow().text(),
                database.orElseThrow().text(), owner.orElseThrow().text(), ownerPassword.orElseThrow().text(),
                changelogs.orElseThrow(), master.orElseThrow(), imagePath, s.anchor()));
    }

    private void needsDatabase(Section s, YamlNode.Scalar service) {
        if (!declared.databaseServices().contains(service.text())) {
            s.problem(service.location(), "`" + s.path("service") + "` names service `" + service.text()
                    + "`, which has no `database:` block", declared.databaseServices().isEmpty()
                    ? "add e.g. database: {password: db-password} to service `" + service.text() + "`"
                    : "name a database service (" + String.join(", ", declared.databaseServices())
                    + "), or add a `database:` block to `" + service.text() + "`");
        }
    }

    /** Database and role names stay unquoted identifiers, so SQL written by hand works with them as they are. */
    private static Optional<YamlNode.Scalar> identifier(Section s, String key) {
        return s.required(key, "app").filter(v -> {
            if (!Rules.SQL_IDENTIFIER.matcher(v.text()).matches()) {
                s.problem(v.location(), "`" + s.path(key) + "` `" + v.text() + "` is not a PostgreSQL identifier",
                        "use at most 63 lowercase letters, digits and `_`, not starting with a digit, e.g. app");
                return false;
            }
            return true;
        });
    }

    /** The master changelog, relative to the changelogs folder, which the image holds as it is. */
    private Optional<String> master(Section s, Path changelogs) {
        YamlNode.Scalar value = s.scalar("master", SchemaSpec.DEFAULT_MASTER)
                .orElse(new YamlNode.Scalar(SchemaSpec.DEFAULT_MASTER, s.anchor()));
        return HostPaths.existing(s, "master", value, changelogs, Kind.FILE, "master changelog").filter(p -> {
            if (!p.startsWith(changelogs)) {
                s.problem(value.location(), "master changelog `" + value.text() + "` is outside the changelogs folder "
                        + changelogs, "move it into the changelogs folder; only that folder is in the image");
                return false;
            }
            return true;
        }).map(p -> changelogs.relativize(p).toString());
    }
}
