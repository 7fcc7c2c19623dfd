package dev.poststack.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The end-of-run table: one row per image, columns aligned, then a line with the run's totals.
 * Standalone so the CLI can print it for a report it reads back.
 */
public final class SummaryTable {

    private static final int MAX_REASON = 80;

    private record Column(String header, boolean rightAligned, Function<ImageSummary, String> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("IMAGE", false, ImageSummary::name),
            new Column("STATUS", false, image -> image.status().map(Format::lower).orElse("running")),
            new Column("BACKEND", false, image -> image.backend().map(Format::lower).orElse("-")),
            new Column("TIME", true, SummaryTable::time),
            new Column("STEPS/LAYERS", false, SummaryTable::work),
            new Column("SIZE", true, image -> Format.size(image.sizeBytes())),
            new Column("IMAGE ID", false, image -> image.imageId().map(Format::shortId).orElse("-")));

    private static final Column REASON = new Column("REASON", false, SummaryTable::reason);

    private SummaryTable() {
    }

    /** The table and the totals line, newline-terminated. */
    public static String render(RunSummary run) {
        StringBuilder text = new StringBuilder();
        lines(run).forEach(line -> text.append(line).append(System.lineSeparator()));
        return text.toString();
    }

    /** The header, one row per image and the totals line. */
    public static List<String> lines(RunSummary run) {
        List<Column> columns = new ArrayList<>(COLUMNS);
        // The reason column only earns its width when something failed or was skipped.
        if (run.images().stream().anyMatch(image -> !reason(image).isEmpty())) {
            columns.add(REASON);
        }
        TextTable table = TextTable.withColumns(columns.stream().map(Column::header).toArray(String[]::new));
        columns.stream().filter(Column::rightAligned).forEach(column -> table.alignRight(column.header()));
        run.images().forEach(image -> table.row(columns.stream().map(c -> c.value().apply(image))
                .toArray(String[]::new)));
        List<String> lines = new ArrayList<>(table.lines());
        lines.add(totalLine(run));
        return lines;
    }

    /** {@code total 41.2 s wall, critical path base-debian > postgres 40.9 s, parallelism 2}. */
    public static String totalLine(RunSummary run) {
        StringBuilder line = new StringBuilder("total ").append(Format.seconds(run.wall())).append(" wall");
        CriticalPath path = run.criticalPath();
        if (!path.images().isEmpty()) {
            line.append(", critical path ").append(path.describe()).append(' ').append(Format.seconds(path.time()));
        }
        return line.append(", parallelism ").append(run.parallelism()).toString();
    }

    /** {@code 4 built, 1 cached}: steps and layers together, since an image has one or the other. */
    static String work(ImageSummary image) {
        if (image.steps().isEmpty() && image.layers().isEmpty()) {
            return "-";
        }
        return image.cacheMisses() + " built, " + image.cacheHits() + " cached";
    }

    private static String time(ImageSummary image) {
        return image.status().isPresent() && image.wall().isZero() ? "-" : Format.seconds(image.wall());
    }

    private static String reason(ImageSummary image) {
        String reason = image.error()
                .map(error -> error.step().map(step -> step + ": ").orElse("") + error.message())
                .or(image::skipReason)
                .orElse("");
        return Format.truncate(Format.oneLine(reason), MAX_REASON);
    }
}
