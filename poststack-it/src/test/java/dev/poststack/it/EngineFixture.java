package dev.poststack.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Direct engine access for assertions and cleanup in integration tests: a docker-java client of the tests' own
 * (poststack's is relocated inside poststack-core and not for use outside it).
 */
public final class EngineFixture implements AutoCloseable {

    private final DockerClient docker = connect();

    private static DockerClient connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        return DockerClientImpl.getInstance(config,
                new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }

    public DockerClient docker() {
        return docker;
    }

    /**
     * Removes every image tagged under {@code namespace/}, children first, with the untagged images built on
     * them (e.g. the cached steps of a multi-stage build's build stage, which would otherwise keep their
     * parent alive) and the untagged images poststack built on one of the namespace (the images a rebuild
     * replaced: a Jib image has no parent, only its base's name as a label). An image also tagged outside the
     * namespace (poststack reuses an identical image by fingerprint and only tags it) just loses the namespace's
     * tags: it belongs to someone else too.
     */
    public void removeImages(String namespace) {
        untagShared(namespace);
        removeUntaggedDescendants(namespace);
        for (int pass = 0; pass < 5; pass++) {
            List<Image> images = docker().listImagesCmd().exec().stream()
                    .filter(i -> taggedUnder(i, namespace) || replacedUnder(i, namespace))
                    .toList();
            if (images.isEmpty()) {
                return;
            }
            for (Image image : images) {
                try {
                    docker().removeImageCmd(image.getId()).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // A child still uses it; the next pass removes it after the child.
                }
            }
        }
    }

    private void untagShared(String namespace) {
        for (Image image : docker().listImagesCmd().exec()) {
            String[] tags = image.getRepoTags() == null ? new String[0] : image.getRepoTags();
            List<String> ours = java.util.Arrays.stream(tags).filter(t -> t.startsWith(namespace + "/")).toList();
            if (!ours.isEmpty() && ours.size() < tags.length) {
                for (String tag : ours) {
                    try {
                        docker().removeImageCmd(tag).exec();
                    } catch (NotFoundException ignored) {
                        // Removed meanwhile.
                    }
                }
            }
        }
    }

    private static boolean taggedUnder(Image image, String namespace) {
        return image.getRepoTags() != null
                && java.util.Arrays.stream(image.getRepoTags()).anyMatch(t -> t.startsWith(namespace + "/"));
    }

    private static boolean replacedUnder(Image image, String namespace) {
        boolean untagged = image.getRepoTags() == null
                || java.util.Arrays.stream(image.getRepoTags()).allMatch("<none>:<none>"::equals);
        String base = image.getLabels() == null ? null : image.getLabels().get("org.opencontainers.image.base.name");
        return untagged && base != null && base.startsWith(namespace + "/");
    }

    private void removeUntaggedDescendants(String namespace) {
        List<Image> all = docker().listImagesCmd().withShowAll(true).exec();
        java.util.Map<String, String> parentOf = new java.util.HashMap<>();
        java.util.Set<String> roots = new java.util.HashSet<>();
        java.util.Set<String> untagged = new java.util.HashSet<>();
        for (Image image : all) {
            parentOf.put(image.getId(), image.getParentId() == null ? "" : image.getParentId());
            String[] tags = image.getRepoTags();
            boolean noTags = tags == null || java.util.Arrays.stream(tags).allMatch("<none>:<none>"::equals);
            if (noTags) {
                untagged.add(image.getId());
            } else if (java.util.Arrays.stream(tags).anyMatch(t -> t.startsWith(namespace + "/"))) {
                roots.add(image.getId());
            }
        }
        java.util.Map<String, Integer> depth = new java.util.HashMap<>();
        for (String id : untagged) {
            int d = 0;
            String at = id;
            while (!at.isEmpty() && !roots.contains(at) && d < 1000) {
                at = parentOf.getOrDefault(at, "");
                d++;
            }
            if (!at.isEmpty() && roots.contains(at)) {
                depth.put(id, d);
            }
        }
        depth.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> {
                    try {
                        docker().removeImageCmd(e.getKey()).withForce(true).exec();
                    } catch (RuntimeException ignored) {
                        // Gone with a child already, or still used by a container.
                    }
                });
    }

    public Optional<String> imageId(String reference) {
        try {
            return Optional.of(docker().inspectImageCmd(reference).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    public Set<String> containerIds() {
        return docker().listContainersCmd().withShowAll(true).exec().stream()
                .map(Container::getId).collect(Collectors.toSet());
    }

    /**
     * Containers (running or not) made from {@code image} or an image built on it: a build's step
     * containers run on its parent's image, so this sees them and ignores other users of the engine.
     */
    public Set<String> containerIdsFrom(String image) {
        return docker().listContainersCmd().withShowAll(true).withAncestorFilter(List.of(image)).exec().stream()
                .map(Container::getId).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
