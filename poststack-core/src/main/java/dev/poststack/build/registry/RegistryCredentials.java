package dev.poststack.build.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.poststack.build.BuildFailure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where poststack's registry credentials come from: {@code POSTSTACK_REGISTRY_USER} with the password in the file
 * {@code POSTSTACK_REGISTRY_PASSWORD_FILE}; otherwise the user's Docker configuration ({@code $DOCKER_CONFIG/config.json}
 * or {@code ~/.docker/config.json}: {@code auths}, {@code credHelpers}, {@code credsStore}), read by Jib's retrievers,
 * so the engine's pushes and Jib's get the same credential. A password is never printed or logged.
 */
public final class RegistryCredentials {

    public static final String USER_VARIABLE = "POSTSTACK_REGISTRY_USER";
    public static final String PASSWORD_FILE_VARIABLE = "POSTSTACK_REGISTRY_PASSWORD_FILE";

    private final Optional<String> user;
    private final Optional<Path> passwordFile;
    private final Path dockerConfig;

    private RegistryCredentials(Optional<String> user, Optional<Path> passwordFile, Path dockerConfig) {
        this.user = user;
        this.passwordFile = passwordFile;
        this.dockerConfig = dockerConfig;
    }

    public static RegistryCredentials fromEnvironment(Map<String, String> env) {
        Optional<String> user = Optional.ofNullable(env.get(USER_VARIABLE)).filter(u -> !u.isBlank());
        Optional<Path> file = Optional.ofNullable(env.get(PASSWORD_FILE_VARIABLE)).filter(f -> !f.isBlank())
                .map(Path::of);
        Path config = Optional.ofNullable(env.get("DOCKER_CONFIG")).filter(d -> !d.isBlank()).map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".docker")).resolve("config.json");
        return new RegistryCredentials(user, file, config);
    }

    /**
     * The credential for {@code host}; empty for an anonymous registry.
     *
     * @throws BuildFailure when the environment names a user without a readable password file, or the Docker
     *                      configuration or its credential helper fails
     */
    public Optional<Credential> forHost(String host) throws BuildFailure {
        if (user.isPresent() || passwordFile.isPresent()) {
            return Optional.of(fromEnvironment());
        }
        try {
            return retriever(host).retrieve();
        } catch (com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException e) {
            throw BuildFailure.of("cannot read the credentials for " + host + " from " + dockerConfig + ": "
                    + e.getMessage(), null);
        }
    }

    private Credential fromEnvironment() throws BuildFailure {
        if (user.isEmpty() || passwordFile.isEmpty()) {
            throw BuildFailure.of("set both " + USER_VARIABLE + " and " + PASSWORD_FILE_VARIABLE
                    + " (a file holding the password), or neither to use the Docker configuration", null);
        }
        try {
            String password = Files.readString(passwordFile.get(), StandardCharsets.UTF_8).strip();
            return Credential.from(user.get(), password);
        } catch (IOException e) {
            throw BuildFailure.of(PASSWORD_FILE_VARIABLE + " " + passwordFile.get() + " cannot be read: "
                    + e.getClass().getSimpleName(), null);
        }
    }

    /** A Jib retriever answering with {@link #forHost}, for {@code RegistryImage.addCredentialRetriever}. */
    public CredentialRetriever retrieverFor(String host) {
        return () -> {
            try {
                return forHost(host);
            } catch (BuildFailure e) {
                throw new com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException(
                        new IllegalStateException(e.getMessage()));
            }
        };
    }

    private CredentialRetriever retriever(String host) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(host + "/poststack");
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException("not a registry host: " + host, e);
        }
        // Jib's log lines name the helper it runs, never the secret; they are not shown.
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(reference, (LogEvent event) -> {
        });
        return factory.dockerConfig(dockerConfig);
    }
}
