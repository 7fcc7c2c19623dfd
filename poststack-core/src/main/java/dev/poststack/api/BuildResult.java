package dev.poststack.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The outcome of a build run: every image requested (and its ancestors) in build order. */
public record BuildResult(List<ImageResult> images, Duration wall) {

    public BuildResult {
        images = List.copyOf(images);
    }

    /**
     * True when every image was built or found cached, or was skipped only because an extension source is
     * unavailable (and descendants of such images): nothing failed or was cancelled.
     */
    public boolean succeeded() {
        return images.stream().allMatch(ImageResult::acceptable);
    }

    public Optional<ImageResult> image(String name) {
        return images.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public long count(ImageStatus status) {
        return images.stream().filter(i -> i.status() == status).count();
    }
}
