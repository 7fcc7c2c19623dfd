package dev.poststack.build.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the output of {@code dependency:list -DoutputAbsoluteArtifactFilename=true}: lines such as
 * {@code   g:a:jar:1.0:compile:/repo/g/a/1.0/a-1.0.jar -- module a}, with an optional classifier after the type.
 */
final class DependencyList {

    private static final Set<String> SCOPES = Set.of("compile", "runtime", "provided", "system", "test", "import");

    private DependencyList() {
    }

    /** The artifacts listed, in the order listed; headers and blank lines are skipped. Sizes are 0. */
    static List<ResolvedArtifact> parse(List<String> lines) {
        List<ResolvedArtifact> artifacts = new ArrayList<>();
        for (String line : lines) {
            ResolvedArtifact artifact = parseLine(line);
            if (artifact != null) {
                artifacts.add(artifact);
            }
        }
        return artifacts;
    }

    static ResolvedArtifact parseLine(String line) {
        String text = line.strip();
        int module = text.indexOf(" -- module ");
        if (module >= 0) {
            text = text.substring(0, module).strip();
        }
        // g:a:type:version:scope:path or g:a:type:classifier:version:scope:path; the path may hold colons.
        String[] parts = text.split(":", 7);
        if (parts.length >= 6 && SCOPES.contains(parts[4])) {
            String path = text.substring(nthColon(text, 5) + 1);
            return artifact(parts[0], parts[1], parts[2], null, parts[3], path);
        }
        if (parts.length == 7 && SCOPES.contains(parts[5])) {
            return artifact(parts[0], parts[1], parts[2], parts[3], parts[4], parts[6]);
        }
        return null;
    }

    /**
     * Drops from each group the artifacts an earlier group already brings (same group, artifact, type and
     * classifier, whatever the version): the earlier layer already puts that library in the image.
     */
    static List<List<ResolvedArtifact>> withoutEarlierArtifacts(List<List<ResolvedArtifact>> groups) {
        Set<String> seen = new HashSet<>();
        List<List<ResolvedArtifact>> result = new ArrayList<>();
        for (List<ResolvedArtifact> group : groups) {
            List<ResolvedArtifact> kept = new ArrayList<>();
            for (ResolvedArtifact artifact : group) {
                if (seen.add(artifact.key())) {
                    kept.add(artifact);
                }
            }
            result.add(List.copyOf(kept));
        }
        return List.copyOf(result);
    }

    private static ResolvedArtifact artifact(String group, String artifact, String type, String classifier,
                                             String version, String path) {
        if (path.isBlank() || group.isBlank() || artifact.isBlank()) {
            return null;
        }
        String coordinate = group + ":" + artifact + ":" + type + (classifier == null ? "" : ":" + classifier)
                + ":" + version;
        return new ResolvedArtifact(coordinate, Path.of(path.strip()), 0);
    }

    private static int nthColon(String text, int n) {
        int index = -1;
        for (int i = 0; i < n; i++) {
            index = text.indexOf(':', index + 1);
        }
        return index;
    }
}
