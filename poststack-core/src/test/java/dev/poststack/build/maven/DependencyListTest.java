package dev.poststack.build.maven;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyListTest {

    @Test
    void parsesDependencyPluginOutput() {
        List<ResolvedArtifact> artifacts = DependencyList.parse(List.of(
                "",
                "The following files have been resolved:",
                "   ch.qos.logback:logback-classic:jar:1.5.21:compile:/r/logback-classic-1.5.21.jar -- module ch.qos.logback.classic",
                "   org.slf4j:slf4j-api:jar:2.0.17:runtime:/r/slf4j-api-2.0.17.jar",
                "   io.netty:netty-epoll:jar:linux-x86_64:4.1.0:compile:/r/netty-epoll-4.1.0-linux-x86_64.jar -- module x (auto)",
                "   none"));

        assertThat(artifacts).containsExactly(
                new ResolvedArtifact("ch.qos.logback:logback-classic:jar:1.5.21", Path.of("/r/logback-classic-1.5.21.jar"), 0),
                new ResolvedArtifact("org.slf4j:slf4j-api:jar:2.0.17", Path.of("/r/slf4j-api-2.0.17.jar"), 0),
                new ResolvedArtifact("io.netty:netty-epoll:jar:linux-x86_64:4.1.0",
                        Path.of("/r/netty-epoll-4.1.0-linux-x86_64.jar"), 0));
    }

    @Test
    void keepsColonsInThePath() {
        ResolvedArtifact artifact = DependencyList.parseLine("a:b:jar:1:compile:C:\\repo\\b-1.jar");

        assertThat(artifact.file().toString()).isEqualTo("C:\\repo\\b-1.jar");
        assertThat(artifact.key()).isEqualTo("a:b:jar");
    }

    @Test
    void dropsWhatAnEarlierGroupBrings() {
        ResolvedArtifact api = new ResolvedArtifact("org.slf4j:slf4j-api:jar:2.0.17", Path.of("/r/api.jar"), 1);
        ResolvedArtifact oldApi = new ResolvedArtifact("org.slf4j:slf4j-api:jar:1.7.36", Path.of("/r/api1.jar"), 1);
        ResolvedArtifact driver = new ResolvedArtifact("org.postgresql:postgresql:jar:42.7.8", Path.of("/r/pg.jar"), 1);

        var groups = DependencyList.withoutEarlierArtifacts(List.of(List.of(api), List.of(oldApi, driver)));

        assertThat(groups).containsExactly(List.of(api), List.of(driver));
    }
}
