package dev.poststack.check;

/**
 * A command run inside a container.
 *
 * @param exitCode its exit code; {@code -1} when it did not finish in time
 * @param stdout   its standard output
 * @param stderr   its standard error
 */
record ExecResult(int exitCode, String stdout, String stderr) {

    static final int DID_NOT_FINISH = -1;

    boolean succeeded() {
        return exitCode == 0;
    }

    /** {@code what failed with exit code N: "output"}. */
    String failure(String what) {
        return what + " failed with exit code " + exitCode + ": " + Texts.quote(output());
    }

    /** Both streams, output first, for matching and messages. */
    String output() {
        if (stderr.isEmpty()) {
            return stdout;
        }
        return stdout.isEmpty() ? stderr : stdout + (stdout.endsWith("\n") ? "" : "\n") + stderr;
    }
}
