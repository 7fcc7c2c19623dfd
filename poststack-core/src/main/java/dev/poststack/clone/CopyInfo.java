package dev.poststack.clone;

import java.util.OptionalLong;

/**
 * A database poststack copied, as the server's catalog tells (the copy's comment).
 *
 * @param name   the copy
 * @param source the database it was copied from (a test template's source, or a clone's {@code --from})
 * @param pid    the test JVM that made it, for copies of test runs
 * @param kept   whether it was kept on purpose (a failed test's), so no cleanup drops it
 */
public record CopyInfo(String name, String source, OptionalLong pid, boolean kept) {

    /** A test run's copy whose JVM is gone and that nobody asked to keep. */
    public boolean abandoned() {
        return pid.isPresent() && !kept && ProcessHandle.of(pid.getAsLong()).map(p -> !p.isAlive()).orElse(true);
    }
}
