package dev.poststack.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain of images, root first, whose summed wall time is the largest: no amount of parallelism
 * makes a run faster than this, so it is where build time is worth saving.
 */
public record CriticalPath(List<String> images, Duration time) {

    public CriticalPath {
        images = List.copyOf(images);
    }

    public static CriticalPath none() {
        return new CriticalPath(List.of(), Duration.ZERO);
    }

    /**
     * Finds the path among {@code images}; parents that are not in the list end a chain. On a tie the
     * chain ending earliest in the list wins, so the result is stable.
     */
    public static CriticalPath of(List<ImageSummary> images, Map<String, Optional<String>> parentByImage) {
        Map<String, Duration> wallByImage = new HashMap<>();
        images.forEach(image -> wallByImage.put(image.name(), image.wall()));
        Map<String, Duration> chainTime = new HashMap<>();
        CriticalPath best = none();
        for (ImageSummary image : images) {
            Duration time = chainTime(image.name(), wallByImage, parentByImage, chainTime, new ArrayList<>());
            if (time.compareTo(best.time()) > 0) {
                best = new CriticalPath(chain(image.name(), wallByImage, parentByImage), time);
            }
        }
        return best;
    }

    /** "base-debian > postgres", for the console. */
    public String describe() {
        return String.join(" > ", images);
    }

    private static Duration chainTime(String image, Map<String, Duration> wallByImage,
                                      Map<String, Optional<String>> parentByImage, Map<String, Duration> memo,
                                      List<String> visiting) {
        Duration known = memo.get(image);
        if (known != null) {
            return known;
        }
        // A cycle cannot come from a validated manifest; stop rather than recurse forever.
        if (visiting.contains(image)) {
            return Duration.ZERO;
        }
        visiting.add(image);
        Duration own = wallByImage.get(image);
        Duration parents = parentOf(image, wallByImage, parentByImage)
                .map(parent -> chainTime(parent, wallByImage, parentByImage, memo, visiting))
                .orElse(Duration.ZERO);
        Duration total = own.plus(parents);
        memo.put(image, total);
        return total;
    }

    private static List<String> chain(String leaf, Map<String, Duration> wallByImage,
                                      Map<String, Optional<String>> parentByImage) {
        List<String> chain = new ArrayList<>();
        Optional<String> current = Optional.of(leaf);
        while (current.isPresent() && !chain.contains(current.get())) {
            chain.add(current.get());
            current = parentOf(current.get(), wallByImage, parentByImage);
        }
        Collections.reverse(chain);
        return chain;
    }

    private static Optional<String> parentOf(String image, Map<String, Duration> wallByImage,
                                             Map<String, Optional<String>> parentByImage) {
        return parentByImage.getOrDefault(image, Optional.empty()).filter(wallByImage::containsKey);
    }
}
