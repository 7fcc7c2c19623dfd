package dev.poststack.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.poststack.thread.Daemons;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A connection to the Docker engine. The API version is not fixed, so the engine serves its own
 * (1.41 on Docker 20.10, 1.44+ on newer engines that refuse older clients).
 */
public final class Engine implements AutoCloseable {

    private final DockerClient client;
    private final URI host;
    private final ObjectMapper mapper;

    private Engine(DockerClient client, URI host, ObjectMapper mapper) {
        this.client = client;
        this.host = host;
        this.mapper = mapper;
    }

    /**
     * Connects to the engine named by {@code DOCKER_HOST} (default: the local Unix socket) and checks that
     * it answers.
     *
     * @throws EngineUnavailableException when it does not answer
     */
    public static Engine connect() {
        return create().checkAnswers();
    }

    /**
     * Sets up a client for the engine named by {@code DOCKER_HOST} without contacting it. Setting up loads
     * a few thousand classes, so callers may do it on another thread while they validate their input.
     */
    public static Engine create() {
        DefaultDockerClientConfig defaults = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        OneMapperConfig config = new OneMapperConfig(defaults, defaults.getObjectMapper());
        URI host = config.getDockerHost();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(host)
                .sslConfig(isUnixSocket(host) ? UnixSocketTls::new : config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return new Engine(DockerClientImpl.getInstance(config, http), host, config.getObjectMapper());
    }

    /**
     * As {@link #connect()}, with the JSON readers of the answers nearly every command reads first (an image's, a
     * container's and a volume's inspection, a container list) built on a daemon thread meanwhile: a cold JVM
     * spends about 100 ms on each, in the first caller's thread unless they are ready. For a caller with time and
     * CPU to spare ({@link EarlyEngine}); the command line builds each as it first reads one.
     */
    static Engine connectPreparingReaders() {
        Engine engine = create();
        Daemons.start("engine-readers", engine::prepareReaders);
        return engine.checkAnswers();
    }

    /** A reader that fails here is built again, and fails visibly, where it is used. */
    private void prepareReaders() {
        try {
            mapper.readValue("{}", InspectImageResponse.class);
            mapper.readValue("{}", InspectContainerResponse.class);
            mapper.readValue("[]", new TypeReference<List<Container>>() { });
            mapper.readValue("{}", InspectVolumeResponse.class);
        } catch (IOException | RuntimeException ignored) {
            // Only time is lost: the first real answer builds its reader.
        }
    }

    private static boolean isUnixSocket(URI host) {
        return "unix".equals(host.getScheme()) || "npipe".equals(host.getScheme());
    }

    /**
     * Checks that the engine answers.
     *
     * @return this engine
     * @throws EngineUnavailableException when it does not; the engine is closed then
     */
    public Engine checkAnswers() {
        try {
            client.pingCmd().exec();
            return this;
        } catch (RuntimeException e) {
            close();
            throw new EngineUnavailableException(host, e);
        }
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
