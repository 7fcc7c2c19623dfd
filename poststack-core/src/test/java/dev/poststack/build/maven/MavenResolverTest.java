package dev.poststack.build.maven;

import dev.poststack.build.BuildFailure;
import dev.poststack.manifest.MavenCoordinate;
import dev.poststack.manifest.MavenLayerSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Resolution in-process against a file repository made here, reached only through a settings.xml mirror of
 * everything ({@code mirrorOf *}), with a fresh local repository: no network, no mvn.
 */
class MavenResolverTest {

    @TempDir
    Path dir;
    private Path remote;
    private Path settings;

    @BeforeEach
    void repositoryWithALibraryAndItsDependencies() throws IOException {
        remote = dir.resolve("remote");
        publish("acme", "lib", "1.0", """
                <dependency><groupId>acme</groupId><artifactId>util</artifactId><version>2.0</version></dependency>
                <dependency><groupId>acme</groupId><artifactId>tests-only</artifactId><version>1.0</version>
                  <scope>test</scope></dependency>
                <dependency><groupId>acme</groupId><artifactId>optional</artifactId><version>1.0</version>
                  <optional>true</optional></dependency>
                """);
        publish("acme", "util", "2.0", "");
        publish("acme", "util", "1.0", "");
        publish("acme", "driver", "3.1", """
                <dependency><groupId>acme</groupId><artifactId>util</artifactId><version>1.0</version></dependency>
                """);
        publish("acme", "broken", "1.0", """
                <dependency><groupId>acme</groupId><artifactId>absent</artifactId><version>1.0</version></dependency>
                """);
        settings = Files.writeString(dir.resolve("settings.xml"), """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror><id>test-files</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(dir.resolve("local"), remote.toUri()));
    }

    @Test
    void resolvesRuntimeDependenciesThroughTheMirrorAndDropsWhatAnEarlierLayerHas() throws Exception {
        MavenResolver resolver = resolver(false);

        List<List<ResolvedArtifact>> groups = resolver.resolve(List.of(layer("libs", "acme:lib:1.0"),
                layer("jdbc", "acme:driver:3.1")));

        assertThat(groups.get(0)).extracting(ResolvedArtifact::coordinate)
                .containsExactly("acme:lib:jar:1.0", "acme:util:jar:2.0");
        assertThat(groups.get(1)).as("util is in the libs layer already").extracting(ResolvedArtifact::coordinate)
                .containsExactly("acme:driver:jar:3.1");
        ResolvedArtifact lib = groups.get(0).get(0);
        assertThat(lib.file()).startsWith(dir.resolve("local")).hasFileName("lib-1.0.jar");
        assertThat(lib.size()).isEqualTo(Files.size(lib.file())).isPositive();
    }

    @Test
    void warmResolutionAnswersFromTheCacheWithoutReadingSettings() throws Exception {
        List<MavenLayerSpec> layers = List.of(layer("libs", "acme:lib:1.0"));
        List<List<ResolvedArtifact>> first = resolver(false).resolve(layers);

        MavenResolver noSettings = new MavenResolver(() -> {
            throw new AssertionError("settings read although the result is cached");
        }, dir.resolve("cache"));

        assertThat(noSettings.resolve(layers)).isEqualTo(first);
    }

    @Test
    void offlineFindsOnlyWhatTheLocalRepositoryHas() throws Exception {
        resolver(false).resolve(List.of(layer("libs", "acme:lib:1.0")));
        MavenResolver offline = new MavenResolver(() -> MavenSettings.read(settings, null, dir, Map.of(), true),
                dir.resolve("other-cache"));

        assertThat(offline.resolve(List.of(layer("libs", "acme:lib:1.0")))).hasSize(1);
        assertThatThrownBy(() -> offline.resolve(List.of(layer("jdbc", "acme:driver:3.1"))))
                .isInstanceOf(BuildFailure.class)
                .hasMessageContaining("acme:driver:jar:3.1 (layer 'jdbc')")
                .hasMessageContaining("offline");
    }

    @Test
    void aMissingDependencyNamesTheLayerAndTheArtifact() {
        assertThatThrownBy(() -> resolver(false).resolve(List.of(layer("libs", "acme:lib:1.0"),
                layer("tools", "acme:broken:1.0"))))
                .isInstanceOf(BuildFailure.class)
                .hasMessageContaining("Maven could not resolve layer 'tools' [acme:broken:jar:1.0]: Could not find artifact"
                        + " acme:absent:jar:1.0")
                .hasMessageContaining("acme:absent:jar:1.0")
                .satisfies(e -> assertThat(((BuildFailure) e).step()).isEqualTo("resolve"))
                .satisfies(e -> assertThat(((BuildFailure) e).outputTail()).isNotEmpty());
    }

    @Test
    void keepsTheFirstLayersVersionOfALibrary() {
        ResolvedArtifact api = new ResolvedArtifact("org.slf4j:slf4j-api:jar:2.0.17", Path.of("a.jar"), 1);
        ResolvedArtifact oldApi = new ResolvedArtifact("org.slf4j:slf4j-api:jar:1.7.36", Path.of("b.jar"), 1);
        ResolvedArtifact driver = new ResolvedArtifact("org.postgresql:postgresql:jar:42.7.8", Path.of("c.jar"), 1);

        assertThat(MavenResolver.withoutEarlierArtifacts(List.of(List.of(api), List.of(oldApi, driver))))
                .containsExactly(List.of(api), List.of(driver));
    }

    @Test
    void readsTheLocalRepositoryOfflineFlagAndDefaultRepository() {
        MavenSettings read = MavenSettings.read(settings, null, dir, Map.of(), false);
        assertThat(read.localRepository()).isEqualTo(dir.resolve("local"));
        assertThat(read.offline()).isFalse();
        assertThat(read.repositories()).extracting(r -> r.getId(), r -> r.getUrl())
                .containsExactly(tuple("central", "https://repo.maven.apache.org/maven2"));

        MavenSettings none = MavenSettings.read(dir.resolve("absent.xml"), null, dir, Map.of(), false);
        assertThat(none.localRepository()).isEqualTo(dir.resolve(".m2/repository"));
    }

    @Test
    void aMavenBuildsSessionComesBeforeTheUsersSettings() throws IOException {
        Path other = Files.writeString(dir.resolve("other-settings.xml"), """
                <settings><localRepository>%s</localRepository></settings>
                """.formatted(dir.resolve("from-other-settings")));
        MavenSettings fromFile = MavenSettings.fromEnvironment(Map.of(),
                dev.poststack.api.MavenResolution.builder().userSettingsFile(other).build());
        assertThat(fromFile.localRepository()).isEqualTo(dir.resolve("from-other-settings"));
        assertThat(fromFile.offline()).isFalse();

        MavenSettings session = MavenSettings.fromEnvironment(Map.of(), dev.poststack.api.MavenResolution.builder()
                .userSettingsFile(other).localRepository(dir.resolve("session-repo")).offline(true).build());
        assertThat(session.localRepository()).isEqualTo(dir.resolve("session-repo"));
        assertThat(session.offline()).isTrue();
    }

    @Test
    void aSessionsLocalRepositoryIsWhereArtifactsGoAndWhereOfflineFindsThem() throws Exception {
        Path sessionRepo = dir.resolve("session-repo");
        var online = dev.poststack.api.MavenResolution.builder().userSettingsFile(settings)
                .localRepository(sessionRepo).build();
        List<List<ResolvedArtifact>> fetched = new MavenResolver(() -> MavenSettings.fromEnvironment(Map.of(), online),
                dir.resolve("cache-a")).resolve(List.of(layer("libs", "acme:lib:1.0")));
        assertThat(fetched.get(0).get(0).file()).startsWith(sessionRepo);
        assertThat(dir.resolve("local")).as("the settings' repository is not used").doesNotExist();

        var offline = dev.poststack.api.MavenResolution.builder().userSettingsFile(settings)
                .localRepository(sessionRepo).offline(true).build();
        assertThat(new MavenResolver(() -> MavenSettings.fromEnvironment(Map.of(), offline), dir.resolve("cache-b"))
                .resolve(List.of(layer("libs", "acme:lib:1.0")))).hasSize(1);
        var offlineElsewhere = dev.poststack.api.MavenResolution.builder().userSettingsFile(settings).offline(true)
                .build();
        assertThatThrownBy(() -> new MavenResolver(() -> MavenSettings.fromEnvironment(Map.of(), offlineElsewhere),
                dir.resolve("cache-c")).resolve(List.of(layer("libs", "acme:lib:1.0"))))
                .isInstanceOf(BuildFailure.class).hasMessageContaining("offline");
    }

    @Test
    void centralMovesWhereMavenRepoCentralSays() {
        MavenSettings moved = MavenSettings.read(settings, null, dir,
                Map.of("MAVEN_REPO_CENTRAL", "https://mirror.example/maven2"), false);

        assertThat(moved.repositories()).extracting(r -> r.getUrl()).containsExactly("https://mirror.example/maven2");
    }

    private MavenResolver resolver(boolean offline) {
        return new MavenResolver(() -> MavenSettings.read(settings, null, dir, Map.of(), offline), dir.resolve("cache"));
    }

    private static MavenLayerSpec layer(String name, String coordinate) {
        return new MavenLayerSpec(name, List.of(MavenCoordinate.parse(coordinate)), "/app/lib");
    }

    private void publish(String group, String artifact, String version, String dependencies) throws IOException {
        Path folder = Files.createDirectories(remote.resolve(group.replace('.', '/')).resolve(artifact).resolve(version));
        Files.writeString(folder.resolve(artifact + "-" + version + ".pom"), """
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>
                  <dependencies>%s</dependencies>
                </project>
                """.formatted(group, artifact, version, dependencies), StandardCharsets.UTF_8);
        Files.write(folder.resolve(artifact + "-" + version + ".jar"), (artifact + version).getBytes(StandardCharsets.UTF_8));
    }
}
