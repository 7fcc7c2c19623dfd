package dev.poststack.report;

import dev.poststack.api.Backend;
import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildEvent.ImageFailed;
import dev.poststack.api.BuildEvent.ImageFinished;
import dev.poststack.api.BuildEvent.ImagePushed;
import dev.poststack.api.BuildEvent.ImageSkipped;
import dev.poststack.api.BuildEvent.ImageStarted;
import dev.poststack.api.BuildEvent.LayerFinished;
import dev.poststack.api.BuildEvent.PushFailed;
import dev.poststack.api.BuildEvent.StepFinished;
import dev.poststack.api.BuildEvent.StepStarted;
import dev.poststack.api.ImageStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The mutable state of one image while events arrive; not thread-safe, {@link RunRecorder} guards it. */
final class ImageTrack {

    private final String name;
    private Backend backend;
    private ImageStatus status;
    private String fingerprint;
    private Duration wall = Duration.ZERO;
    private String imageId;
    private long sizeBytes;
    private int layerCount;
    private final Map<Integer, Integer> totalByStep = new HashMap<>();
    private final List<StepSummary> steps = new ArrayList<>();
    private final List<LayerSummary> layers = new ArrayList<>();
    private FailureSummary error;
    private String skipReason;
    private Instant endedAt;
    private PushSummary push;

    ImageTrack(String name) {
        this.name = name;
    }

    void apply(BuildEvent event) {
        if (event instanceof ImageStarted started) {
            backend = started.backend();
            fingerprint = started.fingerprint();
        } else if (event instanceof StepStarted step) {
            totalByStep.put(step.index(), step.total());
        } else if (event instanceof StepFinished step) {
            int total = totalByStep.getOrDefault(step.index(), 0);
            steps.add(new StepSummary(step.index(), total, step.instruction(), step.cache(), step.duration(),
                    step.at()));
        } else if (event instanceof LayerFinished layer) {
            layers.add(new LayerSummary(layer.layer(), layer.cache(), layer.duration(), layer.at()));
        } else if (event instanceof ImageFinished finished) {
            status = finished.status();
            backend = finished.backend();
            fingerprint = finished.fingerprint();
            imageId = finished.imageId();
            sizeBytes = finished.sizeBytes();
            layerCount = finished.layerCount();
            wall = finished.wall();
            endedAt = finished.at();
        } else if (event instanceof ImageFailed failed) {
            status = ImageStatus.FAILED;
            wall = failed.wall();
            endedAt = failed.at();
            error = new FailureSummary(failed.message(), Optional.ofNullable(failed.step()),
                    Optional.ofNullable(failed.instruction()), failed.outputTail(),
                    Optional.ofNullable(failed.log()));
        } else if (event instanceof ImageSkipped skipped) {
            status = ImageStatus.SKIPPED;
            skipReason = skipped.reason();
            endedAt = skipped.at();
        } else if (event instanceof ImagePushed pushed) {
            push = new PushSummary(pushed.reference(), Optional.of(pushed.digest()), pushed.bytesSent(),
                    pushed.bytesSkipped(), pushed.blobsSent(), pushed.blobsSkipped(), pushed.wall(), Optional.empty());
        } else if (event instanceof PushFailed failed) {
            push = new PushSummary(failed.reference(), Optional.empty(), 0, 0, 0, 0, failed.wall(),
                    Optional.of(failed.message()));
        }
        // OutputLine carries nothing the summary keeps; RunFinished is handled by the recorder.
    }

    ImageSummary snapshot() {
        return new ImageSummary(name, Optional.ofNullable(backend), Optional.ofNullable(status),
                Optional.ofNullable(fingerprint), wall, Optional.ofNullable(imageId), sizeBytes, layerCount, steps,
                layers, Optional.ofNullable(error), Optional.ofNullable(skipReason), Optional.ofNullable(endedAt),
                Optional.ofNullable(push));
    }
}
