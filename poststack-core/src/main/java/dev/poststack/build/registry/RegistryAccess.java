package dev.poststack.build.registry;

import com.github.dockerjava.api.model.AuthConfig;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import dev.poststack.build.BuildFailure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry calls poststack makes itself, through Jib's registry client (its authentication, TLS and error
 * handling): checking credentials before a push, the digest a tag names now, and the blobs of a pushed manifest.
 */
public final class RegistryAccess {

    /** A blob of an image in the registry: a layer or the config, by digest and size in bytes. */
    public record Blob(String digest, long size) {
    }

    private final RegistryCredentials credentials;
    private final FailoverHttpClient http = new FailoverHttpClient(false, false, event -> {
    });

    public RegistryAccess(RegistryCredentials credentials) {
        this.credentials = credentials;
    }

    public RegistryCredentials credentials() {
        return credentials;
    }

    /**
     * Proves that the credentials may push to {@code repository} ({@code path/name} on {@code host}) before anything
     * is sent, so that a wrong password fails the run before a single image is half pushed.
     */
    public void checkPush(String host, String repository) throws BuildFailure {
        // A blob that cannot exist: answered 404 when the credentials are good, 401 when not.
        call(host, repository, true, client -> client.checkBlob(DescriptorDigest.fromHash("0".repeat(64))));
    }

    /** Whether {@code repository} on {@code host} has the blob {@code digest} ({@code sha256:...}). */
    public boolean has(String host, String repository, String digest) throws BuildFailure {
        return call(host, repository, false, client -> client.checkBlob(DescriptorDigest.fromDigest(digest)))
                .isPresent();
    }

    /** The digest {@code tag} (or digest) of {@code repository} names now. */
    public String digestOf(String host, String repository, String tagOrDigest) throws BuildFailure {
        Optional<ManifestAndDigest<ManifestTemplate>> manifest = call(host, repository, false,
                client -> client.checkManifest(tagOrDigest));
        if (manifest.isEmpty()) {
            throw BuildFailure.of(host + "/" + repository + ":" + tagOrDigest + " is not in the registry;"
                    + " push it first, or correct the `from:` of images.yaml", null);
        }
        return manifest.get().getDigest().toString();
    }

    /** The config and layer blobs of the image {@code digest} of {@code repository}. */
    public List<Blob> blobsOf(String host, String repository, String digest) throws BuildFailure {
        BuildableManifestTemplate template = call(host, repository, false,
                client -> client.pullManifest(digest, BuildableManifestTemplate.class)).getManifest();
        List<Blob> blobs = new ArrayList<>();
        if (template.getContainerConfiguration() != null) {
            blobs.add(new Blob(String.valueOf(template.getContainerConfiguration().getDigest()),
                    template.getContainerConfiguration().getSize()));
        }
        template.getLayers().forEach(l -> blobs.add(new Blob(String.valueOf(l.getDigest()), l.getSize())));
        return blobs;
    }

    /** One registry request, its failures turned into what the user can act on. */
    private interface Call<T> {
        T on(RegistryClient client) throws IOException, RegistryException, java.security.DigestException;
    }

    private <T> T call(String host, String repository, boolean push, Call<T> call) throws BuildFailure {
        RegistryClient client = client(host, repository, push);
        try {
            return call.on(client);
        } catch (RegistryUnauthorizedException e) {
            throw unauthorized(host, repository);
        } catch (IOException | RegistryException | java.security.DigestException e) {
            throw unreachable(host, e);
        }
    }

    /** The engine's credential for {@code host}, for its push and pull. */
    public AuthConfig engineAuth(String host) throws BuildFailure {
        AuthConfig auth = new AuthConfig().withRegistryAddress(host);
        Optional<Credential> credential = credentials.forHost(host);
        if (credential.isPresent()) {
            auth = auth.withUsername(credential.get().getUsername()).withPassword(credential.get().getPassword());
        }
        return auth;
    }

    private RegistryClient client(String host, String repository, boolean push) throws BuildFailure {
        Optional<Credential> credential = credentials.forHost(host);
        RegistryClient.Factory factory = RegistryClient.factory(EventHandlers.NONE, host, repository, http)
                .setUserAgent("poststack");
        credential.ifPresent(factory::setCredential);
        RegistryClient client = factory.newRegistryClient();
        try {
            boolean bearer = push ? client.doPushBearerAuth() : client.doPullBearerAuth();
            if (!bearer && credential.isPresent()) {
                client.configureBasicAuth();
            }
        } catch (RegistryUnauthorizedException e) {
            throw unauthorized(host, repository);
        } catch (IOException | RegistryException e) {
            throw unreachable(host, e);
        }
        return client;
    }

    static BuildFailure unauthorized(String host, String repository) {
        return BuildFailure.of("the registry " + host + " refused the credentials for " + repository
                + " (unauthorized); check " + RegistryCredentials.USER_VARIABLE + "/"
                + RegistryCredentials.PASSWORD_FILE_VARIABLE + " or `docker login " + host + "`", null);
    }

    static BuildFailure unreachable(String host, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return BuildFailure.of("the registry " + host + " did not answer as a registry: " + why
                + "; is it running, and is its CA in /etc/docker/certs.d/" + host + "/ca.crt?", null);
    }
}
