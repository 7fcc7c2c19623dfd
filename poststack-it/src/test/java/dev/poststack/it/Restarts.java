package dev.poststack.it;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.poststack.Poststack;
import dev.poststack.api.CheckResult;
import dev.poststack.api.DatabaseAccess;
import dev.poststack.testcontainers.PoststackContainer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts a stopped {@link PoststackContainer} again (Testcontainers starts a container once) and waits for it
 * with its service's own checks, as its first start did.
 */
final class Restarts {

    private Restarts() {
    }

    /** Starts {@code db}'s container again; returns how to reach its database now (its host port changes). */
    static DatabaseAccess restart(Poststack poststack, PoststackContainer db) throws InterruptedException {
        db.getDockerClient().startContainerCmd(db.getContainerId()).exec();
        Map<Integer, Integer> ports = publishedPorts(db);
        List<CheckResult> results = poststack.check(db.service(), db.getContainerId(), ports);
        assertThat(results).as("the checks after a restart").isNotEmpty()
                .allSatisfy(r -> assertThat(r.passed()).as(r.failureMessage()).isTrue());
        return poststack.database(db.service(), ports);
    }

    /** Container port to host port on 127.0.0.1, as the engine publishes them now. */
    static Map<Integer, Integer> publishedPorts(PoststackContainer db) {
        Map<ExposedPort, Ports.Binding[]> bindings = db.getDockerClient().inspectContainerCmd(db.getContainerId()).exec()
                .getNetworkSettings().getPorts().getBindings();
        Map<Integer, Integer> ports = new HashMap<>();
        bindings.forEach((port, published) -> {
            if (published != null && published.length > 0) {
                assertThat(published[0].getHostIp()).isEqualTo("127.0.0.1");
                ports.put(port.getPort(), Integer.parseInt(published[0].getHostPortSpec()));
            }
        });
        return ports;
    }
}
