package dev.poststack.build.dockerfile;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.poststack.build.BuildBackend;
import dev.poststack.engine.WrittenStream;
import dev.poststack.build.BuildFailure;
import dev.poststack.build.BuildJob;
import dev.poststack.manifest.DockerfileSpec;
import dev.poststack.manifest.SourceSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds a Dockerfile through the Engine API's classic builder. Steps run with network mode {@code host}
 * (containers have no outbound NAT where the engine runs without iptables), intermediate containers are
 * always removed, and {@code FROM <parent>} is pinned to the parent's exact image id.
 */
public final class DockerfileBackend implements BuildBackend {

    /** Where a source's files are in the build context: {@code .poststack/sources/<name>/}. */
    public static final String SOURCES_PREFIX = ".poststack/sources/";

    private final DockerClient docker;
    private final SourceFetcher fetcher;

    public DockerfileBackend(DockerClient docker) {
        this.docker = docker;
        this.fetcher = SourceFetcher.defaults();
    }

    /**
     * Checks, before anything builds, that the Dockerfile's {@code FROM} lines name only the declared parent,
     * earlier stages or {@code scratch}, and returns problems as {@code file:line: message} strings.
     */
    public static List<String> check(DockerfileSpec spec, Set<String> manifestImages) throws IOException {
        String text = Files.readString(spec.dockerfile(), StandardCharsets.UTF_8);
        DockerfileFroms froms = DockerfileFroms.parse(text);
        if (froms.froms().isEmpty()) {
            return List.of(spec.dockerfile() + ":1: no FROM instruction; start the Dockerfile with `FROM "
                    + spec.from().orElse("<parent>") + "`");
        }
        List<String> problems = new java.util.ArrayList<>();
        for (DockerfileFroms.From from : froms.externalImages()) {
            String name = from.image();
            if (manifestImages.contains(name) && !spec.from().map(name::equals).orElse(false)) {
                problems.add(spec.dockerfile() + ":" + from.line() + ": `FROM " + name + "` names the manifest image `"
                        + name + "`, but the manifest entry declares " + spec.from().map(f -> "`from: " + f + "`")
                        .orElse("no `from:`") + "; set `from: " + name + "` in images.yaml so it is built first");
            }
        }
        return problems;
    }

    @Override
    public String build(BuildJob job) throws BuildFailure, InterruptedException {
        DockerfileSpec spec = (DockerfileSpec) job.spec().build();
        String dockerfileText;
        try {
            dockerfileText = Files.readString(spec.dockerfile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BuildFailure.of("cannot read " + spec.dockerfile() + ": " + e.getMessage(), e);
        }
        Map<String, String> pins = job.parent()
                .map(p -> Map.of(p.name(), p.imageId(), p.reference(), p.imageId(),
                        dev.poststack.manifest.Catalog.PREFIX + p.name(), p.imageId()))
                .orElse(Map.of());
        String pinned = DockerfileFroms.parse(dockerfileText).pinned(pins) + labelInstruction(job.labels());

        Map<String, Path> extras = new java.util.LinkedHashMap<>();
        for (SourceSpec source : spec.sources()) {
            job.events().output("poststack: fetching source " + source.name());
            boolean acceptLocal = job.acceptLocalSources().contains(source.name());
            extras.put(SOURCES_PREFIX + source.name(), fetcher.fetch(source, job.sourceDir(),
                    job.workDir().resolve("sources"), job.noCache(), acceptLocal));
        }
        BuildStream stream = new BuildStream(job.events());
        try (WrittenStream context = WrittenStream.start("context-" + spec.context().getFileName(), 1 << 16,
                out -> ContextArchive.write(spec.context(), spec.dockerfile(), pinned, extras, out))) {
            BuildImageCmd cmd = docker.buildImageCmd()
                    .withTarInputStream(context.input())
                    .withDockerfilePath(spec.context().relativize(spec.dockerfile()).toString().replace('\\', '/'))
                    .withTags(Set.of(job.reference()))
                    .withNetworkMode("host")
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true)
                    .withNoCache(job.noCache());
            spec.args().forEach(cmd::withBuildArg);
            return run(cmd, stream, context);
        } catch (IOException e) {
            throw BuildFailure.of("cannot send the build context: " + e.getMessage(), e);
        }
    }

    /**
     * All labels as one {@code LABEL} instruction on the final stage: the API's {@code labels} parameter
     * would add one step per label.
     */
    static String labelInstruction(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder line = new StringBuilder("\nLABEL");
        new java.util.TreeMap<>(labels).forEach((k, v) -> line.append(' ').append(quoted(k)).append('=').append(quoted(v)));
        return line.append('\n').toString();
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private String run(BuildImageCmd cmd, BuildStream stream, WrittenStream context)
            throws BuildFailure, InterruptedException {
        AtomicReference<String> imageId = new AtomicReference<>();
        AtomicReference<String> error = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ResultCallback.Adapter<BuildResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(BuildResponseItem item) {
                if (item.getStream() != null) {
                    stream.accept(item.getStream());
                }
                if (item.isBuildSuccessIndicated()) {
                    imageId.set(item.getImageId());
                }
                if (item.isErrorIndicated()) {
                    String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                            ? item.getErrorDetail().getMessage() : "the engine reported an error: " + item;
                    error.compareAndSet(null, message);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                failure.compareAndSet(null, throwable);
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        };
        cmd.exec(callback);
        try {
            done.await();
        } catch (InterruptedException e) {
            // Closing the connection cancels the build; with forcerm the engine removes its containers.
            closeQuietly(callback);
            throw e;
        } finally {
            closeQuietly(callback);
        }
        String failedStep = stream.currentStep();
        String failedInstruction = stream.currentInstruction();
        List<String> tail = stream.tail();
        stream.finish();
        // The engine has read what it wanted; a writer it stopped reading from ends now.
        context.close();
        Optional<IOException> contextFailure = context.awaitWriter();
        if (contextFailure.isPresent()) {
            throw BuildFailure.of("cannot send the build context: " + contextFailure.get().getMessage(),
                    contextFailure.get());
        }
        if (error.get() != null || failure.get() != null) {
            String message = error.get() != null ? error.get() : String.valueOf(failure.get().getMessage());
            throw new BuildFailure(message.strip(), failedStep, failedInstruction, tail, failure.get());
        }
        if (imageId.get() == null) {
            throw BuildFailure.of("the engine ended the build without an image id", null);
        }
        return imageId.get();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // The stream is finished or being abandoned either way.
        }
    }
}
