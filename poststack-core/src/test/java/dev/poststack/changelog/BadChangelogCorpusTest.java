package dev.poststack.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every folder in {@code changelogs/bad} is a changelog tree (master {@code changelog.yaml}) whose {@code expect}
 * file declares, in {@code # expect: <root>/file:line:column: text} lines, each problem the check must report; no
 * more and no fewer may be reported. {@code # fix: text} lines name text the fix lines must contain. A tree spans
 * several files of several formats, so its expectations live beside it rather than in comments.
 */
class BadChangelogCorpusTest {

    private static final String EXPECT = "# expect: ";
    private static final String FIX = "# fix: ";

    static Stream<String> badTrees() throws IOException {
        try (Stream<Path> cases = Files.list(TestChangelogs.named("bad"))) {
            return cases.filter(Files::isDirectory).map(c -> c.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTrees")
    void reportsExactlyTheExpectedProblems(String name) throws IOException {
        Path root = TestChangelogs.named("bad").resolve(name);
        List<String> lines = Files.readAllLines(root.resolve("expect")).stream()
                .map(line -> line.replace("<root>", root.toString()))
                .toList();
        List<String> expected = lines.stream().filter(l -> l.startsWith(EXPECT)).map(l -> l.substring(EXPECT.length())).toList();
        List<String> fixes = lines.stream().filter(l -> l.startsWith(FIX)).map(l -> l.substring(FIX.length())).toList();
        assertThat(expected).as("`# expect:` lines in %s/expect", name).isNotEmpty();

        ChangelogTree tree = ChangelogTree.read(root, "changelog.yaml");

        String report = tree.report();
        assertThat(report).contains(expected);
        String fixLines = String.join("\n", report.lines().filter(line -> line.startsWith("  fix: ")).toList());
        fixes.forEach(fix -> assertThat(fixLines).contains(fix));
        assertThat(tree.problems()).as(report).hasSize(expected.size());
        assertThat(tree.problems()).allSatisfy(p -> assertThat(p.hint()).isNotBlank());
    }

    @Test
    void corpusCoversAtLeastTwentyFiveCases() throws IOException {
        assertThat(badTrees()).hasSizeGreaterThanOrEqualTo(25);
    }
}
