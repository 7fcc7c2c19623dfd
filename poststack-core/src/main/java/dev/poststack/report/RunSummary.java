package dev.poststack.report;

import dev.poststack.api.ImageStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

    public long count(ImageStatus status) {
        return images.stream().filter(image -> image.hasStatus(status)).count();
    }
}
