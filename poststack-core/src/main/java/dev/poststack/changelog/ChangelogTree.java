package dev.poststack.changelog;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The changelog tree under a folder, read from its master changelog through every {@code include} and
 * {@code includeAll}, without a database: the changesets in the order Liquibase runs them, and every
 * problem that would stop Liquibase or make it do something else than written, all at once.
 *
 * <pre>{@code
 * ChangelogTree tree = ChangelogTree.read(Path.of("liquibase"), "changelog.yaml");
 * if (tree.hasProblems()) {
 *     System.err.println(tree.report());
 * }
 * tree.changeSets().forEach(c -> System.out.println(c.identity()));
 * }</pre>
 *
 * @param root       the changelog folder (Liquibase's search path)
 * @param master     the master changelog, relative to {@code root}
 * @param files      the changelog files read, relative to {@code root}, in the order Liquibase reads them
 * @param changeSets the changesets, in the order Liquibase runs them
 * @param problems   every problem, by file (in reading order), line and column
 */
public record ChangelogTree(Path root, String master, List<String> files, List<ChangeSet> changeSets,
                            List<ChangelogProblem> problems) {

    public ChangelogTree {
        files = List.copyOf(files);
        changeSets = List.copyOf(changeSets);
        problems = List.copyOf(problems);
    }

    /**
     * Reads the tree of {@code master} under {@code root}; never throws for bad input, which is reported in
     * {@link #problems()}.
     */
    public static ChangelogTree read(Path root, String master) {
        return new TreeReader(root, master).read();
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Every problem rendered ({@code file:line:column: message} and its {@code fix:} line), one after another. */
    public String report() {
        return problems.stream().map(ChangelogProblem::render).collect(Collectors.joining(System.lineSeparator()));
    }
}
