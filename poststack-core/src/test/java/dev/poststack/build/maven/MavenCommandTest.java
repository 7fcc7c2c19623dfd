package dev.poststack.build.maven;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MavenCommandTest {

    @Test
    void defaultsToBatchQuietMvn() {
        assertThat(MavenCommand.fromEnvironment(Map.of()).commandLine(List.of("goal")))
                .containsExactly("mvn", "-B", "-q", "-Dstyle.color=never", "goal");
    }

    @Test
    void honoursOfflineExecutableAndExtraArguments() {
        MavenCommand mvn = MavenCommand.fromEnvironment(Map.of(
                "POSTSTACK_MVN", "/opt/mvn/bin/mvn",
                "POSTSTACK_MAVEN_OFFLINE", "1",
                "POSTSTACK_MAVEN_ARGS", " -s  /tmp/settings.xml "));

        assertThat(mvn.commandLine(List.of("goal")))
                .containsExactly("/opt/mvn/bin/mvn", "-B", "-q", "-Dstyle.color=never", "-o", "-s", "/tmp/settings.xml",
                        "goal");
    }
}
