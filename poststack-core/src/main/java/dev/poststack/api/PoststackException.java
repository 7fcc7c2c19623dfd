package dev.poststack.api;

/**
 * A failure poststack explains itself: the message says what is wrong, where, and how to fix it. The
 * {@link Kind} tells callers (and the CLI's exit code) what sort of failure it is.
 */
public class PoststackException extends RuntimeException {

    /** Sorts of failure, each with the CLI exit code it maps to. */
    public enum Kind {
        /** Invalid input: a manifest, an argument, a referenced file. Exit code 2. */
        INVALID_INPUT(2),
        /** The Docker engine does not answer. Exit code 3. */
        ENGINE_UNAVAILABLE(3),
        /** The work itself failed, e.g. a build step. Exit code 1. */
        FAILED(1),
        /** The registry refused the credentials or does not answer; nothing was pushed. Exit code 4. */
        REGISTRY_REFUSED(4);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public PoststackException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static PoststackException invalidInput(String message) {
        return new PoststackException(Kind.INVALID_INPUT, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
