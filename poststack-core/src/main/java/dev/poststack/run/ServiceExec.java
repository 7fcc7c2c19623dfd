package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.poststack.engine.ExecExit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A command run in a service's running container through the engine's exec API, as {@code docker compose
 * exec} does: its stdout and stderr streamed to the caller's as they come, its exit code returned.
 */
final class ServiceExec {

    private ServiceExec() {
    }

    static int run(DockerClient docker, String containerId, List<String> command, OutputStream out, OutputStream err)
            throws InterruptedException {
        return run(docker, containerId, Optional.empty(), command, Optional.empty(), out, err, Optional.empty());
    }

    /**
     * As {@link #run(DockerClient, String, List, OutputStream, OutputStream)}, as {@code user} when given, with
     * {@code stdin} as the command's standard input when given: how a statement that must not appear on a command
     * line or in the environment reaches it; given a {@code timeout}, an exec still running after it fails.
     */
    static int run(DockerClient docker, String containerId, Optional<String> user, List<String> command,
                   Optional<byte[]> stdin, OutputStream out, OutputStream err, Optional<Duration> timeout)
            throws InterruptedException {
        var create = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).withAttachStdin(stdin.isPresent());
        user.ifPresent(create::withUser);
        String execId = create.exec().getId();
        var start = docker.execStartCmd(execId);
        stdin.ifPresent(bytes -> start.withStdIn(new ByteArrayInputStream(bytes)));
        try (var streams = start.exec(new ResultCallback.Adapter<Frame>() {
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
            if (timeout.isEmpty()) {
                streams.awaitCompletion();
            } else if (!streams.awaitCompletion(timeout.get().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("`" + command.get(0) + "` in container " + containerId
                        + " did not end within " + timeout.get().toSeconds() + " s");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ExecExit.await(docker, execId, 500)
                .orElseThrow(() -> new IllegalStateException("the engine reports no exit code for exec " + execId));
    }

}
