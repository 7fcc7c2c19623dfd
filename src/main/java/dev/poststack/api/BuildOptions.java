package dev.poststack.api;

import java.util.List;

/**
 * Options of one build run. Start from {@link #defaults()}:
 * <pre>{@code
 * BuildOptions options = BuildOptions.defaults().images(List.of("postgres")).parallelism(4);
 * }</pre>
 *
 * @param images      the images to build (with their ancestors); empty means all
 * @param parallelism how many images may build at once
 * @param noCache     rebuild every image and every step, ignoring fingerprints and caches
 */
public record BuildOptions(List<String> images, int parallelism, boolean noCache) {

    public BuildOptions {
        images = List.copyOf(images);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
    }

    /** All images, one build per core, caches used. */
    public static BuildOptions defaults() {
        return new BuildOptions(List.of(), Runtime.getRuntime().availableProcessors(), false);
    }

    public BuildOptions images(List<String> names) {
        return new BuildOptions(names, parallelism, noCache);
    }

    public BuildOptions parallelism(int n) {
        return new BuildOptions(images, n, noCache);
    }

    public BuildOptions noCache(boolean value) {
        return new BuildOptions(images, parallelism, value);
    }
}
