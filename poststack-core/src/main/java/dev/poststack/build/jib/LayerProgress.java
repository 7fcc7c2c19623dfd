package dev.poststack.build.jib;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import dev.poststack.api.CacheResult;
import dev.poststack.build.ImageEvents;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows Jib's events for one build: which manifest layers Jib actually built, how long each took, and the log
 * lines worth showing. Jib builds layers on several threads, so this is thread-safe.
 *
 * <p>Jib emits no cache-hit event for daemon targets. What jib-core 0.28.1 does emit, in
 * {@code BuildAndCacheApplicationLayerStep}, for a layer named {@code N} (its {@code FileEntriesLayer} name):
 * <ul>
 *   <li>a {@link TimerEvent} {@code START} and {@code FINISHED} described {@code "Building N layer"}, around the
 *       cache lookup and, on a miss, the build; its elapsed time is the layer's duration;</li>
 *   <li>a DEBUG {@link LogEvent} {@code "Building N layer built sha256:..."} only when the layer was built, not
 *       when it came from the application-layers cache.</li>
 * </ul>
 */
final class LayerProgress {

    private static final Pattern TIMER = Pattern.compile("Building (.+) layer");
    private static final Pattern BUILT = Pattern.compile("Building (.+) layer built (sha256:[0-9a-f]+)");
    private static final int TAIL = 30;

    private final List<String> layers;
    private final ImageEvents events;
    private final Set<String> built = ConcurrentHashMap.newKeySet();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> durations = new ConcurrentHashMap<>();
    private final Deque<String> tail = new ArrayDeque<>();

    LayerProgress(List<String> layers, ImageEvents events) {
        this.layers = List.copyOf(layers);
        this.events = events;
    }

    void onLog(LogEvent event) {
        String message = event.getMessage();
        if (event.getLevel() == LogEvent.Level.DEBUG) {
            Matcher m = BUILT.matcher(message);
            if (m.matches() && layers.contains(m.group(1))) {
                built.add(m.group(1));
            }
            return;
        }
        if (message.contains("does not use a specific image digest")) {
            // JibBackend checks the parent's id itself; the warning would only mislead.
            return;
        }
        remember(message);
        events.output(message);
    }

    void onTimer(TimerEvent event) {
        Matcher m = TIMER.matcher(event.getDescription());
        if (!m.matches() || !layers.contains(m.group(1))) {
            return;
        }
        String layer = m.group(1);
        switch (event.getState()) {
            case START -> running.add(layer);
            case FINISHED -> {
                durations.put(layer, event.getElapsed());
                running.remove(layer);
            }
            default -> { }
        }
    }

    /**
     * Reports every manifest layer in order: built ones as MISS, the rest as HIT. A layer Jib skipped (no
     * entries, e.g. all its jars came with an earlier layer) counts as a HIT taking no time.
     */
    void report() {
        for (String layer : layers) {
            events.layerFinished(layer, CacheResult.of(!built.contains(layer)),
                    durations.getOrDefault(layer, Duration.ZERO));
        }
    }

    /** A layer Jib was building when the build stopped, if any: the likely culprit of a failure. */
    Optional<String> unfinishedLayer() {
        return layers.stream().filter(running::contains).findFirst();
    }

    /** The last log lines, for failure reports. */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    private void remember(String line) {
        synchronized (tail) {
            if (tail.size() == TAIL) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
    }
}
