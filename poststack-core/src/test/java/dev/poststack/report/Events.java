package dev.poststack.report;

import dev.poststack.api.Backend;
import dev.poststack.api.BuildEvent.ImageFailed;
import dev.poststack.api.BuildEvent.ImageFinished;
import dev.poststack.api.BuildEvent.ImageSkipped;
import dev.poststack.api.BuildEvent.ImageStarted;
import dev.poststack.api.BuildEvent.LayerFinished;
import dev.poststack.api.BuildEvent.OutputLine;
import dev.poststack.api.BuildEvent.RunFinished;
import dev.poststack.api.BuildEvent.StepFinished;
import dev.poststack.api.BuildEvent.StepStarted;
import dev.poststack.api.BuildListener;
import dev.poststack.api.CacheResult;
import dev.poststack.api.ImageStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Synthetic events at fixed times, so tests read like the build they describe. */
final class Events {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private Events() {
    }

    static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    static Duration secs(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    static ImageStarted started(String image, Backend backend, double at) {
        return new ImageStarted(image, backend, "f1e2d3c4b5a6978812345678", at(at));
    }

    static StepStarted stepStarted(String image, int index, int total, String instruction, double at) {
        return new StepStarted(image, index, total, instruction, at(at));
    }

    static StepFinished stepFinished(String image, int index, String instruction, CacheResult cache,
                                     double seconds, double at) {
        return new StepFinished(image, index, instruction, cache, secs(seconds), at(at));
    }

    static LayerFinished layer(String image, String layer, CacheResult cache, double seconds, double at) {
        return new LayerFinished(image, layer, cache, secs(seconds), at(at));
    }

    static OutputLine output(String image, String line, double at) {
        return new OutputLine(image, line, at(at));
    }

    static final String FINGERPRINT = "f1e2d3c4b5a6978812345678";

    /** Images named liquibase are Jib builds in these tests; all others are Dockerfiles. */
    static Backend backendOf(String image) {
        return image.equals("liquibase") ? Backend.JIB : Backend.DOCKERFILE;
    }

    static ImageFinished built(String image, String hexId, long size, int layers, double wall, double at) {
        return new ImageFinished(image, ImageStatus.BUILT, backendOf(image), FINGERPRINT, "sha256:" + hexId, size,
                layers, secs(wall), at(at));
    }

    static ImageFinished cached(String image, String hexId, long size, int layers, double wall, double at) {
        return new ImageFinished(image, ImageStatus.CACHED, backendOf(image), FINGERPRINT, "sha256:" + hexId, size,
                layers, secs(wall), at(at));
    }

    static ImageFailed failed(String image, String message, String step, String instruction, List<String> tail,
                              double wall, double at) {
        return new ImageFailed(image, message, step, instruction, tail, Path.of("logs", "build-" + image + ".log"),
                secs(wall), at(at));
    }

    static ImageSkipped skipped(String image, String reason, double at) {
        return new ImageSkipped(image, reason, at(at));
    }

    static RunFinished runFinished(double wall, int parallelism) {
        return new RunFinished(secs(wall), parallelism, at(wall));
    }

    /** A Dockerfile image of {@code steps} steps, the first {@code hits} of them cached, one second each. */
    static void dockerfileBuild(BuildListener listener, String image, int steps, int hits, double start) {
        listener.on(started(image, Backend.DOCKERFILE, start));
        for (int i = 1; i <= steps; i++) {
            String instruction = "RUN step-" + i;
            listener.on(stepStarted(image, i, steps, instruction, start + i - 1));
            listener.on(output(image, "output of step " + i, start + i - 0.5));
            listener.on(stepFinished(image, i, instruction, CacheResult.of(i <= hits), 1, start + i));
        }
    }

    /** Runs {@code work} for each image on its own thread, all released at once, and waits for them. */
    static void inParallel(List<String> images, Consumer<String> work) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(images.size());
        List<Future<?>> done = images.stream().map(image -> threads.submit(() -> {
            go.await();
            work.accept(image);
            return null;
        })).collect(Collectors.toList());
        go.countDown();
        threads.shutdown();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        // Surfaces an exception thrown on a build thread as a test failure.
        done.forEach(future -> assertThat(future).succeedsWithin(Duration.ZERO));
    }
}
