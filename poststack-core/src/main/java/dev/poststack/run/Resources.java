package dev.poststack.run;

import dev.poststack.engine.Labels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and labels of what a project creates in the engine. Everything is named after the project (by
 * default the manifest's namespace), so two projects, or two test runs with their own project names, never
 * touch each other's containers; everything carries labels so a crashed run's leftovers are found again.
 */
record Resources(String project) {

    /** Overrides the project name, like Compose's COMPOSE_PROJECT_NAME: two copies of one project apart. */
    static final String PROJECT_VARIABLE = "POSTSTACK_PROJECT";
    private static final java.util.regex.Pattern PROJECT = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    static String projectName(String namespace, java.util.Optional<String> override, Map<String, String> environment) {
        String project = override.orElseGet(() -> environment.get(PROJECT_VARIABLE));
        if (project == null || project.isBlank()) {
            return namespace.replace('/', '-');
        }
        if (!PROJECT.matcher(project).matches()) {
            throw new IllegalArgumentException((override.isPresent() ? "project name " : PROJECT_VARIABLE + "=")
                    + project + " is not a valid project name;"
                    + " use lowercase letters, digits and `_`, `.`, `-`, starting with a letter or digit");
        }
        return project;
    }

    static Resources of(String project) {
        return new Resources(project);
    }

    /** The prefix of every name: the project name, which is a valid engine name. */
    String prefix() {
        return project;
    }

    String network() {
        return prefix() + "-net";
    }

    String container(String service) {
        return prefix() + "-" + service;
    }

    String volume(String name) {
        return prefix() + "-" + name;
    }

    /** The labels of the project's network and volumes. */
    Map<String, String> projectLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.PROJECT, project);
        return labels;
    }

    /** The labels of a service's container. */
    Map<String, String> serviceLabels(String service, String config) {
        Map<String, String> labels = projectLabels();
        labels.put(Labels.SERVICE, service);
        labels.put(Labels.CONFIG, config);
        return labels;
    }

    /** The engine's label filter selecting everything of this project. */
    String projectFilter() {
        return Labels.PROJECT + "=" + project;
    }
}
