package dev.poststack.report;

import dev.poststack.api.ImageStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A whole run, the one model behind the console summary, {@code build-report.json} and {@code --json}.
 *
 * @param finished    whether {@code RunFinished} was seen; before it, wall and parallelism are 0
 * @param images      the images seen so far, in manifest order
 */
public record RunSummary(Instant startedAt, Duration wall, int parallelism, CriticalPath criticalPath,
                         List<ImageSummary> images, boolean finished) {

    public RunSummary {
        images = List.copyOf(images);
    }

    /** When the run ended; before {@code RunFinished}, the same as its start. */
    public Instant endedAt() {
        return startedAt.plus(wall);
    }

    /** The parallel lane each image ran on, from 0; see {@link Lanes}. */
    public Map<String, Integer> lanes() {
        return Lanes.of(images);
    }

    /** Milliseconds from the run's start to {@code instant}, the offsets the timeline is drawn with. */
    public long offsetMillis(Instant instant) {
        return Duration.between(startedAt, instant).toMillis();
    }

    public long count(ImageStatus status) {
        return images.stream().filter(image -> image.hasStatus(status)).count();
    }
}
