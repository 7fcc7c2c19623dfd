package dev.poststack.run;

import java.nio.file.Path;
import java.util.List;

/**
 * How a one-off task container ended.
 *
 * @param exitCode its exit code
 * @param stdout   what it wrote to standard output
 * @param output   its whole output, standard error included, in order
 * @param log      the file its whole output was written to
 */
public record TaskResult(int exitCode, String stdout, List<String> output, Path log) {

    public TaskResult {
        output = List.copyOf(output);
    }

    /** The last {@code n} output lines, for messages. */
    public List<String> tail(int n) {
        return output.subList(Math.max(0, output.size() - n), output.size());
    }
}
