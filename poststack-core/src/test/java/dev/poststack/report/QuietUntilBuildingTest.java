package dev.poststack.report;

import dev.poststack.api.Backend;
import dev.poststack.api.BuildEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.poststack.report.Events.built;
import static dev.poststack.report.Events.cached;
import static dev.poststack.report.Events.runFinished;
import static dev.poststack.report.Events.started;
import static org.assertj.core.api.Assertions.assertThat;

class QuietUntilBuildingTest {

    private final List<BuildEvent> passed = new ArrayList<>();
    private final QuietUntilBuilding quiet = new QuietUntilBuilding(passed::add);

    @Test
    void aRunOfCachedImagesPassesNothing() {
        quiet.on(cached("base-debian", "aa", 1, 1, 0.01, 0.01));
        quiet.on(cached("postgres", "bb", 1, 1, 0.01, 0.02));
        quiet.on(runFinished(0.1, 2));

        assertThat(passed).isEmpty();
        assertThat(quiet.passedAny()).isFalse();
    }

    @Test
    void theFirstBuildReleasesWhatWasHeldInOrderAndEverythingAfter() {
        BuildEvent base = cached("base-debian", "aa", 1, 1, 0.01, 0.01);
        BuildEvent start = started("postgres", Backend.DOCKERFILE, 0.02);
        BuildEvent done = built("postgres", "bb", 1, 1, 20, 20);
        BuildEvent end = runFinished(20, 2);

        quiet.on(base);
        quiet.on(start);
        quiet.on(done);
        quiet.on(end);

        assertThat(passed).containsExactly(base, start, done, end);
        assertThat(quiet.passedAny()).isTrue();
    }
}
