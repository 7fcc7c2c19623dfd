package dev.poststack.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectExecResponse;

import java.util.OptionalInt;

/** An exec's exit code: the engine records it a moment after the exec's output stream ends. */
public final class ExecExit {

    private ExecExit() {
    }

    /** The exit code, asked for up to {@code tries} times 2 ms apart; empty when the exec has not ended by then. */
    public static OptionalInt await(DockerClient docker, String execId, int tries) throws InterruptedException {
        for (int i = 0; ; i++) {
            InspectExecResponse exec = docker.inspectExecCmd(execId).exec();
            if (exec.getExitCodeLong() != null && !Boolean.TRUE.equals(exec.isRunning())) {
                return OptionalInt.of(exec.getExitCodeLong().intValue());
            }
            if (i == tries) {
                return OptionalInt.empty();
            }
            Thread.sleep(2);
        }
    }
}
