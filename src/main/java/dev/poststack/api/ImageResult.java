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
 */
public record ImageResult(String name, String reference, ImageStatus status, Optional<String> imageId,
                          Optional<String> reason) {

    public boolean succeeded() {
        return status == ImageStatus.BUILT || status == ImageStatus.CACHED;
    }
}
