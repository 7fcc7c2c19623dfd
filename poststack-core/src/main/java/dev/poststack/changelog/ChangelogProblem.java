package dev.poststack.changelog;

import dev.poststack.text.ProblemText;
import java.nio.file.Path;

/**
 * One thing wrong with a changelog tree: where it is (1-based line and column), what is wrong, and how to
 * fix it.
 *
 * @param file    the changelog file, under the changelog folder as it was given
 * @param line    1-based line
 * @param column  1-based column
 * @param message what is wrong
 * @param hint    how to fix it
 */
public record ChangelogProblem(Path file, int line, int column, String message, String hint) {

    /** {@code file:line:column}, the form editors and terminals turn into links. */
    public String location() {
        return ProblemText.location(file, line, column);
    }

    /** {@code file:line:column: message}, then {@code   fix: hint} on its own line. */
    public String render() {
        return ProblemText.render(location(), message, hint);
    }
}
