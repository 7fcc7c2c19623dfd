package dev.poststack.manifest;

import dev.poststack.text.ProblemText;
import java.nio.file.Path;

/** A position in a source file (1-based line and column), used to point error messages at the input. */
public record Location(Path file, int line, int column) {

    public static Location of(Path file, int line, int column) {
        return new Location(file, line, column);
    }

    /** Renders as {@code file:line:column}, the form editors and terminals turn into links. */
    @Override
    public String toString() {
        return ProblemText.location(file, line, column);
    }
}
