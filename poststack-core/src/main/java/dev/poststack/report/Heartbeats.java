package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildEvent.ImageFailed;
import dev.poststack.api.BuildEvent.ImageFinished;
import dev.poststack.api.BuildEvent.ImageSkipped;
import dev.poststack.api.BuildEvent.OutputLine;
import dev.poststack.api.BuildEvent.StepFinished;
import dev.poststack.api.BuildEvent.StepStarted;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain mode's sign of life: a step that has printed nothing on the console for {@link #SILENCE} gets a
 * line with its elapsed time and last output line, e.g. during a long {@code apt-get install}, so a CI
 * log never looks hung. Not thread-safe; {@link ConsoleRenderer} serialises calls.
 */
final class Heartbeats {

    static final Duration SILENCE = Duration.ofSeconds(10);

    private final int width;
    private final Map<String, Running> running = new LinkedHashMap<>();

    private static final class Running {
        final StepStarted step;
        Instant lastShown;
        String lastOutput = "";

        Running(StepStarted step) {
            this.step = step;
            this.lastShown = step.at();
        }
    }

    Heartbeats(int width) {
        this.width = width;
    }

    void apply(BuildEvent event) {
        if (event instanceof StepStarted step) {
            running.put(step.image(), new Running(step));
        } else if (event instanceof OutputLine output) {
            Running step = running.get(output.image());
            if (step != null && !output.line().isBlank()) {
                step.lastOutput = output.line().strip();
            }
        } else if (event instanceof StepFinished || event instanceof ImageFinished || event instanceof ImageFailed
                || event instanceof ImageSkipped) {
            running.remove(event.image());
        }
    }

    /** The heartbeat lines due at {@code now}; each step gets one at most every {@link #SILENCE}. */
    List<String> due(Instant now) {
        List<String> lines = new ArrayList<>();
        running.forEach((image, step) -> {
            if (Duration.between(step.lastShown, now).compareTo(SILENCE) < 0) {
                return;
            }
            step.lastShown = now;
            long seconds = Duration.between(step.step.at(), now).toSeconds();
            String line = "[" + image + "] step " + step.step.index() + "/" + step.step.total()
                    + " still running (" + seconds + " s)"
                    + (step.lastOutput.isEmpty() ? "" : ": " + step.lastOutput);
            lines.add(Format.truncate(line, Math.max(width, 40)));
        });
        return lines;
    }
}
