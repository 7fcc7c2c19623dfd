package dev.poststack.run;

import dev.poststack.engine.Labels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and labels of what a project creates in the engine. Everything is named after the manifest's
 * namespace, so two projects (or two test runs with their own namespaces) never touch each other's
 * containers, and everything carries labels so a crashed run's leftovers are found again.
 */
record Resources(String namespace) {

    /** Engine names allow {@code [a-zA-Z0-9][a-zA-Z0-9_.-]}; namespaces may hold {@code /}. */
    String prefix() {
        return namespace.replace('/', '-');
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
        labels.put(Labels.PROJECT, namespace);
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
        return Labels.PROJECT + "=" + namespace;
    }
}
