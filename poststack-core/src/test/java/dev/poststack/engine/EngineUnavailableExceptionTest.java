package dev.poststack.engine;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class EngineUnavailableExceptionTest {

    private static final URI LOCAL = URI.create("unix:///var/run/docker.sock");

    @Test
    void aLocalEngineIsStartedTheWayTheLauncherDoesWithItsLog() {
        String message = EngineUnavailableException.message(LOCAL, null, null, "No such file or directory");

        assertThat(message).contains("The Docker engine at unix:///var/run/docker.sock does not answer"
                        + " (No such file or directory)")
                .contains("bin/host-setup engine").contains("/var/log/poststack-dockerd.log")
                .doesNotContain("/var/log/dockerd.log");
    }

    @Test
    void theLogNamedIsTheOnePoststackDockerdLogSets() {
        assertThat(EngineUnavailableException.message(LOCAL, "unix:///var/run/docker.sock", "/tmp/d.log", "refused"))
                .contains(">>/tmp/d.log 2>&1").doesNotContain("poststack-dockerd.log");
    }

    @Test
    void anEngineElsewhereIsCheckedNotStartedLocally() {
        String message = EngineUnavailableException.message(URI.create("tcp://10.1.2.3:2376"), "tcp://10.1.2.3:2376",
                null, "Connect timed out");

        assertThat(message).contains("DOCKER_HOST=tcp://10.1.2.3:2376").contains("does not answer")
                .contains("`docker -H tcp://10.1.2.3:2376 info`").contains("unset DOCKER_HOST")
                .doesNotContain("host-setup", "dockerd --iptables");
    }

    @Test
    void anotherUnixSocketMayBeALocalDockerdListeningThere() {
        assertThat(EngineUnavailableException.message(URI.create("unix:///tmp/e.sock"), "unix:///tmp/e.sock", null, "x"))
                .contains("`docker -H unix:///tmp/e.sock info`")
                .contains("dockerd --iptables=false -H unix:///tmp/e.sock >>/var/log/poststack-dockerd.log");
    }
}
