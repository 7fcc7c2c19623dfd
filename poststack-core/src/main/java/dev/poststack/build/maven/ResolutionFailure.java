package dev.poststack.build.maven;

import dev.poststack.build.BuildFailure;
import dev.poststack.manifest.MavenCoordinate;
import dev.poststack.manifest.MavenLayerSpec;

import java.util.List;
import java.util.Locale;

/** Turns a failed mvn run into a {@link BuildFailure} that names the artifact to blame and mvn's error lines. */
final class ResolutionFailure {

    private static final int TAIL = 30;

    private ResolutionFailure() {
    }

    static BuildFailure of(List<MavenLayerSpec> groups, MavenCommand.Run run) {
        List<String> errors = run.output().stream().filter(line -> line.contains("[ERROR]")).toList();
        List<String> tail = errors.isEmpty() ? tail(run.output()) : tail(errors);
        String text = String.join("\n", run.output()).toLowerCase(Locale.ROOT);
        String blamed = blame(groups, text);
        String firstError = errors.isEmpty() ? "mvn exited with code " + run.exitCode()
                : errors.get(0).replace("[ERROR]", "").strip();
        return new BuildFailure("Maven could not resolve " + blamed + ": " + firstError,
                "resolve", blamed, tail, null);
    }

    /** The first requested coordinate mvn's output names, else the group whose module failed, else all. */
    static String blame(List<MavenLayerSpec> groups, String lowerCaseOutput) {
        for (MavenLayerSpec group : groups) {
            for (MavenCoordinate c : group.artifacts()) {
                String ga = (c.groupId() + ":" + c.artifactId()).toLowerCase(Locale.ROOT);
                if (lowerCaseOutput.contains(ga)) {
                    return c + " (layer '" + group.name() + "')";
                }
            }
        }
        for (int i = 0; i < groups.size(); i++) {
            if (lowerCaseOutput.contains(AggregatorProject.moduleName(i) + ":")) {
                return "the artifacts of layer '" + groups.get(i).name() + "' " + groups.get(i).artifacts();
            }
        }
        return "the artifacts of layers " + groups.stream().map(MavenLayerSpec::name).toList();
    }

    private static List<String> tail(List<String> lines) {
        return List.copyOf(lines.subList(Math.max(0, lines.size() - TAIL), lines.size()));
    }
}
