package dev.poststack.manifest;

import java.nio.file.Path;

/**
 * One entry of {@code secrets}: a value poststack hands to containers as a file, never printing it or
 * writing it into an image.
 */
public record SecretSpec(String name, Source source, Location location) {

    /** Where a secret's value comes from. */
    public sealed interface Source permits Generated, FromEnv, FromFile {
    }

    /**
     * Generated on first use into {@code .poststack/secrets/<name>} (owner-only, git-ignored) and reused.
     *
     * @param length the number of random characters (letters and digits)
     */
    public record Generated(int length) implements Source {
        public static final int DEFAULT_LENGTH = 32;
    }

    /** Read from an environment variable of poststack's process. */
    public record FromEnv(String variable) implements Source {
    }

    /** Read from a file (absolute), first line without its line break. */
    public record FromFile(Path path) implements Source {
    }
}
