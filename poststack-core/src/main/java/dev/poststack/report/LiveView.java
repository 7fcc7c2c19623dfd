package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildEvent.ImageFailed;
import dev.poststack.api.BuildEvent.ImageFinished;
import dev.poststack.api.BuildEvent.ImageSkipped;
import dev.poststack.api.BuildEvent.ImageStarted;
import dev.poststack.api.BuildEvent.LayerFinished;
import dev.poststack.api.BuildEvent.OutputLine;
import dev.poststack.api.BuildEvent.RunFinished;
import dev.poststack.api.BuildEvent.StepFinished;
import dev.poststack.api.BuildEvent.StepStarted;
import dev.poststack.api.CacheResult;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interactive console: one status line per image, redrawn in place with ANSI cursor movement.
 * Not thread-safe; {@link ConsoleRenderer} serialises calls.
 */
final class LiveView {

    private static final String ESC = "\u001b[";
    /** However long the output line, the step keeps this much, e.g. {@code 3/7 RUN apt-...}. */
    private static final int MIN_STEP = 16;

    private final PrintStream out;
    private final int width;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private List<String> drawn = List.of();

    private static final class Row {
        String state = "waiting";
        Instant startedAt;
        Duration wall;
        String step = "";
        String lastOutput = "";
        int hits;
        int misses;
    }

    LiveView(PrintStream out, int width, List<String> imageOrder) {
        this.out = out;
        this.width = width;
        imageOrder.forEach(image -> rows.put(image, new Row()));
    }

    void apply(BuildEvent event) {
        if (event instanceof RunFinished) {
            return;
        }
        Row row = rows.computeIfAbsent(event.image(), image -> new Row());
        if (event instanceof ImageStarted started) {
            row.state = "building";
            row.startedAt = started.at();
        } else if (event instanceof StepStarted step) {
            row.step = step.index() + "/" + step.total() + " " + Format.oneLine(step.instruction());
            row.lastOutput = "";
        } else if (event instanceof OutputLine output) {
            if (!output.line().isBlank()) {
                row.lastOutput = output.line().strip();
            }
        } else if (event instanceof StepFinished step) {
            count(row, step.cache());
        } else if (event instanceof LayerFinished layer) {
            count(row, layer.cache());
            row.step = "layer " + layer.layer();
            row.lastOutput = "";
        } else if (event instanceof ImageFinished finished) {
            end(row, Format.lower(finished.status()), finished.wall());
        } else if (event instanceof ImageFailed failed) {
            end(row, "failed", failed.wall());
        } else if (event instanceof ImageSkipped skipped) {
            end(row, "skipped", Duration.ZERO);
            row.step = skipped.reason();
        }
    }

    /** Redraws the status lines if their text changed; elapsed times move with {@code now}. */
    void draw(Instant now) {
        List<String> lines = render(now);
        if (lines.equals(drawn)) {
            return;
        }
        StringBuilder text = new StringBuilder(up());
        lines.forEach(line -> text.append('\r').append(ESC).append("2K").append(line).append('\n'));
        out.print(text);
        out.flush();
        drawn = lines;
    }

    /** Prints lines that stay (a failure block) above the status lines, then redraws those below. */
    void printAbove(List<String> lines, Instant now) {
        StringBuilder text = new StringBuilder(up()).append(ESC).append('J');
        lines.forEach(line -> text.append(line).append('\n'));
        out.print(text);
        drawn = List.of();
        draw(now);
    }

    List<String> render(Instant now) {
        int nameWidth = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        rows.forEach((image, row) -> {
            String head = String.format("%-" + nameWidth + "s  %-8s  %5s  %2d hit %2d miss  ",
                    image, row.state, elapsed(row, now), row.hits, row.misses);
            // One column short of the width: a line that fills the terminal wraps on some, breaking the redraw.
            lines.add(Format.truncate((head + activity(row, width - 1 - head.length())).stripTrailing(), width - 1));
        });
        return lines;
    }

    /**
     * The step and, while it runs, its last output line. When both do not fit, the step gives up room
     * first (down to a recognisable start), since the output line is what moves.
     */
    private static String activity(Row row, int room) {
        if (row.lastOutput.isEmpty() || row.wall != null) {
            return row.step;
        }
        String separator = ": ";
        int stepRoom = Math.max(MIN_STEP, room - separator.length() - row.lastOutput.length());
        return Format.truncate(row.step, stepRoom) + separator + row.lastOutput;
    }

    private String up() {
        return drawn.isEmpty() ? "" : ESC + drawn.size() + "A";
    }

    private static String elapsed(Row row, Instant now) {
        if (row.wall != null) {
            return row.wall.toSeconds() + " s";
        }
        return row.startedAt == null ? "" : Duration.between(row.startedAt, now).toSeconds() + " s";
    }

    private static void count(Row row, CacheResult cache) {
        if (cache == CacheResult.HIT) {
            row.hits++;
        } else {
            row.misses++;
        }
    }

    private static void end(Row row, String state, Duration wall) {
        row.state = state;
        row.wall = wall;
        row.step = "";
    }
}
