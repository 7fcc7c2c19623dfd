package dev.poststack.report;

import dev.poststack.api.ImageStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which parallel lane each image ran on: images in start order, each on the lowest lane free when it
 * started. As many lanes as images ever ran at once, so the timeline shows the parallelism the run
 * actually reached, not the one it was allowed.
 */
final class Lanes {

    private Lanes() {
    }

    /** Image name to lane (from 0), for the images that ran; skipped and still running ones have none. */
    static Map<String, Integer> of(List<ImageSummary> images) {
        List<ImageSummary> ran = images.stream()
                .filter(image -> image.endedAt().isPresent() && !image.hasStatus(ImageStatus.SKIPPED))
                .sorted(Comparator.comparing((ImageSummary image) -> image.startedAt().orElseThrow()))
                .toList();
        List<Instant> freeAt = new ArrayList<>();
        Map<String, Integer> lanes = new LinkedHashMap<>();
        for (ImageSummary image : ran) {
            Instant start = image.startedAt().orElseThrow();
            int lane = 0;
            while (lane < freeAt.size() && freeAt.get(lane).isAfter(start)) {
                lane++;
            }
            if (lane == freeAt.size()) {
                freeAt.add(null);
            }
            freeAt.set(lane, image.endedAt().orElseThrow());
            lanes.put(image.name(), lane);
        }
        return lanes;
    }
}
