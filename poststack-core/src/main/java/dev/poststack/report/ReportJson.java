package dev.poststack.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poststack.api.CacheResult;
import dev.poststack.api.ImageStatus;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Renders a {@link RunSummary} as the JSON of {@code build-report.json} and {@code --json}. Built as
 * a tree by hand so the field names are a stable contract, not a side effect of record accessors.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    public static String toJson(RunSummary run) {
        try {
            return MAPPER.writeValueAsString(toTree(run)) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode toTree(RunSummary run) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode header = root.putObject("run");
        header.put("startedAt", run.startedAt().toString());
        header.put("endedAt", run.endedAt().toString());
        header.put("startMs", 0);
        header.put("endMs", run.offsetMillis(run.endedAt()));
        header.put("wallSeconds", seconds(run.wall()));
        header.put("parallelism", run.parallelism());
        ArrayNode path = header.putArray("criticalPath");
        run.criticalPath().images().forEach(path::add);
        header.put("criticalPathSeconds", seconds(run.criticalPath().time()));
        header.put("images", run.images().size());
        for (ImageStatus status : ImageStatus.values()) {
            header.put(Format.lower(status), run.count(status));
        }
        ArrayNode images = root.putArray("images");
        Map<String, Integer> lanes = run.lanes();
        run.images().forEach(image -> images.add(image(image, run, lanes)));
        return root;
    }

    private static ObjectNode image(ImageSummary image, RunSummary run, Map<String, Integer> lanes) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", image.name());
        node.put("backend", image.backend().map(Format::lower).orElse(null));
        node.put("status", image.status().map(Format::lower).orElse("running"));
        node.put("fingerprint", image.fingerprint().orElse(null));
        node.put("wallSeconds", seconds(image.wall()));
        if (image.endedAt().isPresent()) {
            times(node, run, image.startedAt().orElseThrow(), image.endedAt().get());
        } else {
            node.putNull("startedAt").putNull("endedAt").putNull("startMs").putNull("endMs");
        }
        node.put("lane", lanes.get(image.name()));
        node.put("imageId", image.imageId().orElse(null));
        node.put("sizeBytes", image.sizeBytes());
        node.put("layerCount", image.layerCount());
        node.put("cacheHits", image.cacheHits());
        node.put("cacheMisses", image.cacheMisses());
        ArrayNode steps = node.putArray("steps");
        image.steps().forEach(step -> times(steps.addObject()
                .put("index", step.index())
                .put("instruction", step.instruction())
                .put("cache", Format.lower(step.cache()))
                .put("seconds", seconds(step.duration())), run, step.startedAt(), step.endedAt()));
        ArrayNode layers = node.putArray("layers");
        image.layers().forEach(layer -> times(layers.addObject()
                .put("name", layer.name())
                .put("cache", Format.lower(layer.cache()))
                .put("seconds", seconds(layer.duration())), run, layer.startedAt(), layer.endedAt()));
        node.set("error", image.error().map(ReportJson::error).orElse(null));
        node.put("skipReason", image.skipReason().orElse(null));
        image.push().ifPresent(push -> node.putObject("push")
                .put("reference", push.reference())
                .put("digest", push.digest().orElse(null))
                .put("bytesSent", push.bytesSent())
                .put("bytesSkipped", push.bytesSkipped())
                .put("blobsSent", push.blobsSent())
                .put("blobsSkipped", push.blobsSkipped())
                .put("seconds", seconds(push.wall()))
                .put("error", push.error().orElse(null)));
        return node;
    }

    private static ObjectNode error(FailureSummary failure) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("message", failure.message());
        node.put("step", failure.step().orElse(null));
        node.put("instruction", failure.instruction().orElse(null));
        ArrayNode tail = node.putArray("outputTail");
        failure.outputTail().forEach(tail::add);
        node.put("log", failure.log().map(Object::toString).orElse(null));
        return node;
    }

    /** ISO-8601 instants and millisecond offsets from the run's start: what a timeline is drawn from. */
    private static void times(ObjectNode node, RunSummary run, Instant start, Instant end) {
        node.put("startedAt", start.toString());
        node.put("endedAt", end.toString());
        node.put("startMs", run.offsetMillis(start));
        node.put("endMs", run.offsetMillis(end));
    }

    /** Whole milliseconds, so {@code 27.1} never prints as {@code 27.100000001}. */
    private static double seconds(Duration duration) {
        return Format.secondsOf(duration);
    }
}
