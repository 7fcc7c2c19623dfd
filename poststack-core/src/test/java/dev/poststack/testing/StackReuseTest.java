package dev.poststack.testing;

import dev.poststack.api.PoststackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackReuseTest {

    @TempDir
    Path home;

    private StackReuse reuse(Map<String, String> properties, Map<String, String> env) {
        return new StackReuse(properties::get, env, home);
    }

    private void config(String text) throws Exception {
        Files.createDirectories(home.resolve(".poststack"));
        Files.writeString(home.resolve(".poststack/config"), text);
    }

    private static final Map<String, String> LOCAL = Map.of();
    private static final Map<String, String> CI = Map.of("CI", "true");

    @Test
    void onByDefaultOnADevelopersMachineAndOffOnCi() {
        assertThat(reuse(Map.of(), LOCAL).enabled()).isTrue();
        assertThat(reuse(Map.of(), CI).enabled()).isFalse();
        assertThat(reuse(Map.of(), Map.of("CI", "TRUE")).enabled()).isFalse();
        assertThat(reuse(Map.of(), Map.of("CI", "false")).enabled()).as("CI=false is not CI").isTrue();
    }

    @Test
    void locallyTheSwitchTurnsItOffAndThePropertyWinsOverTheEnvironmentAndTheFile() throws Exception {
        assertThat(reuse(Map.of("poststack.reuse", "false"), LOCAL).enabled()).isFalse();
        assertThat(reuse(Map.of(), Map.of("POSTSTACK_REUSE", "false")).enabled()).isFalse();
        assertThat(reuse(Map.of(), Map.of("POSTSTACK_REUSE", " FALSE ")).enabled()).isFalse();
        config("reuse=false\n");
        assertThat(reuse(Map.of(), LOCAL).enabled()).as("the home file opts out").isFalse();
        assertThat(reuse(Map.of(), Map.of("POSTSTACK_REUSE", "true")).enabled()).isTrue();
        assertThat(reuse(Map.of("poststack.reuse", "true"), Map.of("POSTSTACK_REUSE", "false")).enabled()).isTrue();
        assertThat(reuse(Map.of("poststack.reuse", "false"), Map.of("POSTSTACK_REUSE", "true")).enabled()).isFalse();
        assertThat(reuse(Map.of("poststack.reuse", " "), Map.of()).enabled()).as("blank is unset").isFalse();
    }

    @Test
    void testDataIsInMemoryUnlessSwitchedOffAndABadValueSaysWhereItCameFrom() throws Exception {
        assertThat(reuse(Map.of(), LOCAL).dataInMemory()).isTrue();
        assertThat(reuse(Map.of(), CI).dataInMemory()).isTrue();
        assertThat(reuse(Map.of("poststack.data-in-memory", "false"), LOCAL).dataInMemory()).isFalse();
        assertThat(reuse(Map.of(), Map.of("POSTSTACK_DATA_IN_MEMORY", "FALSE")).dataInMemory()).isFalse();
        config("data-in-memory=false\n");
        assertThat(reuse(Map.of(), LOCAL).dataInMemory()).as("the home file").isFalse();
        assertThat(reuse(Map.of(), CI).dataInMemory()).as("the home file is ignored on CI").isTrue();
        assertThatThrownBy(() -> reuse(Map.of(), Map.of("POSTSTACK_DATA_IN_MEMORY", "tmpfs")).dataInMemory())
                .isInstanceOf(PoststackException.class)
                .hasMessage("environment variable POSTSTACK_DATA_IN_MEMORY is 'tmpfs': set it to true (test databases"
                        + " in memory) or false (on named volumes)");
    }

    @Test
    void theStackLastUsedFromAFolderIsTheOneWhoseManifestIsThereAndNotIdle(@TempDir Path projects) throws Exception {
        Path here = Files.createDirectories(projects.resolve("here"));
        Path elsewhere = Files.createDirectories(projects.resolve("elsewhere"));
        Path manifest = Files.writeString(here.resolve("images.yaml"), "version: 1\n");
        Files.writeString(elsewhere.resolve("images.yaml"), "version: 1\n");
        StackReuse reuse = reuse(Map.of(), LOCAL);
        assertThat(reuse.lastUsedIn(here)).as("no records yet").isEmpty();

        String all = "pstest-r-0000000a-00000000aa";
        String dbOnly = "pstest-r-0000000b-00000000bb";
        String other = "pstest-r-0000000c-00000000cc";
        reuse.markInUse(all, new StackReuse.Shape(manifest, List.of(), true));
        Thread.sleep(5);
        reuse.markInUse(dbOnly, new StackReuse.Shape(here.resolve("./images.yaml"), List.of("db", "web"), false));
        Thread.sleep(5);
        reuse.markInUse(other, new StackReuse.Shape(elsewhere.resolve("images.yaml"), List.of(), true));
        assertThat(reuse.lastUsedIn(here)).contains(new StackReuse.Shape(manifest, List.of("db", "web"), false));
        assertThat(reuse.lastUsedIn(elsewhere)).contains(new StackReuse.Shape(elsewhere.resolve("images.yaml"), List.of(), true));

        Thread.sleep(5);
        reuse.markClean(all); // its run ended last
        assertThat(reuse.lastUsedIn(here)).contains(new StackReuse.Shape(manifest, List.of(), true));
        assertThat(reuse(Map.of("poststack.reuse.idle", "PT0S"), LOCAL).lastUsedIn(here)).as("idle").isEmpty();
        Files.delete(manifest);
        assertThat(reuse.lastUsedIn(here)).as("its manifest is gone").isEmpty();
        assertThat(reuse(Map.of(), LOCAL).lastUsedIn(projects)).as("a folder with no manifest of its own").isEmpty();
    }

    @Test
    void onCiTheHomeFileIsIgnoredButAnExplicitSwitchStillTurnsItOn() throws Exception {
        config("reuse=true\n");
        assertThat(reuse(Map.of(), CI).enabled()).isFalse();
        assertThat(reuse(Map.of(), Map.of("CI", "true", "POSTSTACK_REUSE", "true")).enabled()).isTrue();
        assertThat(reuse(Map.of("poststack.reuse", "true"), CI).enabled()).isTrue();
        assertThat(reuse(Map.of("poststack.reuse", "false"), CI).enabled()).isFalse();
    }

    @Test
    void aSwitchThatIsNeitherTrueNorFalseSaysWhereItIsAndWhatToWrite() throws Exception {
        assertThatThrownBy(() -> reuse(Map.of("poststack.reuse", "yes"), LOCAL).enabled())
                .isInstanceOf(PoststackException.class)
                .hasMessage("system property poststack.reuse is 'yes': set it to true (keep test stacks for the next"
                        + " run) or false (a fresh stack every run)");
        assertThatThrownBy(() -> reuse(Map.of(), Map.of("POSTSTACK_REUSE", "1")).enabled())
                .hasMessageStartingWith("environment variable POSTSTACK_REUSE is '1': set it to true");
        config("reuse=off\n");
        assertThatThrownBy(() -> reuse(Map.of(), LOCAL).enabled())
                .hasMessageStartingWith("reuse in " + home.resolve(".poststack/config") + " is 'off': set it to true");
        config("reuse.idle=2h\n");
        assertThatThrownBy(() -> reuse(Map.of(), LOCAL).idleLimit())
                .hasMessage("reuse.idle in " + home.resolve(".poststack/config") + " is '2h': set it to an ISO-8601"
                        + " duration such as PT2H or PT30M");
    }

    @Test
    void aStackIsNamedByWhatItIsAndWhatItWasMadeFromAndOtherInputsAreStale() {
        String key = StackReuse.key(Path.of("/p/images.yaml"), List.of(), true);
        assertThat(key).matches("pstest-r-[0-9a-f]{8}");
        assertThat(StackReuse.key(Path.of("/p/images.yaml"), List.of("db"), true)).isNotEqualTo(key);
        String project = StackReuse.project(key, "manifest", List.of("sha256:b", "sha256:a"));
        assertThat(StackReuse.project(key, "manifest", List.of("sha256:a", "sha256:b"))).isEqualTo(project);
        String rebuilt = StackReuse.project(key, "manifest", List.of("sha256:a", "sha256:c"));
        String edited = StackReuse.project(key, "manifest, edited", List.of("sha256:a", "sha256:b"));
        assertThat(List.of(rebuilt, edited)).doesNotContain(project);
        assertThat(StackReuse.isStale(rebuilt, key, project)).isTrue();
        assertThat(StackReuse.isStale(project, key, project)).isFalse();
        assertThat(StackReuse.isStale("pstest-1234", key, project)).isFalse();
        assertThat(StackReuse.isReused(project)).isTrue();
        assertThat(TestProjects.isTestStack(project)).isTrue();
        assertThat(TestProjects.isAbandoned(project)).as("a reused stack outlives its JVM").isFalse();
    }

    @Test
    void aStackUnusedForLongerThanTheIdleLimitIsIdle() throws Exception {
        String project = StackReuse.project(StackReuse.key(Path.of("/p/images.yaml"), List.of(), true), "m", List.of());
        StackReuse reuse = reuse(Map.of(), Map.of());
        assertThat(reuse.isIdle(project)).as("no record of any use").isTrue();
        reuse.touch(project);
        assertThat(reuse.isIdle(project)).isFalse();
        Files.writeString(home.resolve(".poststack/reused").resolve(project), Instant.now().minus(Duration.ofHours(3)) + "\n");
        assertThat(reuse.isIdle(project)).isTrue();
        assertThat(reuse(Map.of("poststack.reuse.idle", "PT4H"), Map.of()).isIdle(project)).isFalse();
        assertThat(reuse.isIdle("pstest-1234")).as("not a reused stack").isFalse();
        assertThatThrownBy(() -> reuse(Map.of("poststack.reuse.idle", "soon"), Map.of()).isIdle(project))
                .as("a bad idle limit fails instead of counting every stack as idle").isInstanceOf(PoststackException.class);
        reuse.forget(project);
        assertThat(home.resolve(".poststack/reused").resolve(project)).doesNotExist();
    }

    @Test
    void theRecordSaysWhenTheStackWasVerifiedAndWhetherItsDatabaseWasPutBack() throws Exception {
        String project = StackReuse.project(StackReuse.key(Path.of("/p/images.yaml"), List.of(), true), "m", List.of());
        StackReuse reuse = reuse(Map.of(), Map.of());
        assertThat(reuse.verifiedAt(project)).as("no record").isEmpty();
        assertThat(reuse.isClean(project)).as("no record: put back before use").isFalse();
        Instant verified = Instant.parse("2026-01-02T03:04:05Z");
        reuse.verified(project, verified);
        reuse.markClean(project);
        assertThat(reuse.verifiedAt(project)).contains(verified);
        assertThat(reuse.isClean(project)).isTrue();
        assertThat(reuse.isIdle(project)).as("marking it clean is a use").isFalse();
        reuse.markInUse(project, new StackReuse.Shape(home.resolve("images.yaml"), List.of(), true));
        assertThat(reuse.isClean(project)).as("a run may have written rows").isFalse();
        assertThat(reuse.verifiedAt(project)).as("kept by the other changes").contains(verified);
        Files.writeString(home.resolve(".poststack/reused").resolve(project), Instant.now() + "\n");
        assertThat(reuse.isIdle(project)).as("an older poststack's record: the last use alone").isFalse();
        assertThat(reuse.isClean(project)).isFalse();
        assertThat(reuse.verifiedAt(project)).isEmpty();
    }
}
