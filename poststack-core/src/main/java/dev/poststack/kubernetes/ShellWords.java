package dev.poststack.kubernetes;

/** POSIX shell quoting for the scripts the export writes. */
final class ShellWords {

    private ShellWords() {
    }

    /** {@code text} as one shell word: in single quotes, a single quote as {@code '\''}. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
