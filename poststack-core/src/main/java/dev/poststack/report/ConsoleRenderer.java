package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildEvent.ImageFailed;
import dev.poststack.api.BuildEvent.ImageFinished;
import dev.poststack.api.BuildEvent.ImageSkipped;
import dev.poststack.api.BuildEvent.RunFinished;
import dev.poststack.api.BuildListener;
import dev.poststack.thread.Daemons;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows build progress on a console: live status lines on a terminal, one line per event otherwise
 * (CI, pipes, {@code --json}); a summary table at the end of the run in both modes.
 */
public final class ConsoleRenderer implements BuildListener, AutoCloseable {

    /** At most ten redraws a second: faster only costs CPU and flicker. */
    private static final Duration REDRAW_INTERVAL = Duration.ofMillis(100);
    /** Plain mode only looks for silent steps; once a second is precise enough for a 10 s heartbeat. */
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    private static final int DEFAULT_WIDTH = 100;

    private final PrintStream out;
    private final boolean interactive;
    private final Clock clock;
    private final boolean ticking;
    private final RunRecorder recorder;
    private final EventLines plain;
    private final LiveView live;
    private final Heartbeats heartbeats;
    private Instant lastDraw = Instant.MIN;
    private ScheduledExecutorService ticker;

    /**
     * @param interactive   whether {@code out} is a terminal; the CLI passes {@code System.console() != null}
     * @param imageOrder    the manifest's image names, in declaration order
     * @param parentByImage image name to its parent's manifest name, for the critical path
     */
    public ConsoleRenderer(PrintStream out, boolean interactive, List<String> imageOrder,
                           Map<String, Optional<String>> parentByImage) {
        this(out, interactive, imageOrder, parentByImage, terminalWidth(System.getenv()), Clock.systemUTC(), true);
    }

    /** {@code ticking}: redraw elapsed times (plain mode: print heartbeats) between events; tests turn it off. */
    ConsoleRenderer(PrintStream out, boolean interactive, List<String> imageOrder,
                    Map<String, Optional<String>> parentByImage, int width, Clock clock, boolean ticking) {
        this.out = out;
        this.interactive = interactive;
        this.clock = clock;
        this.ticking = ticking;
        this.recorder = new RunRecorder(imageOrder, parentByImage);
        this.plain = new EventLines(width);
        this.live = new LiveView(out, width, imageOrder);
        this.heartbeats = new Heartbeats(width);
    }

    /** The terminal width from {@code COLUMNS}, or 100 columns when it is unset or not a number. */
    public static int terminalWidth(Map<String, String> env) {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
            return columns > 0 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    @Override
    public synchronized void on(BuildEvent event) {
        recorder.on(event);
        if (interactive) {
            showLive(event);
        } else {
            heartbeats.apply(event);
            plain.of(event, recorder.image(event.image())).forEach(out::println);
            if (event instanceof RunFinished) {
                close();
            } else {
                startTicker();
            }
        }
        if (event instanceof RunFinished) {
            out.println();
            SummaryTable.lines(recorder.summary()).forEach(out::println);
            out.flush();
        }
    }

    /** Stops the redraw ticker; the run's own end does so too. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    private void showLive(BuildEvent event) {
        live.apply(event);
        Instant now = clock.instant();
        if (event instanceof ImageFailed failed) {
            live.printAbove(plain.failure(failed), now);
            lastDraw = now;
        } else if (ends(event) || !now.isBefore(lastDraw.plus(REDRAW_INTERVAL))) {
            live.draw(now);
            lastDraw = now;
        }
        if (event instanceof RunFinished) {
            close();
        } else {
            startTicker();
        }
    }

    /** Ends are drawn at once, so the last state on screen is never a stale one. */
    private static boolean ends(BuildEvent event) {
        return event instanceof ImageFinished || event instanceof ImageSkipped || event instanceof RunFinished;
    }

    private void startTicker() {
        if (!ticking || ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(Daemons.factory("poststack-console"));
        long millis = (interactive ? REDRAW_INTERVAL : HEARTBEAT_INTERVAL).toMillis();
        ticker.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    private synchronized void tick() {
        // A tick queued behind close() must not redraw below the summary table.
        if (ticker == null) {
            return;
        }
        tick(clock.instant());
    }

    /** Redraws the live lines, or in plain mode prints the heartbeats that are due. */
    synchronized void tick(Instant now) {
        if (interactive) {
            live.draw(now);
            lastDraw = now;
        } else {
            heartbeats.due(now).forEach(out::println);
            out.flush();
        }
    }
}
