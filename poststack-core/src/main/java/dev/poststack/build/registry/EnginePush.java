package dev.poststack.build.registry;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.poststack.build.BuildFailure;
import dev.poststack.build.BuildJob;
import dev.poststack.build.ImagePusher;
import dev.poststack.manifest.ImageReferences;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes a Dockerfile or rootfs image from the engine (the Engine API's push, with the credential in its auth
 * header, never on a command line). The engine skips the layers the registry has; which those were is read from its
 * progress (per layer: "Pushed", or "Layer already exists" / "Mounted from ..."), their sizes from the pushed
 * manifest.
 */
public final class EnginePush implements ImagePusher {

    private final DockerClient docker;
    private final RegistryAccess registry;

    public EnginePush(DockerClient docker, RegistryAccess registry) {
        this.docker = docker;
        this.registry = registry;
    }

    @Override
    public Pushed push(BuildJob job, String imageId, Target target) throws BuildFailure, InterruptedException {
        String host = ImageReferences.host(target.repository());
        String path = target.repository().substring(host.length() + 1);
        boolean configThere = registry.has(host, path, imageId);
        docker.tagImageCmd(imageId, target.repository(), target.tag()).withForce().exec();
        Progress progress = new Progress(job);
        try {
            docker.pushImageCmd(target.repository()).withTag(target.tag()).withAuthConfig(registry.engineAuth(host))
                    .exec(progress).awaitCompletion();
        } catch (DockerException e) {
            throw failure(host, e.getMessage());
        } catch (InterruptedException e) {
            closeQuietly(progress);
            throw e;
        }
        if (progress.error != null) {
            throw failure(host, progress.error);
        }
        if (progress.digest == null) {
            throw BuildFailure.of("the engine pushed " + target.reference() + " but named no digest", null);
        }
        List<RegistryAccess.Blob> blobs = registry.blobsOf(host, path, progress.digest);
        List<String> diffIds = Optional.ofNullable(docker.inspectImageCmd(imageId).exec().getRootFS())
                .map(r -> r.getLayers()).orElse(List.of());
        long sent = 0;
        long skipped = 0;
        int sentCount = 0;
        int skippedCount = 0;
        for (int i = 0; i < blobs.size(); i++) {
            boolean there;
            if (i == 0) {
                there = configThere;
            } else {
                String diffId = i - 1 < diffIds.size() ? diffIds.get(i - 1) : "";
                String shortId = diffId.startsWith("sha256:") && diffId.length() >= 19 ? diffId.substring(7, 19) : "";
                there = progress.alreadyThere(shortId);
            }
            if (there) {
                skipped += blobs.get(i).size();
                skippedCount++;
            } else {
                sent += blobs.get(i).size();
                sentCount++;
            }
        }
        return new Pushed(progress.digest, sent, skipped, sentCount, skippedCount);
    }

    private BuildFailure failure(String host, String message) {
        String text = message == null ? "" : message;
        if (text.contains("unauthorized") || text.contains("authentication required")) {
            return RegistryAccess.unauthorized(host, "the push");
        }
        return BuildFailure.of("the engine's push to " + host + " failed: " + text
                + "; the registry's tag was not moved, and pushing again sends only what is missing", null);
    }

    private static void closeQuietly(ResultCallback.Adapter<?> callback) {
        try {
            callback.close();
        } catch (IOException ignored) {
            // Closing only stops reading the engine's answer.
        }
    }

    /** The engine's push progress: each layer's last status, the manifest digest, an error. */
    private static final class Progress extends ResultCallback.Adapter<PushResponseItem> {

        private final BuildJob job;
        private final Map<String, String> statusByLayer = new HashMap<>();
        private volatile String digest;
        private volatile String error;

        Progress(BuildJob job) {
            this.job = job;
        }

        @Override
        public void onNext(PushResponseItem item) {
            if (item.getErrorDetail() != null || item.getError() != null) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                return;
            }
            if (item.getAux() != null && item.getAux().getDigest() != null) {
                digest = item.getAux().getDigest();
            }
            String status = item.getStatus();
            if (item.getId() != null && status != null && !status.equals("Pushing")
                    && !status.equals("Preparing") && !status.equals("Waiting")) {
                synchronized (statusByLayer) {
                    statusByLayer.merge(item.getId(), status,
                            (old, now) -> isSkip(old) ? old : now);
                }
                job.events().output("push " + item.getId() + ": " + status);
            }
        }

        boolean alreadyThere(String shortId) {
            synchronized (statusByLayer) {
                return isSkip(statusByLayer.getOrDefault(shortId, ""));
            }
        }

        private static boolean isSkip(String status) {
            return status.equals("Layer already exists") || status.startsWith("Mounted from");
        }
    }
}
