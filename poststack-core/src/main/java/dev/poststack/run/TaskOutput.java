package dev.poststack.run;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects a task container's output: stdout apart (it may be the task's result), and all lines in order. */
final class TaskOutput extends ResultCallback.Adapter<Frame> {

    private final Consumer<String> onLine;
    private final StringBuilder stdout = new StringBuilder();
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();

    TaskOutput(Consumer<String> onLine) {
        this.onLine = onLine;
    }

    @Override
    public synchronized void onNext(Frame frame) {
        String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
        if (frame.getStreamType() == StreamType.STDOUT || frame.getStreamType() == StreamType.RAW) {
            stdout.append(text);
        }
        pending.append(text);
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, newline);
            pending.delete(0, newline + 1);
            lines.add(line);
            onLine.accept(line);
        }
    }

    synchronized String stdout() {
        return stdout.toString();
    }

    synchronized List<String> lines() {
        List<String> all = new ArrayList<>(lines);
        if (pending.length() > 0) {
            all.add(pending.toString());
        }
        return all;
    }

    /**
     * Starts the created container {@code id}, follows its output until it exits, and keeps that output in the
     * log {@code log} of {@code logs/containers/}.
     */
    static TaskResult startAndWait(RunContext context, String id, String log, Consumer<String> onOutput)
            throws InterruptedException {
        TaskOutput output = new TaskOutput(onOutput);
        context.docker().startContainerCmd(id).exec();
        var stream = context.docker().logContainerCmd(id).withStdOut(true).withStdErr(true)
                .withFollowStream(true).exec(output);
        int exitCode = context.docker().waitContainerCmd(id).start().awaitStatusCode();
        stream.awaitCompletion(10, TimeUnit.SECONDS);
        Path file = context.logs().fileOf(log);
        output.writeTo(file);
        return new TaskResult(exitCode, output.stdout(), output.lines(), file);
    }

    void writeTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
