package dev.poststack.api;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What happens during a build, as typed events. The console, the JSON report and the per-image logs
 * are all consumers of the same stream; see {@link BuildListener}.
 */
public sealed interface BuildEvent {

    /** The manifest name of the image the event is about; empty for run-level events. */
    String image();

    /** When the event happened. */
    Instant at();

    /** An image's build began (its parents are done and its fingerprint changed or was forced). */
    record ImageStarted(String image, Backend backend, String fingerprint, Instant at) implements BuildEvent {
    }

    /** A Dockerfile step or rootfs stage began. {@code index} counts from 1 up to {@code total}. */
    record StepStarted(String image, int index, int total, String instruction, Instant at) implements BuildEvent {
    }

    /** A Dockerfile step or rootfs stage ended; {@code cache} tells whether its result was reused. */
    record StepFinished(String image, int index, String instruction, CacheResult cache, Duration duration,
                        Instant at) implements BuildEvent {
    }

    /** A Jib layer was built or reused from Jib's layer cache. */
    record LayerFinished(String image, String layer, CacheResult cache, Duration duration, Instant at)
            implements BuildEvent {
    }

    /** One line of a builder's raw output, for the per-image log. */
    record OutputLine(String image, String line, Instant at) implements BuildEvent {
    }

    /** An image ended without error: built, or found current in the engine ({@link ImageStatus#CACHED}). */
    record ImageFinished(String image, ImageStatus status, Backend backend, String fingerprint, String imageId,
                         long sizeBytes, int layerCount, Duration wall, Instant at) implements BuildEvent {
    }

    /**
     * An image failed. {@code step} and {@code instruction} name the failing step when there is one;
     * {@code outputTail} holds its last lines; {@code log} is the full log.
     */
    record ImageFailed(String image, String message, String step, String instruction, List<String> outputTail,
                       Path log, Duration wall, Instant at) implements BuildEvent {
        public ImageFailed {
            outputTail = List.copyOf(outputTail);
        }
    }

    /**
     * An image is in the registry: its manifest was put under {@code reference} ({@code host/path:tag}) with
     * {@code digest}. {@code bytesSent} counts the layers and config sent, {@code bytesSkipped} those the
     * registry already had (not sent again).
     */
    record ImagePushed(String image, String reference, String digest, long bytesSent, long bytesSkipped,
                       int blobsSent, int blobsSkipped, Duration wall, Instant at) implements BuildEvent {
    }

    /** Pushing an image failed; {@code message} says why. The registry's tag was not moved to it. */
    record PushFailed(String image, String reference, String message, Duration wall, Instant at)
            implements BuildEvent {
    }

    /** An image was not built, e.g. because a parent failed; {@code reason} says why. */
    record ImageSkipped(String image, String reason, Instant at) implements BuildEvent {
    }

    /** The run ended; every image has had exactly one of finished, failed or skipped. */
    record RunFinished(Duration wall, int parallelism, Instant at) implements BuildEvent {
        @Override
        public String image() {
            return "";
        }
    }
}
