package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.poststack.engine.ExecExit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A command run in a service's running container through the engine's exec API, as {@code docker compose
 * exec} does: its stdout and stderr streamed to the caller's as they come, its exit code returned.
 */
final class ServiceExec {

    private ServiceExec() {
    }

    static int run(DockerClient docker, String containerId, List<String> command, OutputStream out, OutputStream err)
            throws InterruptedException {
        String execId = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        try (var streams = docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                OutputStream to = frame.getStreamType() == StreamType.STDERR ? err : out;
                try {
                    to.write(frame.getPayload());
                    to.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        })) {
            streams.awaitCompletion();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ExecExit.await(docker, execId, 500)
                .orElseThrow(() -> new IllegalStateException("the engine reports no exit code for exec " + execId));
    }

}
