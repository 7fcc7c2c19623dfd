package dev.poststack.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code manifests/bad} declares, in {@code # expect: <file>:line:column: text} comments, each
 * problem the loader must report; no more and no fewer may be reported. {@code # fix: text} comments name
 * text the fix lines must contain.
 */
class BadManifestCorpusTest {

    private static final String EXPECT = "# expect: ";
    private static final String FIX = "# fix: ";

    static Stream<Path> badManifests() throws IOException {
        try (Stream<Path> files = Files.list(TestManifests.named("bad"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badManifests")
    void reportsExactlyTheExpectedProblems(Path manifest) throws IOException {
        List<String> expected = Files.readAllLines(manifest).stream()
                .filter(line -> line.startsWith(EXPECT))
                .map(line -> line.substring(EXPECT.length()).replace("<file>", manifest.toString()))
                .toList();
        List<String> fixes = Files.readAllLines(manifest).stream()
                .filter(line -> line.startsWith(FIX))
                .map(line -> line.substring(FIX.length()))
                .toList();
        assertThat(expected).as("`# expect:` lines in %s", manifest).isNotEmpty();

        ManifestException e = catchThrowableOfType(ManifestException.class, () -> ManifestLoader.load(manifest));

        assertThat(e).as("%s must be rejected", manifest).isNotNull();
        assertThat(e.getMessage()).contains(expected);
        String fixLines = String.join("\n", e.getMessage().lines().filter(line -> line.startsWith("  fix: ")).toList());
        fixes.forEach(fix -> assertThat(fixLines).contains(fix));
        assertThat(e.problems()).as(e.getMessage()).hasSize(expected.size());
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.hint()).isNotBlank());
    }

    @Test
    void corpusCoversAtLeastTwentyFiveCases() throws IOException {
        assertThat(badManifests()).hasSizeGreaterThanOrEqualTo(25);
    }
}
