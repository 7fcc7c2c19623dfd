package dev.poststack.build;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import dev.poststack.engine.Labels;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
        Optional<InspectImageResponse> tagged = inspect(reference);
        if (tagged.isPresent() && fingerprint.equals(labelsOf(tagged.get()).get(Labels.FINGERPRINT))) {
            return tagged;
        }
        List<Image> matching = docker.listImagesCmd()
                .withLabelFilter(Map.of(Labels.FINGERPRINT, fingerprint))
                .exec();
        // A child's Dockerfile build leaves images that inherit the parent's labels, fingerprint included, until
        // its own label step: the image itself is the one whose parent does not carry the fingerprint too.
        Set<String> ids = matching.stream().map(Image::getId).collect(Collectors.toSet());
        Optional<Image> image = matching.stream()
                .filter(i -> i.getParentId() == null || !ids.contains(i.getParentId()))
                .min(Comparator.comparing((Image i) -> !tagged(i)));
        if (image.isEmpty()) {
            return Optional.empty();
        }
        tag(image.get().getId(), reference);
        return inspect(reference);
    }

    private static boolean tagged(Image image) {
        return image.getRepoTags() != null && Arrays.stream(image.getRepoTags()).anyMatch(t -> !t.equals("<none>:<none>"));
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
