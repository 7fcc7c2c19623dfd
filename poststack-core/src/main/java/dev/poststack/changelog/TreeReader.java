package dev.poststack.changelog;

import dev.poststack.text.Suggestions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Follows a master changelog through its includes as Liquibase does (depth first, {@code includeAll} in path
 * order), keeping the changesets in run order and every problem on the way. Paths are kept relative to the
 * changelog folder with {@code /}, as Liquibase writes them to {@code DATABASECHANGELOG.FILENAME}.
 */
final class TreeReader {

    private final Path root;
    private final String master;
    private final Problems problems = new Problems();
    private final List<String> files = new ArrayList<>();
    private final List<ChangeSet> changeSets = new ArrayList<>();
    private final Map<dev.poststack.api.ChangeSet, ChangeSet> byKey = new HashMap<>();
    /** Each file read, and the include that read it first. */
    private final Map<String, String> includedAt = new HashMap<>();
    /** The include chain being read, from the master to the innermost file. */
    private final List<String> reading = new ArrayList<>();

    TreeReader(Path root, String master) {
        this.root = root;
        this.master = master;
    }

    ChangelogTree read() {
        Path masterFile = root.resolve(master).normalize();
        Path masterInRoot = Path.of(master).normalize();
        if (masterInRoot.isAbsolute() || masterInRoot.startsWith("..")) {
            problems.add(masterFile, Mark.START, "the master changelog `" + master + "` is not inside the changelog"
                    + " folder " + root, "name it relative to " + root + ", e.g. changelog.yaml");
        } else if (!Files.isDirectory(root)) {
            problems.add(masterFile, Mark.START, "the changelog folder " + root + " does not exist",
                    "create it, or point poststack at the folder that holds " + master);
        } else if (!Files.isRegularFile(masterFile)) {
            problems.add(masterFile, Mark.START, "the master changelog `" + master + "` does not exist in " + root,
                    Suggestions.didYouMean(closestChangelog(masterFile),
                            "create it, or name the master changelog that is in " + root));
        } else if (ChangelogFormat.of(masterFile).isEmpty()) {
            problems.add(masterFile, Mark.START, notAChangelog(master), "name a changelog file, e.g. changelog.yaml");
        } else {
            String logical = slashes(masterInRoot);
            includedAt.put(logical, "the master changelog");
            visit(logical);
        }
        List<Path> readOrder = files.stream().map(root::resolve).toList();
        return new ChangelogTree(root, master, files, changeSets, problems.sorted(readOrder));
    }

    private void visit(String logical) {
        Path file = root.resolve(logical);
        files.add(logical);
        reading.add(logical);
        ParsedChangelog parsed = parse(file);
        String changeSetPath = parsed.logicalFilePath().orElse(logical);
        for (ChangelogEntry entry : parsed.entries()) {
            if (entry instanceof ChangelogEntry.Declared declared) {
                declare(declared, file, changeSetPath);
            } else if (entry instanceof ChangelogEntry.Include include) {
                resolve(include.file(), include.relativeToChangelogFile(), logical, file, include.at())
                        .ifPresent(target -> include(target, include, file));
            } else if (entry instanceof ChangelogEntry.IncludeAll includeAll) {
                resolve(includeAll.path(), includeAll.relativeToChangelogFile(), logical, file, includeAll.at())
                        .ifPresent(target -> includeAll(target, includeAll, file));
            }
        }
        reading.remove(reading.size() - 1);
    }

    private ParsedChangelog parse(Path file) {
        ChangelogFormat format = ChangelogFormat.of(file).orElseThrow();
        if (format == ChangelogFormat.XML) {
            return XmlChangelogReader.read(file, problems);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            // Unreadable or not UTF-8: either way Liquibase cannot read it.
            problems.add(file, Mark.START, "cannot read the changelog: " + e, "check that it is a readable UTF-8 text file");
            return ParsedChangelog.UNREADABLE;
        }
        return format == ChangelogFormat.SQL ? SqlChangelogReader.read(file, text, problems)
                : YamlChangelogReader.read(file, text, format, problems);
    }

    private void declare(ChangelogEntry.Declared declared, Path file, String changelogPath) {
        String id = declared.id();
        String author = declared.author();
        if (id == null || author == null) {
            String missing = id == null && author == null ? "no `id` and no `author`" : id == null ? "no `id`" : "no `author`";
            problems.add(file, declared.at(), "changeset " + (id == null ? "" : "`" + id + "` ") + "has " + missing,
                    "give every changeset an `id` and an `author`: Liquibase identifies a changeset by both and its file");
            return;
        }
        String path = declared.logicalFilePath() == null ? changelogPath : declared.logicalFilePath();
        ChangeSet changeSet = new ChangeSet(id, author, path, file, declared.at().line(),
                sqlFiles(declared.sqlFiles(), file));
        ChangeSet first = byKey.putIfAbsent(changeSet.key(), changeSet);
        if (first != null) {
            problems.add(file, declared.at(), "duplicate changeset `" + changeSet.identity() + "`, first declared at "
                    + first.file() + ":" + first.line() + "; Liquibase stops on duplicate identifiers",
                    "give one of the two another id");
            return;
        }
        changeSets.add(changeSet);
    }

    /** The {@code sqlFile} paths relative to the changelog folder, as Liquibase resolves them. */
    private List<String> sqlFiles(List<ChangelogEntry.SqlFile> written, Path changelog) {
        Path folder = root.relativize(changelog).getParent();
        return written.stream().map(sql -> slashes((sql.relativeToChangelogFile() && folder != null
                ? folder.resolve(sql.path()) : Path.of(sql.path())).normalize())).toList();
    }

    private void include(String target, ChangelogEntry.Include include, Path includer) {
        Path file = root.resolve(target);
        if (!Files.isRegularFile(file)) {
            if (include.errorIfMissing()) {
                problems.add(includer, include.at(), "included changelog `" + target + "` does not exist",
                        Suggestions.didYouMean(closestChangelog(file),
                                relativeHint(include.relativeToChangelogFile())));
            }
            return;
        }
        if (ChangelogFormat.of(file).isEmpty()) {
            problems.add(includer, include.at(), notAChangelog(target), "include a changelog file");
            return;
        }
        follow(target, includer, include.at());
    }

    private void includeAll(String target, ChangelogEntry.IncludeAll includeAll, Path includer) {
        Path folder = root.resolve(target);
        if (!Files.isDirectory(folder)) {
            if (includeAll.errorIfMissingOrEmpty()) {
                problems.add(includer, includeAll.at(), "the `includeAll` folder `" + target + "` does not exist",
                        relativeHint(includeAll.relativeToChangelogFile()));
            }
            return;
        }
        List<String> found = changelogsUnder(folder);
        if (found.isEmpty() && includeAll.errorIfMissingOrEmpty()) {
            problems.add(includer, includeAll.at(), "the `includeAll` folder `" + target + "` holds no changelog ("
                    + ChangelogFormat.extensions() + ")", "add one, remove the `includeAll`, or set errorIfMissingOrEmpty"
                    + " to false");
        }
        for (String logical : found) {
            follow(logical, includer, includeAll.at());
        }
    }

    /** Reads an included file unless that closes a cycle or reads it a second time. */
    private void follow(String logical, Path includer, Mark at) {
        if (reading.contains(logical)) {
            List<String> chain = new ArrayList<>(reading.subList(reading.indexOf(logical), reading.size()));
            chain.add(logical);
            problems.add(includer, at, "include cycle: " + String.join(" -> ", chain),
                    "remove this include; Liquibase would follow the cycle until it runs out of stack");
            return;
        }
        String first = includedAt.putIfAbsent(logical, includer + ":" + at.line() + ":" + at.column());
        if (first != null) {
            problems.add(includer, at, "`" + logical + "` is already included (by " + first + ")",
                    "remove one of the two includes; Liquibase would read its changesets twice and stop on the duplicates");
            return;
        }
        visit(logical);
    }

    /** The target's path relative to the changelog folder; empty (with a problem) when it leaves that folder. */
    private Optional<String> resolve(String written, boolean relativeToChangelogFile, String includerLogical,
                                     Path includer, Mark at) {
        Path parent = Path.of(includerLogical).getParent();
        Path base = relativeToChangelogFile && parent != null ? parent : Path.of("");
        Path target = base.resolve(written).normalize();
        if (target.isAbsolute() || target.startsWith("..")) {
            problems.add(includer, at, "`" + written + "` is outside the changelog folder " + root
                            + "; the liquibase image holds only that folder",
                    "move the file into " + root + " and include it by a path inside it");
            return Optional.empty();
        }
        return Optional.of(slashes(target));
    }

    private List<String> changelogsUnder(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> ChangelogFormat.of(f).isPresent())
                    .map(f -> slashes(root.relativize(f)))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            problems.add(folder, Mark.START, "cannot list the `includeAll` folder: " + e, "check its permissions");
            return List.of();
        }
    }

    /** The changelog next to {@code missing} whose name is closest to its name, relative to the folder. */
    private Optional<String> closestChangelog(Path missing) {
        Path folder = missing.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> list = Files.list(folder)) {
            Map<String, Path> byName = new HashMap<>();
            list.filter(Files::isRegularFile).filter(f -> ChangelogFormat.of(f).isPresent())
                    .forEach(f -> byName.put(f.getFileName().toString(), f));
            return Suggestions.closest(missing.getFileName().toString(), byName.keySet())
                    .map(name -> slashes(root.relativize(byName.get(name))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String relativeHint(boolean relativeToChangelogFile) {
        return relativeToChangelogFile
                ? "the path is relative to this changelog's folder (relativeToChangelogFile: true); correct it"
                : "the path is relative to the changelog folder " + root + " (relativeToChangelogFile is false);"
                        + " correct it, or set relativeToChangelogFile: true";
    }

    private static String notAChangelog(String path) {
        return "`" + path + "` is not a changelog Liquibase reads (" + ChangelogFormat.extensions() + ")";
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }
}
