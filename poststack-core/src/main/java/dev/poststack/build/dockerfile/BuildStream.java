package dev.poststack.build.dockerfile;

import dev.poststack.api.CacheResult;
import dev.poststack.build.ImageEvents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the classic builder's output stream and turns it into step events. The stream sends
 * {@code Step N/M : INSTRUCTION}, then either {@code  ---> Using cache} (a cache hit) or the step's own
 * output, then {@code  ---> <id>}; text chunks may split or join lines, so input is buffered by line. Podman's
 * Docker-compatible {@code /build} (buildah) writes the same in its own form: {@code STEP N/M: INSTRUCTION},
 * {@code --> Using cache <id>}, {@code --> <id>}.
 */
public final class BuildStream {

    static final int TAIL_LINES = 30;
    private static final Pattern STEP = Pattern.compile("^(?:Step (\\d+)/(\\d+) : |STEP (\\d+)/(\\d+): )(.*)$");
    private static final Pattern USING_CACHE = Pattern.compile("^(?: ---|--)> Using cache");

    private final ImageEvents events;
    private final StringBuilder partial = new StringBuilder();
    private final Deque<String> stepTail = new ArrayDeque<>();
    private final List<StepRecord> steps = new ArrayList<>();

    private int index;
    private int total;
    private String instruction;
    private boolean cached;
    private boolean open;
    private Instant stepStart;

    /** One finished step, as reported. */
    public record StepRecord(int index, String instruction, CacheResult cache, Duration duration) {
    }

    public BuildStream(ImageEvents events) {
        this.events = events;
    }

    /** Feeds a chunk of stream text. */
    public synchronized void accept(String chunk) {
        partial.append(chunk);
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            line(partial.substring(0, newline));
            partial.delete(0, newline + 1);
        }
    }

    /** Ends the stream: flushes a last partial line and closes the open step. */
    public synchronized void finish() {
        if (partial.length() > 0) {
            line(partial.toString());
            partial.setLength(0);
        }
        closeStep();
    }

    public synchronized List<StepRecord> steps() {
        return List.copyOf(steps);
    }

    /** The step running when the stream ended, e.g. {@code Step 3/7}; null before the first step. */
    public synchronized String currentStep() {
        return index == 0 ? null : "Step " + index + "/" + total;
    }

    public synchronized String currentInstruction() {
        return instruction;
    }

    /** The last lines of output of the current step. */
    public synchronized List<String> tail() {
        return List.copyOf(stepTail);
    }

    private void line(String raw) {
        String line = events.output(raw);
        Matcher step = STEP.matcher(line);
        if (step.matches()) {
            closeStep();
            boolean docker = step.group(1) != null;
            index = Integer.parseInt(docker ? step.group(1) : step.group(3));
            total = Integer.parseInt(docker ? step.group(2) : step.group(4));
            instruction = step.group(5);
            cached = false;
            open = true;
            stepStart = events.now();
            stepTail.clear();
            events.stepStarted(index, total, instruction);
            return;
        }
        if (USING_CACHE.matcher(line).lookingAt()) {
            cached = true;
        }
        stepTail.addLast(line);
        while (stepTail.size() > TAIL_LINES) {
            stepTail.removeFirst();
        }
    }

    private void closeStep() {
        if (!open) {
            return;
        }
        // FROM reuses an existing image: nothing is built, so it counts as a hit.
        boolean hit = cached || instruction.regionMatches(true, 0, "FROM ", 0, 5);
        Duration duration = Duration.between(stepStart, events.now());
        steps.add(new StepRecord(index, instruction, CacheResult.of(hit), duration));
        events.stepFinished(index, instruction, CacheResult.of(hit), duration);
        open = false;
    }
}
