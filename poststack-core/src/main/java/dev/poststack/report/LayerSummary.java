package dev.poststack.report;

import dev.poststack.api.CacheResult;

import java.time.Duration;
import java.time.Instant;

/** One finished Jib layer; it started {@code duration} before {@code endedAt}. */
public record LayerSummary(String name, CacheResult cache, Duration duration, Instant endedAt) {

    public Instant startedAt() {
        return endedAt.minus(duration);
    }
}
