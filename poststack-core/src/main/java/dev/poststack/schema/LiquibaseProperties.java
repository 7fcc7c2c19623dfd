package dev.poststack.schema;

import java.util.List;

/**
 * Liquibase's defaults file ({@code --defaults-file}, java.util.Properties syntax), as poststack writes it for a
 * run here and the Kubernetes export writes it for a cluster's Job.
 */
public final class LiquibaseProperties {

    /** Liquibase's options that keep a run quiet and offline, before the command. */
    public static final List<String> QUIET = List.of("--show-banner=false", "--analytics-enabled=false",
            "--log-level=WARNING");

    private LiquibaseProperties() {
    }

    /** java.util.Properties syntax: backslash, and leading or special characters, escaped. */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '=' || c == ':' || c == '#' || c == '!' || (c == ' ' && i == 0)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** One line of the file: {@code key: value} with the value escaped. */
    public static String line(String key, String value) {
        return key + ": " + escape(value);
    }
}
