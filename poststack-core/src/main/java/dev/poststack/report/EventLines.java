package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildEvent.ImageFailed;
import dev.poststack.api.BuildEvent.ImageFinished;
import dev.poststack.api.BuildEvent.ImageSkipped;
import dev.poststack.api.BuildEvent.ImageStarted;
import dev.poststack.api.BuildEvent.LayerFinished;
import dev.poststack.api.BuildEvent.StepFinished;
import dev.poststack.api.CacheResult;
import dev.poststack.api.ImageStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console's plain-mode text: one line per meaningful event, a block per failure. Output lines
 * and step starts print nothing; the log has them, and CI logs stay readable.
 */
final class EventLines {

    /** However narrow the terminal, an instruction keeps this much so it stays recognisable. */
    private static final int MIN_INSTRUCTION = 20;

    private final int width;

    EventLines(int width) {
        this.width = width;
    }

    /**
     * @param image the image as recorded including {@code event}, for step totals and counts
     */
    List<String> of(BuildEvent event, Optional<ImageSummary> image) {
        String prefix = "[" + event.image() + "] ";
        if (event instanceof ImageStarted started) {
            return List.of(prefix + "building with " + Format.lower(started.backend())
                    + " (fingerprint " + Format.shortId(started.fingerprint()) + ")");
        }
        if (event instanceof StepFinished step) {
            return List.of(step(prefix, step, image));
        }
        if (event instanceof LayerFinished layer) {
            String outcome = layer.cache() == CacheResult.HIT ? "cached" : "rebuilt";
            return List.of(prefix + "layer " + layer.layer() + " " + outcome
                    + " (" + Format.seconds(layer.duration()) + ")");
        }
        if (event instanceof ImageFinished finished) {
            return List.of(prefix + finished(finished, image));
        }
        if (event instanceof ImageFailed failed) {
            return failure(failed);
        }
        if (event instanceof ImageSkipped skipped) {
            return List.of(prefix + "skipped: " + skipped.reason());
        }
        return List.of();
    }

    /** The failure block: what failed, where, the output tail indented and where the full log is. */
    List<String> failure(ImageFailed failed) {
        List<String> lines = new ArrayList<>();
        lines.add("[" + failed.image() + "] FAILED after " + Format.seconds(failed.wall()) + ": " + failed.message());
        if (failed.step() != null || failed.instruction() != null) {
            String where = failed.step() == null ? "" : failed.step() + ": ";
            lines.add("  at " + where + Format.oneLine(failed.instruction()));
        }
        failed.outputTail().forEach(line -> lines.add("    " + line));
        if (failed.log() != null) {
            lines.add("  full log: " + failed.log());
        }
        return lines;
    }

    private String step(String prefix, StepFinished step, Optional<ImageSummary> image) {
        int total = image.flatMap(summary -> summary.steps().stream()
                        .filter(s -> s.index() == step.index()).reduce((first, last) -> last))
                .map(StepSummary::total).orElse(0);
        String head = prefix + "step " + step.index() + (total > 0 ? "/" + total : "") + " ";
        String tail = " (cache " + Format.lower(step.cache()) + ", " + Format.seconds(step.duration()) + ")";
        int room = Math.max(MIN_INSTRUCTION, width - head.length() - tail.length());
        return head + Format.truncate(Format.oneLine(step.instruction()), room) + tail;
    }

    private static String finished(ImageFinished finished, Optional<ImageSummary> image) {
        if (finished.status() == ImageStatus.CACHED) {
            return "cached (inputs unchanged)";
        }
        String work = image.map(EventLines::work).map(text -> " (" + text + ")").orElse("");
        String id = finished.imageId() == null ? "" : " sha256:" + Format.shortId(finished.imageId());
        return Format.lower(finished.status()) + id + " in " + Format.seconds(finished.wall()) + work;
    }

    /** {@code 5 steps: 1 cached, 4 built}, or the same for layers; empty when there were none. */
    private static String work(ImageSummary image) {
        int steps = image.steps().size();
        int layers = image.layers().size();
        if (steps + layers == 0) {
            return null;
        }
        String unit = steps > 0 ? plural(steps, "step") : plural(layers, "layer");
        String more = steps > 0 && layers > 0 ? " + " + plural(layers, "layer") : "";
        return unit + more + ": " + image.cacheHits() + " cached, " + image.cacheMisses() + " built";
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
