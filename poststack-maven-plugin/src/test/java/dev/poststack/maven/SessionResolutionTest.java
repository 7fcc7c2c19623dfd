package dev.poststack.maven;

import dev.poststack.api.MavenResolution;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The goals resolve Jib layers' artifacts as the Maven build they run in does. */
class SessionResolutionTest {

    @Test
    void offlineSettingsFilesAndLocalRepositoryComeFromTheBuild() {
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setOffline(true);
        request.setLocalRepositoryPath(new File("/tmp/build-repo"));
        request.setUserSettingsFile(new File("/tmp/my-settings.xml"));
        request.setGlobalSettingsFile(new File("/tmp/global-settings.xml"));

        MavenResolution resolution = AbstractPoststackMojo.resolution(request);

        assertThat(resolution.offline()).isTrue();
        assertThat(resolution.localRepository()).contains(Path.of("/tmp/build-repo"));
        assertThat(resolution.userSettingsFile()).contains(Path.of("/tmp/my-settings.xml"));
        assertThat(resolution.globalSettingsFile()).contains(Path.of("/tmp/global-settings.xml"));
    }

    @Test
    void anOnlineBuildWithDefaultsLeavesTheUsersSettingsInCharge() {
        MavenResolution resolution = AbstractPoststackMojo.resolution(new DefaultMavenExecutionRequest());

        assertThat(resolution).isEqualTo(MavenResolution.userSettings());
    }
}
