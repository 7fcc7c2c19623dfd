package dev.poststack.cli;

import dev.poststack.report.ImageSummary;
import dev.poststack.report.PushSummary;
import dev.poststack.report.RunSummary;

import java.io.PrintStream;
import java.util.Locale;

/** One line per pushed image after a pushing build: where it went, its digest, what was sent and skipped. */
final class PushLines {

    private PushLines() {
    }

    static void print(RunSummary run, PrintStream progress, boolean quiet) {
        long sent = 0;
        long skipped = 0;
        for (ImageSummary image : run.images()) {
            if (image.push().isEmpty()) {
                continue;
            }
            PushSummary push = image.push().get();
            if (push.error().isPresent()) {
                // Said even with --quiet: what failed must be said.
                System.err.println("poststack: push of " + image.name() + " to " + push.reference() + " failed: "
                        + push.error().get());
                continue;
            }
            sent += push.bytesSent();
            skipped += push.bytesSkipped();
            if (!quiet) {
                progress.println(String.format(Locale.ROOT, "pushed %s to %s@%s: %s sent (%d blobs), %s skipped"
                                + " (%d blobs the registry had), %.1f s", image.name(), push.reference(),
                        push.digest().orElse(""), megabytes(push.bytesSent()), push.blobsSent(),
                        megabytes(push.bytesSkipped()), push.blobsSkipped(), push.wall().toMillis() / 1000.0));
            }
        }
        if (!quiet) {
            progress.println("push: " + megabytes(sent) + " sent, " + megabytes(skipped) + " skipped");
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
