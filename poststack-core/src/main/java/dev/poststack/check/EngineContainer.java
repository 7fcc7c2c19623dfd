package dev.poststack.check;

import dev.poststack.engine.ExecExit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** The engine operations checks make on one container: its state, commands run inside it, its output. */
final class EngineContainer implements Liveness {

    static final String ROOT = "0";

    private static final Duration LOG_READ_TIMEOUT = Duration.ofSeconds(10);
    /** How far back a failure's excerpt looks, so a line repeated thousands of times is counted, not shown. */
    private static final int LOG_EXCERPT_SOURCE_LINES = 20_000;

    private final DockerClient docker;
    private final String id;
    /** What the latest {@link #exit} was told, which a {@link Waiter} asks just before every attempt. */
    private volatile InspectContainerResponse latestInspection;

    EngineContainer(DockerClient docker, String id) {
        this.docker = docker;
        this.id = id;
    }

    private InspectContainerResponse inspect() {
        return docker.inspectContainerCmd(id).exec();
    }

    /**
     * The container as the latest {@link #exit} saw it, made just before the attempt under way: an attempt
     * needs no inspect of its own. Inspects now when nothing was seen yet.
     */
    InspectContainerResponse latestInspection() {
        InspectContainerResponse seen = latestInspection;
        return seen != null ? seen : inspect();
    }

    @Override
    public Optional<ContainerExit> exit() {
        InspectContainerResponse.ContainerState state;
        try {
            InspectContainerResponse seen = inspect();
            latestInspection = seen;
            state = seen.getState();
        } catch (NotFoundException e) {
            return Optional.of(new ContainerExit(OptionalInt.empty(), "was removed"));
        }
        if (Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getRestarting())) {
            return Optional.empty();
        }
        Long code = state.getExitCodeLong();
        String how = (code == null ? "stopped" : "exited with code " + code)
                + (Boolean.TRUE.equals(state.getOOMKilled()) ? " (killed: out of memory)" : "")
                + (state.getError() == null || state.getError().isBlank() ? "" : " (" + state.getError() + ")");
        return Optional.of(new ContainerExit(code == null ? OptionalInt.empty() : OptionalInt.of(code.intValue()), how));
    }

    /**
     * Runs {@code command} inside the container as {@code user} (empty: the image's user) and waits for it up
     * to {@code timeout}.
     */
    ExecResult exec(Optional<String> user, Duration timeout, List<String> command) throws InterruptedException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        StartedExec started = start(user, Optional.empty(), command, stdout, stderr);
        try (var streams = started.streams()) {
            if (!streams.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new ExecResult(ExecResult.DID_NOT_FINISH, text(stdout),
                        "did not finish within " + timeout.toMillis() + " ms");
            }
        } catch (IOException e) {
            // Closing the finished stream cannot fail in a way that changes the result.
        }
        return new ExecResult(exitCodeOf(started.id()), text(stdout), text(stderr));
    }

    /**
     * Starts {@code command} inside the container as root with {@code stdin} as its input, and returns at
     * once; its output is appended to {@code stdout} and {@code stderr} (each locked while written) until the
     * returned stream completes.
     */
    ResultCallback.Adapter<Frame> startAsRoot(List<String> command, InputStream stdin, ByteArrayOutputStream stdout,
                                              ByteArrayOutputStream stderr) {
        return start(Optional.of(ROOT), Optional.of(stdin), command, stdout, stderr).streams();
    }

    /** An exec the engine runs, and the stream of its output. */
    private record StartedExec(String id, ResultCallback.Adapter<Frame> streams) {
    }

    /**
     * Creates and starts an exec of {@code command} as {@code user} (empty: the image's user), reading
     * {@code stdin} when given; its output is appended to {@code stdout} and {@code stderr}, each locked while
     * written.
     */
    private StartedExec start(Optional<String> user, Optional<InputStream> stdin, List<String> command,
                              ByteArrayOutputStream stdout, ByteArrayOutputStream stderr) {
        var create = docker.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true);
        user.ifPresent(create::withUser);
        stdin.ifPresent(input -> create.withAttachStdin(true));
        String execId = create.exec().getId();
        var start = docker.execStartCmd(execId);
        stdin.ifPresent(start::withStdIn);
        return new StartedExec(execId, start.exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                ByteArrayOutputStream out = frame.getStreamType() == StreamType.STDERR ? stderr : stdout;
                synchronized (out) {
                    out.writeBytes(frame.getPayload());
                }
            }
        }));
    }

    private int exitCodeOf(String execId) throws InterruptedException {
        return ExecExit.await(docker, execId, 100).orElse(ExecResult.DID_NOT_FINISH);
    }

    /**
     * Calls {@code onOutput} for every chunk of output the container writes from now on, until the returned
     * stream is closed.
     */
    Closeable followNewOutput(Runnable onOutput) {
        return docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).withTail(0)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        onOutput.run();
                    }
                });
    }

    /** Output lines (stdout and stderr, interleaved as written) since the container last started. */
    List<String> logLines() throws InterruptedException {
        return readLogs(null);
    }

    /**
     * The last {@code count} output lines since the container last started, repeated ones collapsed
     * ({@link LogExcerpt}); empty when it is gone.
     */
    List<String> logTail(int count) throws InterruptedException {
        try {
            return LogExcerpt.of(readLogs(LOG_EXCERPT_SOURCE_LINES), count);
        } catch (NotFoundException e) {
            return List.of();
        }
    }

    private List<String> readLogs(Integer tail) throws InterruptedException {
        var command = docker.logContainerCmd(id).withStdOut(true).withStdErr(true);
        startedAtSeconds().ifPresent(command::withSince);
        if (tail != null) {
            command.withTail(tail);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var logs = command.exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        })) {
            logs.awaitCompletion(LOG_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // Closing the finished stream cannot fail in a way that changes the lines read.
        }
        String text = text(out);
        return text.isEmpty() ? List.of() : List.of(text.split("\r?\n"));
    }

    /** When the container last started, so output of earlier runs does not count. */
    private Optional<Integer> startedAtSeconds() {
        String startedAt = inspect().getState().getStartedAt();
        if (startedAt == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((int) Instant.parse(startedAt).getEpochSecond());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
