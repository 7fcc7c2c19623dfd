package dev.poststack.build.jib;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.LoadImageCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.DockerClient;
import com.google.cloud.tools.jib.api.ImageDetails;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.image.ImageTarball;
import dev.poststack.engine.WrittenStream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Jib's view of the Docker engine, over the Engine API with docker-java instead of a {@code docker} CLI process:
 * Jib reads base images with {@link #inspect} and {@link #save} and writes the result with {@link #load}.
 */
public final class EngineDockerClient implements DockerClient {

    private static final int PIPE_BUFFER = 1 << 20;

    private final com.github.dockerjava.api.DockerClient docker;
    private final int knownLayers;

    public EngineDockerClient(com.github.dockerjava.api.DockerClient docker) {
        this(docker, 0);
    }

    private EngineDockerClient(com.github.dockerjava.api.DockerClient docker, int knownLayers) {
        this.docker = docker;
        this.knownLayers = knownLayers;
    }

    /**
     * A client whose {@link #load} leaves out the first {@code count} layers of the image, which the engine
     * already has (the parent's), when the engine's image store allows it.
     */
    public EngineDockerClient withKnownBaseLayers(int count) {
        return new EngineDockerClient(docker, classicImageStore() ? count : 0);
    }

    /** The classic (graph driver) store; the containerd store reports a snapshotter driver type. */
    private boolean classicImageStore() {
        List<List<String>> statuses = docker.infoCmd().exec().getDriverStatuses();
        return statuses == null || statuses.stream().noneMatch(s -> String.valueOf(s).contains("snapshotter"));
    }

    @Override
    public boolean supported(Map<String, String> parameters) {
        // Jib asks with its docker executable and environment settings; neither applies to the Engine API.
        return true;
    }

    /** Streams the tarball into the engine as Jib writes it; nothing is staged on disk. */
    @Override
    public String load(ImageTarball imageTarball, Consumer<Long> writtenByteCountListener)
            throws InterruptedException, IOException {
        // Known layers are dropped before counting: no progress callbacks for bytes that never travel.
        try (WrittenStream tarball = WrittenStream.start("jib-tarball-writer", PIPE_BUFFER, out -> {
            try (OutputStream filtered = new KnownLayersFilter(
                    new CountingOutputStream(out, writtenByteCountListener), knownLayers)) {
                imageTarball.writeTo(filtered);
            }
        })) {
            try {
                String message = docker.loadImageAsyncCmd(tarball.input()).exec(new LoadImageCallback()).awaitMessage();
                // The engine may answer before the tar's trailing padding is written; let it drain into the pipe.
                throwIfWriterFailed(tarball);
                return message == null ? "" : message;
            } catch (DockerException | DockerClientException e) {
                tarball.close();
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("Loading the image cancelled");
                }
                throwIfWriterFailed(tarball);
                throw new IOException("The engine refused the image: " + e.getMessage(), e);
            }
        }
    }

    private static void throwIfWriterFailed(WrittenStream tarball) throws IOException, InterruptedException {
        java.util.Optional<IOException> failed = tarball.awaitWriter();
        if (failed.isPresent()) {
            throw new IOException("Could not write the image tarball: " + failed.get().getMessage(), failed.get());
        }
    }

    @Override
    public void save(ImageReference imageReference, Path outputPath, Consumer<Long> writtenByteCountListener)
            throws InterruptedException, IOException {
        try (InputStream tar = new InterruptibleInput(docker.saveImageCmd(engineName(imageReference)).exec());
             OutputStream out = new CountingOutputStream(Files.newOutputStream(outputPath), writtenByteCountListener)) {
            FastCompressedSave.rewrite(tar, out, outputPath.getParent());
        } catch (NotFoundException e) {
            throw new IOException("Image " + imageReference + " is not in the engine", e);
        } catch (DockerException e) {
            throw new IOException("Could not save " + imageReference + " from the engine: " + e.getMessage(), e);
        } catch (InterruptedIOException e) {
            throw new InterruptedException("Saving " + imageReference + " cancelled");
        }
    }

    @Override
    public ImageDetails inspect(ImageReference imageReference) throws IOException, InterruptedException {
        InspectImageResponse image;
        try {
            image = docker.inspectImageCmd(engineName(imageReference)).exec();
        } catch (NotFoundException e) {
            throw new IOException("Image " + imageReference + " is not in the engine", e);
        } catch (DockerException e) {
            throw new IOException("Could not inspect " + imageReference + ": " + e.getMessage(), e);
        }
        long size = image.getSize() == null ? 0 : image.getSize();
        String id = image.getId();
        List<String> diffIds = image.getRootFS() == null || image.getRootFS().getLayers() == null
                ? List.of() : image.getRootFS().getLayers();
        return new Details(size, id, diffIds);
    }

    /** The name the engine knows the image by: Jib's short form ({@code alpine:3}, not {@code library/alpine}). */
    static String engineName(ImageReference reference) {
        return reference.toString();
    }

    private record Details(long size, String id, List<String> diffIds) implements ImageDetails {

        @Override
        public long getSize() {
            return size;
        }

        @Override
        public DescriptorDigest getImageId() throws DigestException {
            return DescriptorDigest.fromDigest(id);
        }

        @Override
        public List<DescriptorDigest> getDiffIds() throws DigestException {
            List<DescriptorDigest> digests = new ArrayList<>();
            for (String diffId : diffIds) {
                digests.add(DescriptorDigest.fromDigest(diffId));
            }
            return digests;
        }
    }

    /** Ends a long read with {@link InterruptedIOException} once the build thread is interrupted. */
    private static final class InterruptibleInput extends java.io.FilterInputStream {

        InterruptibleInput(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("cancelled");
            }
            return in.read(b, off, len);
        }
    }

    /** Tells Jib how many bytes went through, for its progress reporting. */
    private static final class CountingOutputStream extends FilterOutputStream {

        private final Consumer<Long> listener;

        CountingOutputStream(OutputStream out, Consumer<Long> listener) {
            super(out);
            this.listener = listener;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            listener.accept((long) len);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            listener.accept(1L);
        }
    }
}
