package dev.poststack.build;

import com.github.dockerjava.core.GoLangFileMatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a build context that the engine may see: everything under the folder except what its
 * {@code .dockerignore} excludes, as {@code docker build} does. Patterns are Docker's (matched by
 * docker-java's {@link GoLangFileMatch}); the last pattern matching a path or one of its parent folders
 * decides, and {@code !pattern} takes a path back in. The Dockerfile and {@code .dockerignore} itself
 * are always sent.
 */
public final class ContextFiles {

    private final Path root;
    private final List<String> patterns;

    private ContextFiles(Path root, List<String> patterns) {
        this.root = root;
        this.patterns = patterns;
    }

    /** The context at {@code root}, with the patterns of its {@code .dockerignore} if it has one. */
    public static ContextFiles of(Path root) throws IOException {
        Path ignore = root.resolve(".dockerignore");
        List<String> patterns = new ArrayList<>();
        if (Files.isRegularFile(ignore)) {
            for (String line : Files.readAllLines(ignore, StandardCharsets.UTF_8)) {
                String pattern = normalise(line);
                if (!pattern.isEmpty()) {
                    patterns.add(pattern);
                }
            }
        }
        return new ContextFiles(root, List.copyOf(patterns));
    }

    /**
     * Every path of the context that is sent (folders included), sorted, excluding the root itself.
     *
     * @param dockerfile the Dockerfile, which is sent even when a pattern matches it
     */
    public List<Path> list(Path dockerfile) throws IOException {
        Path keepDockerfile = root.relativize(dockerfile);
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .filter(p -> {
                        Path rel = root.relativize(p);
                        return rel.equals(keepDockerfile) || rel.toString().equals(".dockerignore")
                                || !excluded(rel.toString().replace('\\', '/'));
                    })
                    .sorted()
                    .toList();
        }
    }

    /** Whether {@code relative} (slash-separated, relative to the context) is left out. */
    public boolean excluded(String relative) {
        List<String> candidates = new ArrayList<>();
        String[] parts = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
            prefix.append(prefix.length() == 0 ? "" : "/").append(part);
            candidates.add(prefix.toString());
        }
        boolean excluded = false;
        for (String raw : patterns) {
            boolean takeBack = raw.startsWith("!");
            String pattern = takeBack ? normalise(raw.substring(1)) : raw;
            if (candidates.stream().anyMatch(c -> GoLangFileMatch.match(pattern, c))) {
                excluded = !takeBack;
            }
        }
        return excluded;
    }

    /** Comments and blank lines drop out; leading {@code /} and {@code ./} mean the context root. */
    private static String normalise(String line) {
        String pattern = line.strip();
        if (pattern.startsWith("#")) {
            return "";
        }
        boolean takeBack = pattern.startsWith("!");
        if (takeBack) {
            pattern = pattern.substring(1).strip();
        }
        while (pattern.startsWith("/") || pattern.startsWith("./")) {
            pattern = pattern.substring(pattern.startsWith("/") ? 1 : 2);
        }
        while (pattern.endsWith("/") && pattern.length() > 1) {
            pattern = pattern.substring(0, pattern.length() - 1);
        }
        return pattern.isEmpty() ? "" : (takeBack ? "!" : "") + pattern;
    }
}
