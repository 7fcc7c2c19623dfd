package dev.poststack.build;

import java.util.List;

/**
 * A build that failed. {@code step} (e.g. {@code Step 3/7}) and {@code instruction} name what failed
 * when a step is to blame; {@code outputTail} holds the last lines of its output.
 */
public class BuildFailure extends Exception {

    private final String step;
    private final String instruction;
    private final List<String> outputTail;

    public BuildFailure(String message, String step, String instruction, List<String> outputTail, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.instruction = instruction;
        this.outputTail = List.copyOf(outputTail);
    }

    public static BuildFailure of(String message, Throwable cause) {
        return new BuildFailure(message, null, null, List.of(), cause);
    }

    public String step() {
        return step;
    }

    public String instruction() {
        return instruction;
    }

    public List<String> outputTail() {
        return outputTail;
    }
}
