package dev.poststack.build.registry;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.poststack.build.BuildFailure;
import dev.poststack.build.ExternalImages;
import dev.poststack.manifest.ImageReferences;

import java.util.Optional;

/**
 * Resolves {@code from:} references to registry images: a tag is asked of the registry (its digest now), a digest
 * is taken as it is; the image is pulled by digest only when a child builds in the engine and the engine lacks it.
 * A pinned digest that the engine has, or that only Jib children read, needs no network at all.
 */
public final class ExternalBases implements ExternalImages {

    private final DockerClient docker;
    private final RegistryAccess registry;

    public ExternalBases(DockerClient docker, RegistryAccess registry) {
        this.docker = docker;
        this.registry = registry;
    }

    @Override
    public Resolved resolve(String reference, boolean intoEngine) throws BuildFailure, InterruptedException {
        String host = ImageReferences.host(reference);
        String rest = reference.substring(host.length() + 1);
        String repository;
        String digest;
        if (rest.contains("@")) {
            repository = stripTag(rest.substring(0, rest.indexOf('@')));
            digest = rest.substring(rest.indexOf('@') + 1);
        } else {
            int colon = rest.lastIndexOf(':');
            repository = colon > rest.lastIndexOf('/') ? rest.substring(0, colon) : rest;
            String tag = colon > rest.lastIndexOf('/') ? rest.substring(colon + 1) : "latest";
            digest = registry.digestOf(host, repository, tag);
        }
        String pinned = host + "/" + repository + "@" + digest;
        Optional<String> local = localId(pinned);
        if (local.isPresent() || !intoEngine) {
            return new Resolved(pinned, local, false);
        }
        pull(host, host + "/" + repository, digest);
        return new Resolved(pinned, Optional.of(localId(pinned).orElseThrow(() -> BuildFailure.of(
                "the engine pulled " + pinned + " but does not know it by that digest", null))), true);
    }

    private static String stripTag(String repositoryAndTag) {
        int colon = repositoryAndTag.lastIndexOf(':');
        return colon > repositoryAndTag.lastIndexOf('/') ? repositoryAndTag.substring(0, colon) : repositoryAndTag;
    }

    private Optional<String> localId(String pinned) {
        try {
            return Optional.of(docker.inspectImageCmd(pinned).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private void pull(String host, String repository, String digest) throws BuildFailure, InterruptedException {
        AuthConfig auth = registry.engineAuth(host);
        String[] error = new String[1];
        ResultCallback.Adapter<PullResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(PullResponseItem item) {
                if (item.getErrorDetail() != null || item.getError() != null) {
                    error[0] = item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError();
                }
            }
        };
        try {
            docker.pullImageCmd(repository).withTag(digest).withAuthConfig(auth).exec(callback).awaitCompletion();
        } catch (DockerException e) {
            error[0] = e.getMessage();
        }
        if (error[0] != null) {
            String text = error[0];
            if (text.contains("unauthorized") || text.contains("authentication required")) {
                throw RegistryAccess.unauthorized(host, repository);
            }
            throw BuildFailure.of("the engine could not pull " + repository + "@" + digest + ": " + text, null);
        }
    }
}
