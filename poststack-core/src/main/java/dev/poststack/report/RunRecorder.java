package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildEvent.RunFinished;
import dev.poststack.api.BuildListener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accumulates the event stream into a {@link RunSummary}. The console and the JSON report each own
 * one, so neither depends on the order in which a composite listener calls them.
 */
public final class RunRecorder implements BuildListener {

    private final List<String> imageOrder;
    private final Map<String, Optional<String>> parentByImage;
    private final Map<String, ImageTrack> tracks = new LinkedHashMap<>();
    private Instant firstEventAt;
    private RunFinished runFinished;

    /**
     * @param imageOrder    the manifest's image names, in declaration order
     * @param parentByImage image name to its parent's manifest name, for the critical path
     */
    public RunRecorder(List<String> imageOrder, Map<String, Optional<String>> parentByImage) {
        this.imageOrder = List.copyOf(imageOrder);
        this.parentByImage = Map.copyOf(parentByImage);
    }

    @Override
    public synchronized void on(BuildEvent event) {
        if (firstEventAt == null || event.at().isBefore(firstEventAt)) {
            firstEventAt = event.at();
        }
        if (event instanceof RunFinished finished) {
            runFinished = finished;
        } else {
            tracks.computeIfAbsent(event.image(), ImageTrack::new).apply(event);
        }
    }

    /** The image as seen so far, if any event named it. */
    public synchronized Optional<ImageSummary> image(String name) {
        return Optional.ofNullable(tracks.get(name)).map(ImageTrack::snapshot);
    }

    public synchronized RunSummary summary() {
        List<ImageSummary> images = new ArrayList<>();
        imageOrder.stream().filter(tracks::containsKey).forEach(name -> images.add(tracks.get(name).snapshot()));
        // Images missing from the manifest order still belong in the report, after the known ones.
        tracks.forEach((name, track) -> {
            if (!imageOrder.contains(name)) {
                images.add(track.snapshot());
            }
        });
        Duration wall = runFinished == null ? Duration.ZERO : runFinished.wall();
        int parallelism = runFinished == null ? 0 : runFinished.parallelism();
        return new RunSummary(startedAt(), wall, parallelism, CriticalPath.of(images, parentByImage), images,
                runFinished != null);
    }

    private Instant startedAt() {
        // RunFinished knows the wall time, which dates the start exactly; otherwise the first event does.
        if (runFinished != null) {
            return runFinished.at().minus(runFinished.wall());
        }
        return firstEventAt == null ? Instant.EPOCH : firstEventAt;
    }
}
