package dev.poststack.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (set by Maven). */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"poststack " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version")};
    }
}
