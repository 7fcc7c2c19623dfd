package dev.poststack.build;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildListener;
import dev.poststack.api.CacheResult;
import dev.poststack.text.TerminalText;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Emits the step, layer and output events of one image to a listener. */
public final class ImageEvents {

    private final String image;
    private final BuildListener listener;
    private final Clock clock;

    public ImageEvents(String image, BuildListener listener, Clock clock) {
        this.image = image;
        this.listener = listener;
        this.clock = clock;
    }

    public String image() {
        return image;
    }

    public Instant now() {
        return clock.instant();
    }

    public void stepStarted(int index, int total, String instruction) {
        listener.on(new BuildEvent.StepStarted(image, index, total, instruction, now()));
    }

    public void stepFinished(int index, String instruction, CacheResult cache, Duration duration) {
        listener.on(new BuildEvent.StepFinished(image, index, instruction, cache, duration, now()));
    }

    public void layerFinished(String layer, CacheResult cache, Duration duration) {
        listener.on(new BuildEvent.LayerFinished(image, layer, cache, duration, now()));
    }

    /**
     * Reports one line of builder output, cleaned of escape sequences and control characters here, once,
     * so logs, failure excerpts and JSON never see them. Returns the cleaned line for the caller's tail.
     */
    public String output(String raw) {
        String line = TerminalText.clean(raw);
        listener.on(new BuildEvent.OutputLine(image, line, now()));
        return line;
    }
}
