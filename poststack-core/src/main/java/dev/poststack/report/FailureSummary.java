package dev.poststack.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Why an image failed: the message, the failing step when known, its output tail and the full log. */
public record FailureSummary(String message, Optional<String> step, Optional<String> instruction,
                             List<String> outputTail, Optional<Path> log) {

    public FailureSummary {
        outputTail = List.copyOf(outputTail);
    }
}
