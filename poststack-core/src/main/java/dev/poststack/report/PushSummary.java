package dev.poststack.report;

import java.time.Duration;
import java.util.Optional;

/**
 * One image's push: where to, the digest the registry holds it under ({@code error} instead when it failed), and
 * how many bytes and blobs were sent or already there.
 */
public record PushSummary(String reference, Optional<String> digest, long bytesSent, long bytesSkipped,
                          int blobsSent, int blobsSkipped, Duration wall, Optional<String> error) {
}
