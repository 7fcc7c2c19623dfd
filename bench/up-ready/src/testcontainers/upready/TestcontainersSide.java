package upready;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Testcontainers' side: a {@code GenericContainer} of the same image with the same environment as the
 * manifest's {@code db} service, ready when the log says "database system is ready to accept
 * connections" (once on a fresh cluster: with POSTGRES_DB=postgres and no init scripts the entrypoint runs
 * no temporary server). The container's anonymous volume is new every round and removed with it. Port
 * 5432 is published on 127.0.0.1 only (Testcontainers would publish it on every address).
 */
public class TestcontainersSide implements Side {

    private static final int DB_PORT = 5432;
    private static final String READY_LINE = ".*database system is ready to accept connections.*";

    private final String image = System.getProperty("bench.image", "poststack/postgres:latest");
    private final String label = System.getProperty("bench.label", "dev.poststack.bench=up-ready");
    private final boolean ownNetwork;
    private BenchContainer current;
    private Network network;

    public TestcontainersSide() {
        this(false);
    }

    /** @param ownNetwork run the container on a network of its own, created every round (as poststack does) */
    protected TestcontainersSide(boolean ownNetwork) {
        this.ownNetwork = ownNetwork;
    }

    @Override
    public String name() {
        return ownNetwork ? "tc-network" : "testcontainers";
    }

    @Override
    public void reset() {
        // Every round's container is new, with a new anonymous volume; stop() removed the last one.
    }

    @Override
    public void start(Marks marks) {
        String password = password();
        String[] kv = label.split("=", 2);
        BenchContainer container = new BenchContainer(DockerImageName.parse(image), marks, password);
        container.withEnv(Map.of("POSTGRES_USER", "postgres", "POSTGRES_PASSWORD", password,
                        "POSTGRES_SETTING_cron__database_name", "app"))
                .withExposedPorts(DB_PORT)
                .withLabel(kv[0], (kv.length > 1 ? kv[1] : "") + (ownNetwork ? "-net" : ""))
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPublishAllPorts(false)
                        .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(DB_PORT))))
                .waitingFor(Wait.forLogMessage(READY_LINE, 1).withStartupTimeout(Duration.ofSeconds(120)));
        current = container;
        marks.mark("call");
        if (ownNetwork) {
            network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withLabels(Map.of(kv[0],
                    (kv.length > 1 ? kv[1] : "") + "-net"))).build();
            container.withNetwork(network).withNetworkAliases("db");
        }
        container.start();
        marks.mark("ready");
    }

    private static String password() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @Override
    public Instant containerStartedAt() {
        return Instant.parse(current.getContainerInfo().getState().getStartedAt());
    }

    @Override
    public void stop() {
        if (current != null) {
            current.stop();
            current = null;
        }
        if (network != null) {
            network.close();
            network = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Reports the published port as soon as the container runs, before the wait strategy starts. */
    private static final class BenchContainer extends GenericContainer<BenchContainer> {

        private final transient Marks marks;
        private final String password;

        BenchContainer(DockerImageName image, Marks marks, String password) {
            super(image);
            this.marks = marks;
            this.password = password;
        }

        @Override
        protected void containerIsStarting(InspectContainerResponse info) {
            marks.mark("started");
            Ports.Binding[] bound = info.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(DB_PORT));
            marks.port(Integer.parseInt(bound[0].getHostPortSpec()), "postgres", password);
        }
    }
}
