package dev.poststack.build.maven;

import dev.poststack.manifest.MavenCoordinate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away Maven project with one module per artifact group, so that a single {@code mvn} run resolves
 * every group. Each module lists its group's artifacts as dependencies and writes its resolved list to
 * {@link #LIST_FILE}.
 */
final class AggregatorProject {

    static final String GROUP_ID = "dev.poststack.resolve";
    static final String LIST_FILE = "dependencies.txt";

    private final Path root;
    private final int modules;

    private AggregatorProject(Path root, int modules) {
        this.root = root;
        this.modules = modules;
    }

    /** Writes the aggregator and its modules below {@code root}. */
    static AggregatorProject write(Path root, List<List<MavenCoordinate>> groups) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("pom.xml"), aggregatorPom(groups.size()));
        for (int i = 0; i < groups.size(); i++) {
            Path module = Files.createDirectories(root.resolve(moduleName(i)));
            Files.writeString(module.resolve("pom.xml"), modulePom(i, groups.get(i)));
        }
        return new AggregatorProject(root, groups.size());
    }

    Path pom() {
        return root.resolve("pom.xml");
    }

    /** Where module {@code index} leaves its resolved list. */
    Path listFile(int index) {
        return root.resolve(moduleName(index)).resolve(LIST_FILE);
    }

    int modules() {
        return modules;
    }

    static String moduleName(int index) {
        return String.format("group-%02d", index + 1);
    }

    static String aggregatorPom(int moduleCount) {
        StringBuilder xml = new StringBuilder(header(GROUP_ID, "aggregator"));
        xml.append("  <modules>\n");
        for (int i = 0; i < moduleCount; i++) {
            xml.append("    <module>").append(moduleName(i)).append("</module>\n");
        }
        xml.append("  </modules>\n</project>\n");
        return xml.toString();
    }

    static String modulePom(int index, List<MavenCoordinate> artifacts) {
        StringBuilder xml = new StringBuilder(header(GROUP_ID, moduleName(index)));
        xml.append("  <dependencies>\n");
        for (MavenCoordinate c : artifacts) {
            xml.append("    <dependency>\n");
            element(xml, "groupId", c.groupId());
            element(xml, "artifactId", c.artifactId());
            element(xml, "version", c.version());
            element(xml, "type", c.extension());
            c.classifier().ifPresent(classifier -> element(xml, "classifier", classifier));
            xml.append("    </dependency>\n");
        }
        xml.append("  </dependencies>\n</project>\n");
        return xml.toString();
    }

    private static String header(String groupId, String artifactId) {
        // packaging pom: the modules have no sources, only dependencies to resolve.
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>" + groupId + "</groupId>\n"
                + "  <artifactId>" + artifactId + "</artifactId>\n"
                + "  <version>1</version>\n"
                + "  <packaging>pom</packaging>\n";
    }

    private static void element(StringBuilder xml, String name, String value) {
        // Coordinates are validated by MavenCoordinate's pattern, so they hold no XML metacharacters.
        xml.append("      <").append(name).append('>').append(value).append("</").append(name).append(">\n");
    }
}
