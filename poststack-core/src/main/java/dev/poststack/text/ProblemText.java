package dev.poststack.text;

import java.nio.file.Path;

/** How a problem in user input is printed, the same for manifests and changelogs. */
public final class ProblemText {

    private ProblemText() {
    }

    /** {@code file:line:column}, the form editors and terminals turn into links. */
    public static String location(Path file, int line, int column) {
        return file + ":" + line + ":" + column;
    }

    /** {@code location: message}, then {@code   fix: hint} on its own line unless there is no hint. */
    public static String render(String location, String message, String hint) {
        String head = location + ": " + message;
        return hint == null || hint.isBlank() ? head : head + System.lineSeparator() + "  fix: " + hint;
    }
}
