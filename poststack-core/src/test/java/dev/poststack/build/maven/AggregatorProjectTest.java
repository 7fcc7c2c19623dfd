package dev.poststack.build.maven;

import dev.poststack.manifest.MavenCoordinate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AggregatorProjectTest {

    @Test
    void aggregatorListsOneModulePerGroup() {
        String pom = AggregatorProject.aggregatorPom(2);

        assertThat(pom).contains("<packaging>pom</packaging>")
                .contains("<module>group-01</module>")
                .contains("<module>group-02</module>")
                .doesNotContain("group-03");
    }

    @Test
    void moduleDeclaresEachArtifactWithTypeAndClassifier() {
        String pom = AggregatorProject.modulePom(0, List.of(
                MavenCoordinate.parse("org.slf4j:slf4j-api:2.0.17"),
                MavenCoordinate.parse("io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.1.0")));

        assertThat(pom).contains("<artifactId>group-01</artifactId>")
                .contains("<groupId>org.slf4j</groupId>")
                .contains("<artifactId>slf4j-api</artifactId>")
                .contains("<version>2.0.17</version>")
                .contains("<type>jar</type>")
                .contains("<classifier>linux-x86_64</classifier>");
        assertThat(pom.indexOf("<classifier>")).isEqualTo(pom.lastIndexOf("<classifier>"));
    }

    @Test
    void writesAggregatorAndModules(@TempDir Path dir) throws Exception {
        AggregatorProject project = AggregatorProject.write(dir, List.of(
                List.of(MavenCoordinate.parse("a:b:1")), List.of(MavenCoordinate.parse("c:d:2"))));

        assertThat(project.pom()).exists();
        assertThat(Files.readString(dir.resolve("group-02/pom.xml"))).contains("<groupId>c</groupId>");
        assertThat(project.listFile(1)).isEqualTo(dir.resolve("group-02/dependencies.txt"));
    }
}
