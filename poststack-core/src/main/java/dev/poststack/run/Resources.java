package dev.poststack.run;

import dev.poststack.engine.Labels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and labels of what a project creates in the engine. Everything is named after the project (see
 * {@link ProjectIdentity}), so two projects, or two test runs with their own project names, never touch each
 * other's containers; everything carries labels so a crashed run's leftovers are found again, and the
 * checkout that made it.
 *
 * @param checkout the checkout's canonical folder
 */
record Resources(String project, String checkout) {

    static Resources of(ProjectIdentity identity) {
        return new Resources(identity.name(), identity.checkout());
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
        labels.put(Labels.CHECKOUT, checkout);
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
