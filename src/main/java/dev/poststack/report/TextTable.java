package dev.poststack.report;

import java.util.ArrayList;
import java.util.List;

/** Aligned text columns: a header row, then rows; the last column is never padded. */
public final class TextTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    private TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    public static TextTable withColumns(String... headers) {
        return new TextTable(List.of(headers));
    }

    public TextTable row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    public List<String> lines() {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        lines().forEach(line -> text.append(line).append(System.lineSeparator()));
        return text.toString();
    }
}
