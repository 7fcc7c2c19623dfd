package dev.poststack.report;

import dev.poststack.api.CacheResult;

import java.time.Duration;

/** One finished Jib layer. */
public record LayerSummary(String name, CacheResult cache, Duration duration) {
}
