package dev.poststack.api;

import java.util.Optional;

/**
 * How one image ended.
 *
 * @param name      manifest name
 * @param reference the tag, {@code namespace/name:tag}
 * @param status    built, cached, failed or skipped
 * @param imageId   the image id when built or cached
 * @param reason    why it failed or was skipped
 * @param sourceUnavailable true when the image was skipped because an extension source could not be had
 *                  (or it descends from such an image); such a skip does not fail the run
 */
public record ImageResult(String name, String reference, ImageStatus status, Optional<String> imageId,
                          Optional<String> reason, boolean sourceUnavailable) {

    public ImageResult(String name, String reference, ImageStatus status, Optional<String> imageId,
                       Optional<String> reason) {
        this(name, reference, status, imageId, reason, false);
    }

    public boolean succeeded() {
        return status == ImageStatus.BUILT || status == ImageStatus.CACHED || status == ImageStatus.PULLED;
    }

    /** Built, cached, or skipped only because a source is unavailable: nothing the run must fail for. */
    public boolean acceptable() {
        return succeeded() || (status == ImageStatus.SKIPPED && sourceUnavailable);
    }
}
