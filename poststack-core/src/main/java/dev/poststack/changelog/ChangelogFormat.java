package dev.poststack.changelog;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The changelog formats Liquibase reads, told apart by file extension as Liquibase does. */
enum ChangelogFormat {
    YAML("yaml", "yml"),
    JSON("json"),
    XML("xml"),
    SQL("sql");

    private final List<String> extensions;

    ChangelogFormat(String... extensions) {
        this.extensions = List.of(extensions);
    }

    static Optional<ChangelogFormat> of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.extensions.contains(extension)).findFirst();
    }

    static Optional<ChangelogFormat> of(Path file) {
        return of(file.getFileName().toString());
    }

    /** {@code .yaml, .yml, .json, .xml, .sql}, for messages. */
    static String extensions() {
        return String.join(", ", Arrays.stream(values()).flatMap(f -> f.extensions.stream()).map(e -> "." + e).toList());
    }
}
