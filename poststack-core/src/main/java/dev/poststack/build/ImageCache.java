package dev.poststack.build;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import dev.poststack.engine.Labels;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds images in the engine by the fingerprint poststack labelled them with. An image whose fingerprint
 * is present is current: it is (re)tagged and reused instead of being built.
 */
final class ImageCache {

    private final DockerClient docker;

    ImageCache(DockerClient docker) {
        this.docker = docker;
    }

    /** The image carrying {@code fingerprint}, tagged {@code reference} on return; empty if none. */
    Optional<InspectImageResponse> find(String reference, String fingerprint) {
        // Never the tag alone: a tag that once went to a child of our image (below) carries the fingerprint too.
        // All images, intermediate ones too: an image of ours that lost its tag but is the parent of another is
        // listed only then, and the child alone would be found instead.
        List<Image> matching = docker.listImagesCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(Labels.FINGERPRINT, fingerprint))
                .exec();
        // Every image built FROM the one poststack made inherits its labels, the fingerprint included: the child
        // images of a Dockerfile build until its own label step, and anyone's `docker build` on top (BuildKit
        // records no parent). The image itself is their common ancestor: the fewest layers, then the oldest.
        Optional<InspectImageResponse> image = matching.stream()
                .map(i -> inspect(i.getId()))
                .flatMap(Optional::stream)
                .min(Comparator.comparingInt(ImageCache::layerCount)
                        .thenComparing(i -> i.getCreated() == null ? "" : i.getCreated())
                        .thenComparing(i -> i.getRepoTags() == null || i.getRepoTags().isEmpty()));
        if (image.isEmpty()) {
            return Optional.empty();
        }
        Optional<InspectImageResponse> tagged = inspect(reference);
        if (tagged.isPresent() && tagged.get().getId().equals(image.get().getId())) {
            return tagged;
        }
        tag(image.get().getId(), reference);
        return inspect(reference);
    }

    private static int layerCount(InspectImageResponse image) {
        return image.getRootFS() == null || image.getRootFS().getLayers() == null ? 0 : image.getRootFS().getLayers().size();
    }

    Optional<InspectImageResponse> inspect(String reference) {
        try {
            return Optional.of(docker.inspectImageCmd(reference).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    void tag(String imageId, String reference) {
        int colon = reference.lastIndexOf(':');
        docker.tagImageCmd(imageId, reference.substring(0, colon), reference.substring(colon + 1)).withForce().exec();
    }

    private static Map<String, String> labelsOf(InspectImageResponse image) {
        Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
