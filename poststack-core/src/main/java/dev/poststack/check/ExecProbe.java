package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;

import java.time.Duration;
import java.util.Optional;

/** A command run inside the container (as the image's user) exits with the code, and its output matches. */
record ExecProbe(CheckSpec.Exec spec) implements Probe {

    private static final Duration MAX_RUN_TIME = Duration.ofSeconds(30);
    private static final Duration MIN_RUN_TIME = Duration.ofSeconds(2);

    @Override
    public Observation attempt(CheckContext context) throws InterruptedException {
        ExecResult result = context.container().exec(Optional.empty(),
                context.deadline().budget(MAX_RUN_TIME, MIN_RUN_TIME), spec.command());
        if (result.exitCode() == ExecResult.DID_NOT_FINISH) {
            return Observation.failed("the command " + result.stderr());
        }
        String seen = "exit code " + result.exitCode() + ", output " + Texts.quote(result.output());
        boolean passed = result.exitCode() == spec.exitCode()
                && spec.output().map(pattern -> pattern.matcher(result.output()).find()).orElse(true);
        return passed ? Observation.passed(seen) : Observation.failed(seen);
    }

    @Override
    public String expected() {
        return "exit code " + spec.exitCode()
                + spec.output().map(pattern -> " and output matching /" + pattern.pattern() + "/").orElse("");
    }

    @Override
    public String describe() {
        return spec.kind() + ": " + String.join(" ", spec.command());
    }
}
