package dev.poststack.check;

import java.time.Duration;
import java.util.Optional;

/**
 * How waiting on one check ended.
 *
 * @param passed    whether it passed
 * @param seen      what the last look saw
 * @param attempts  attempts made
 * @param took      from the first attempt until it passed or gave up
 * @param lastError the last attempt's error, when it had one
 * @param exit      the container's exit, when it stopped running during the wait
 */
record WaitOutcome(boolean passed, String seen, int attempts, Duration took, Optional<String> lastError,
                   Optional<ContainerExit> exit) {
}
