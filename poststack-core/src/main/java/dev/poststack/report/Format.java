package dev.poststack.report;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** Small text formats shared by the console, the summary table and the logs. */
final class Format {

    // Compiled once: the HTML report folds every step's instruction.
    private static final Pattern CONTINUATION = Pattern.compile("\\\\\\s*\\R");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Format() {
    }

    /** {@code 12.3 s}; Locale.ROOT so a German locale does not print {@code 12,3}. */
    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", secondsOf(duration));
    }

    static double secondsOf(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** The 12 hex characters Docker shows of an image or container id, without the {@code sha256:} prefix. */
    static String shortId(String imageId) {
        String hex = imageId.startsWith("sha256:") ? imageId.substring("sha256:".length()) : imageId;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** Decimal units, as {@code docker images} shows them; {@code -} when unknown. */
    static String size(long bytes) {
        if (bytes <= 0) {
            return "-";
        }
        double megabytes = bytes / 1_000_000.0;
        if (megabytes >= 1000) {
            return String.format(Locale.ROOT, "%.2f GB", megabytes / 1000);
        }
        return String.format(Locale.ROOT, "%.1f MB", megabytes);
    }

    /** Folds a multi-line instruction (RUN a \ && b) into one line. */
    static String oneLine(String text) {
        return text == null ? "" : singleSpaced(CONTINUATION.matcher(text).replaceAll(" "));
    }

    /** Each run of whitespace, line breaks included, as one space; a backslash before a break is kept. */
    static String singleSpaced(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    /** Cuts {@code text} to at most {@code max} characters, marking the cut with "...". */
    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return max <= 3 ? text.substring(0, Math.max(max, 0)) : text.substring(0, max - 3) + "...";
    }

    /** Enum names as the console and the JSON spell them: {@code cache miss}, {@code "status": "built"}. */
    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
