package dev.poststack.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.api.CacheResult;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Renders a {@link RunSummary} in Chrome's trace-event format ({@code build-images --trace FILE}), which
 * Perfetto and {@code chrome://tracing} open: one thread per parallel lane, each image a complete
 * ({@code "ph": "X"}) event with its steps and layers nested inside.
 */
public final class TraceExport {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PID = 1;

    private TraceExport() {
    }

    public static String toJson(RunSummary run) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode events = root.putArray("traceEvents");
        events.addObject().put("name", "process_name").put("ph", "M").put("pid", PID)
                .putObject("args").put("name", "poststack build " + run.startedAt());
        Map<String, Integer> lanes = run.lanes();
        lanes.values().stream().distinct().sorted().forEach(lane -> events.addObject().put("name", "thread_name")
                .put("ph", "M").put("pid", PID).put("tid", lane + 1).putObject("args").put("name", "lane " + (lane + 1)));
        for (ImageSummary image : run.images()) {
            Integer lane = lanes.get(image.name());
            if (lane == null) {
                continue;
            }
            ObjectNode args = complete(events, run, image.name(), "image", lane, image.startedAt().orElseThrow(),
                    image.wall());
            args.put("status", image.status().map(Format::lower).orElse("running"))
                    .put("sizeBytes", image.sizeBytes()).put("layerCount", image.layerCount())
                    .put("cacheHits", image.cacheHits()).put("cacheMisses", image.cacheMisses());
            image.error().ifPresent(error -> args.put("error", error.message()));
            image.steps().forEach(step -> complete(events, run, "step " + step.index() + ": "
                    + Format.oneLine(step.instruction()), category(step.cache()), lane, step.startedAt(),
                    step.duration()).put("image", image.name()).put("cache", Format.lower(step.cache())));
            image.layers().forEach(layer -> complete(events, run, "layer " + layer.name(), category(layer.cache()),
                    lane, layer.startedAt(), layer.duration()).put("image", image.name())
                    .put("cache", Format.lower(layer.cache())));
        }
        root.put("displayTimeUnit", "ms");
        try {
            return MAPPER.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds one complete event, timed in microseconds from the run's start; returns its {@code args}. */
    private static ObjectNode complete(ArrayNode events, RunSummary run, String name, String category, int lane,
                                       Instant start, Duration duration) {
        ObjectNode event = events.addObject().put("name", name).put("cat", category).put("ph", "X")
                .put("ts", Duration.between(run.startedAt(), start).toNanos() / 1000)
                .put("dur", duration.toNanos() / 1000).put("pid", PID).put("tid", lane + 1);
        return event.putObject("args");
    }

    private static String category(CacheResult cache) {
        return cache == CacheResult.HIT ? "cache-hit" : "cache-miss";
    }
}
