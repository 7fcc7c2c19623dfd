package dev.poststack.report;

import dev.poststack.api.CacheResult;

import java.time.Duration;
import java.time.Instant;

/**
 * One finished Dockerfile step or rootfs stage.
 *
 * @param total   how many steps the image has, as announced when the step started; 0 when unknown
 * @param endedAt when it finished; it started {@code duration} before
 */
public record StepSummary(int index, int total, String instruction, CacheResult cache, Duration duration,
                          Instant endedAt) {

    public Instant startedAt() {
        return endedAt.minus(duration);
    }
}
