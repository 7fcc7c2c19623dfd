package dev.poststack.build.jib;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import dev.poststack.api.BuildListener;
import dev.poststack.build.BuildFailure;
import dev.poststack.build.ImageEvents;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class JibFailuresTest {

    private final LayerProgress progress = new LayerProgress(List.of("libs", "config"),
            new ImageEvents("app", BuildListener.none(), Clock.systemUTC()));

    @Test
    void namesTheLayerBeingBuiltAndTheRootCause() {
        progress.onLog(LogEvent.progress("Building config layer..."));
        progress.onTimer(new TimerEvent(TimerEvent.State.START, Optional::empty, Duration.ZERO, Duration.ZERO,
                "Building config layer"));

        BuildFailure failure = JibFailures.of(new ExecutionException(new IOException("disk full")), progress,
                "ns/app:1");

        assertThat(failure.getMessage()).isEqualTo("Jib failed building layer 'config' of ns/app:1: IOException: disk full");
        assertThat(failure.step()).isEqualTo("layer 'config'");
        assertThat(failure.outputTail()).containsExactly("Building config layer...");
    }

    @Test
    void outsideALayerBlamesTheWholeStep() {
        BuildFailure failure = JibFailures.of(new IOException("engine refused"), progress, "ns/app:1");

        assertThat(failure.getMessage()).isEqualTo("Jib failed building ns/app:1: IOException: engine refused");
        assertThat(failure.step()).isEqualTo("containerize");
    }
}
