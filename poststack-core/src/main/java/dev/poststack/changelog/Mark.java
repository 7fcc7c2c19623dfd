package dev.poststack.changelog;

/** A 1-based line and column in a changelog file. */
record Mark(int line, int column) {

    static final Mark START = new Mark(1, 1);

    /** Parsers report 0 or -1 where they do not know; the file's start is the nearest honest answer. */
    static Mark of(int line, int column) {
        return new Mark(Math.max(1, line), Math.max(1, column));
    }
}
