package dev.poststack.build.maven;

import dev.poststack.build.BuildFailure;
import dev.poststack.manifest.MavenCoordinate;
import dev.poststack.manifest.MavenLayerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a failed resolution into a {@link BuildFailure} that names the artifact to blame and the resolver's causes. */
final class ResolutionFailure {

    private static final int TAIL = 30;

    private ResolutionFailure() {
    }

    static BuildFailure of(List<MavenLayerSpec> groups, Exception failure) {
        List<String> causes = new ArrayList<>();
        for (Throwable t = failure; t != null && causes.size() < TAIL; t = t.getCause()) {
            if (t.getMessage() != null && !causes.contains(t.getMessage())) {
                causes.add(t.getMessage());
            }
        }
        String blamed = blame(groups, String.join("\n", causes).toLowerCase(Locale.ROOT));
        String deepest = causes.isEmpty() ? failure.getClass().getSimpleName() : causes.get(causes.size() - 1);
        return new BuildFailure("Maven could not resolve " + blamed + ": " + deepest, "resolve", blamed,
                List.copyOf(causes), failure);
    }

    /** The first requested coordinate the resolver's messages name, else the layers given. */
    static String blame(List<MavenLayerSpec> groups, String lowerCaseMessages) {
        for (MavenLayerSpec group : groups) {
            for (MavenCoordinate c : group.artifacts()) {
                String ga = (c.groupId() + ":" + c.artifactId()).toLowerCase(Locale.ROOT);
                if (lowerCaseMessages.contains(ga)) {
                    return c + " (layer '" + group.name() + "')";
                }
            }
        }
        if (groups.size() == 1) {
            return "layer '" + groups.get(0).name() + "' " + groups.get(0).artifacts();
        }
        return "the artifacts of layers " + groups.stream().map(MavenLayerSpec::name).toList();
    }
}
