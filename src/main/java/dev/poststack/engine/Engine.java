package dev.poststack.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * A connection to the Docker engine. The API version is not fixed, so the engine serves its own
 * (1.41 on Docker 20.10, 1.44+ on newer engines that refuse older clients).
 */
public final class Engine implements AutoCloseable {

    private final DockerClient client;
    private final URI host;

    private Engine(DockerClient client, URI host) {
        this.client = client;
        this.host = host;
    }

    /**
     * Connects to the engine named by {@code DOCKER_HOST} (default: the local Unix socket) and checks that
     * it answers.
     *
     * @throws EngineUnavailableException when it does not answer
     */
    public static Engine connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        URI host = config.getDockerHost();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(host)
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        Engine engine = new Engine(client, host);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            engine.close();
            throw new EngineUnavailableException(host, e);
        }
        return engine;
    }

    public DockerClient client() {
        return client;
    }

    /** Where the engine was reached, e.g. {@code unix:///var/run/docker.sock}. */
    public URI host() {
        return host;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // Closing a connection pool cannot lose anything of ours.
        }
    }
}
