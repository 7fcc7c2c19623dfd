package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies containers' output, stdout and stderr interleaved as the engine delivers them, into
 * {@code logs/containers/<service>.log} for as long as poststack runs (or until closed). The engine keeps
 * the full output too: {@code poststack logs SERVICE} reads it from there.
 */
final class ContainerLogs implements Closeable {

    private final DockerClient docker;
    private final Path folder;
    private final List<Closeable> streams = new ArrayList<>();

    ContainerLogs(DockerClient docker, Path folder) {
        this.docker = docker;
        this.folder = folder;
    }

    Path fileOf(String service) {
        return folder.resolve(service + ".log");
    }

    /** Starts copying a container's whole output (from its start) into the service's log, replacing it. */
    synchronized void follow(String service, String containerId) {
        try {
            Files.createDirectories(folder);
            OutputStream file = Files.newOutputStream(fileOf(service));
            streams.add(stream(docker, containerId, true, file));
            streams.add(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileOf(service), e);
        }
    }

    /**
     * Copies a container's output to {@code out}: what it wrote so far, then (with {@code follow}) what it
     * writes until it stops or the returned handle is closed.
     */
    static ResultCallback.Adapter<Frame> stream(DockerClient docker, String containerId, boolean follow,
                                                OutputStream out) {
        return stream(docker, containerId, follow, java.util.Optional.empty(), out);
    }

    /**
     * The same, from the lines written at or after {@code since}; the engine counts whole seconds, so a fraction
     * rounds up (a line written before {@code since} is never included).
     */
    static ResultCallback.Adapter<Frame> stream(DockerClient docker, String containerId, boolean follow,
                                                java.util.Optional<java.time.Instant> since, OutputStream out) {
        var command = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(follow);
        since.ifPresent(s -> command.withSince((int) Math.min(Integer.MAX_VALUE,
                s.getEpochSecond() + (s.getNano() > 0 ? 1 : 0))));
        return command.exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        try {
                            out.write(frame.getPayload());
                            out.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            out.flush();
                        }
                    }
                });
    }

    @Override
    public synchronized void close() {
        for (Closeable stream : streams) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // The container's output stays in the engine; a log copy cut short loses nothing.
            }
        }
        streams.clear();
    }
}
