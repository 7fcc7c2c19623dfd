package dev.poststack.text;

import java.util.regex.Pattern;

/**
 * Builder output as plain text: what a terminal would show of a line, without the escape sequences
 * (colours, cursor moves, window titles) and control characters that make logs, failure excerpts and
 * JSON unreadable.
 */
public final class TerminalText {

    private static final Pattern ESCAPES = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]"                      // CSI: colours, cursor and erase
                    + "|\u009B[0-?]*[ -/]*[@-~]"              // the same, as its one-byte form
                    + "|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?" // OSC: titles, links; ended by BEL or ST
                    + "|\u001B[PX^_][^\u001B]*(?:\u001B\\\\)?"         // DCS, SOS, PM, APC strings
                    + "|\u001B[ -/]*[0-~]?");                  // any other escape, or a lone ESC
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cntrl}&&[^\t]]");

    private TerminalText() {
    }

    /**
     * The visible text of one output line. A carriage return redraws the line on a terminal (apt's and
     * curl's progress), so only the text after the last non-empty one counts; tabs become spaces.
     */
    public static String clean(String raw) {
        String text = ESCAPES.matcher(lastRedraw(raw)).replaceAll("");
        return CONTROLS.matcher(text).replaceAll("").replace('\t', ' ').stripTrailing();
    }

    private static String lastRedraw(String line) {
        String[] parts = line.split("\r");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isBlank()) {
                return parts[i];
            }
        }
        return "";
    }
}
