package dev.poststack.report;

import dev.poststack.api.Backend;
import dev.poststack.api.CacheResult;
import dev.poststack.api.ImageStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What happened to one image in a run. {@code status} is empty while the image is still building;
 * {@code backend} and {@code fingerprint} are empty when no {@code ImageStarted} was seen (e.g. cached);
 * {@code endedAt} is empty while it builds. Its work began {@code wall} before it ended. {@code push} is its push to
 * the registry, when the run pushed.
 */
public record ImageSummary(String name, Optional<Backend> backend, Optional<ImageStatus> status,
                           Optional<String> fingerprint, Duration wall, Optional<String> imageId, long sizeBytes,
                           int layerCount, List<StepSummary> steps, List<LayerSummary> layers,
                           Optional<FailureSummary> error, Optional<String> skipReason,
                           Optional<Instant> endedAt, Optional<PushSummary> push) {

    public ImageSummary {
        steps = List.copyOf(steps);
        layers = List.copyOf(layers);
    }

    /** When its work began: its parents were done and its fingerprint was being computed. */
    public Optional<Instant> startedAt() {
        return endedAt.map(end -> end.minus(wall));
    }

    /** Steps and layers whose result was reused. */
    public int cacheHits() {
        return (int) caches().filter(c -> c == CacheResult.HIT).count();
    }

    /** Steps and layers produced anew. */
    public int cacheMisses() {
        return (int) caches().filter(c -> c == CacheResult.MISS).count();
    }

    public boolean hasStatus(ImageStatus wanted) {
        return status.filter(wanted::equals).isPresent();
    }

    private Stream<CacheResult> caches() {
        return Stream.concat(steps.stream().map(StepSummary::cache), layers.stream().map(LayerSummary::cache));
    }
}
