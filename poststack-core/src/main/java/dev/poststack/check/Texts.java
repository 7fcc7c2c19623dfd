package dev.poststack.check;

import java.util.List;
import java.util.Locale;

/** Renders what checks saw: quoted, one line, short; and errors as people read them. */
final class Texts {

    private static final int MAX_QUOTED = 200;

    private Texts() {
    }

    /** {@code "text"} on one line (newlines as \n), cut after 200 characters. */
    static String quote(String text) {
        String oneLine = text.strip().replace("\\", "\\\\").replace("\r", "").replace("\n", "\\n")
                .replace("\"", "\\\"");
        return '"' + (oneLine.length() > MAX_QUOTED ? oneLine.substring(0, MAX_QUOTED) + "…" : oneLine) + '"';
    }

    /**
     * An exception as a person reads it: its message, followed by the causes' messages it does not already
     * contain (a driver's "The connection attempt failed." says little without its cause).
     */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(messageOf(error));
        Throwable cause = error.getCause();
        for (int depth = 0; cause != null && cause != error && depth < 3; depth++, cause = cause.getCause()) {
            String message = messageOf(cause);
            if (!text.toString().contains(message)) {
                text.append(": ").append(message);
            }
        }
        if (PermanentErrors.refusesCertificate(error)) {
            text.append(" (TLS: the server's certificate is not signed by the CA that `database.tls.ca` names, or"
                    + " does not name the host connected to; see docs/MANIFEST.md#tls)");
        }
        return text.toString();
    }

    private static String messageOf(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        // The JDK's socket errors are capitalised fragments ("Connection refused"); the rest of a message
        // reads better with them in lower case.
        return error instanceof java.net.SocketException ? message.toLowerCase(Locale.ROOT) : message.strip();
    }

    /** {@code a, b, c}, or {@code none}. */
    static String listOrNone(List<String> items) {
        return items.isEmpty() ? "none" : String.join(", ", items);
    }
}
