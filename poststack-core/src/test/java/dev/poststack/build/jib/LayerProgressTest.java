package dev.poststack.build.jib;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import dev.poststack.api.BuildEvent;
import dev.poststack.api.CacheResult;
import dev.poststack.build.ImageEvents;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class LayerProgressTest {

    private final List<BuildEvent> seen = new CopyOnWriteArrayList<>();
    private final LayerProgress progress = new LayerProgress(List.of("libs", "config"),
            new ImageEvents("app", seen::add, Clock.systemUTC()));

    @Test
    void layerWithABuiltLogIsAMissTheOthersHits() {
        timer(TimerEvent.State.START, "Building libs layer", Duration.ZERO);
        timer(TimerEvent.State.START, "Building config layer", Duration.ZERO);
        progress.onLog(LogEvent.debug("Building config layer built sha256:" + "ab".repeat(32)));
        timer(TimerEvent.State.FINISHED, "Building libs layer", Duration.ofMillis(3));
        timer(TimerEvent.State.FINISHED, "Building config layer", Duration.ofMillis(40));

        progress.report();

        assertThat(seen).filteredOn(BuildEvent.LayerFinished.class::isInstance)
                .map(BuildEvent.LayerFinished.class::cast)
                .extracting(BuildEvent.LayerFinished::layer, BuildEvent.LayerFinished::cache,
                        BuildEvent.LayerFinished::duration)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("libs", CacheResult.HIT, Duration.ofMillis(3)),
                        org.assertj.core.groups.Tuple.tuple("config", CacheResult.MISS, Duration.ofMillis(40)));
    }

    @Test
    void forwardsInfoAndAboveButNotDebug() {
        progress.onLog(LogEvent.lifecycle("Containerizing application to Docker daemon as app..."));
        progress.onLog(LogEvent.debug("noise"));
        progress.onLog(LogEvent.warn("careful"));

        assertThat(seen).filteredOn(BuildEvent.OutputLine.class::isInstance)
                .extracting(e -> ((BuildEvent.OutputLine) e).line())
                .containsExactly("Containerizing application to Docker daemon as app...", "careful");
        assertThat(progress.tail()).hasSize(2);
    }

    @Test
    void aLayerStartedButNotFinishedIsTheUnfinishedOne() {
        timer(TimerEvent.State.START, "Building config layer", Duration.ZERO);
        timer(TimerEvent.State.START, "Building base image layers", Duration.ZERO);

        assertThat(progress.unfinishedLayer()).contains("config");
    }

    private void timer(TimerEvent.State state, String description, Duration elapsed) {
        progress.onTimer(new TimerEvent(state, () -> java.util.Optional.empty(), elapsed, elapsed, description));
    }
}
