package dev.poststack.build;

import java.util.List;

/**
 * An extension source that cannot be had here (no local copy, download impossible). The image is
 * skipped with this message as the reason, not failed: the rest of the run goes on and may succeed.
 */
public final class SourceUnavailable extends BuildFailure {

    public SourceUnavailable(String message, Throwable cause) {
        super(message, null, null, List.of(), cause);
    }
}
