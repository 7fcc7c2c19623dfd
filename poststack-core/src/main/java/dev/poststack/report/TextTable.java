package dev.poststack.report;

import java.util.ArrayList;
import java.util.List;

/** Aligned text columns, two spaces apart: a header row, then rows; no line ends in spaces. */
public final class TextTable {

    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    private TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
        this.rightAligned = new boolean[headers.size()];
    }

    public static TextTable withColumns(String... headers) {
        return new TextTable(List.of(headers));
    }

    /** Lines the column's cells up on their right edge, as numbers are; columns are left-aligned otherwise. */
    TextTable alignRight(String header) {
        int column = headers.indexOf(header);
        if (column < 0) {
            throw new IllegalArgumentException("no column " + header + " in " + headers);
        }
        rightAligned[column] = true;
        return this;
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
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(i == 0 ? "" : "  ").append(rightAligned[i] ? pad + cell : cell + pad);
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
