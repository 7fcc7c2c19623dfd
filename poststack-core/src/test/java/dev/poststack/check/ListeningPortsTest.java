package dev.poststack.check;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ListeningPortsTest {

    /** Real rows of a PostgreSQL container: 5432 listening, one established connection on 5432, one TIME_WAIT. */
    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 1312221 1 0000000048764615 100 0 0 10 0
               1: 0100007F:1538 0100007F:D4A2 01 00000000:00000000 00:00000000 00000000   999        0 1312290 1 0000000048764615 20 4 30 10 -1
               2: 0100007F:1F90 0100007F:D4A4 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000
            """;
    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:1538 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 1312222 1 000000000b028453 100 0 0 10 0
               1: 00000000000000000000000001000000:2382 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1312223 1 000000000b028453 100 0 0 10 0
            """;

    @Test
    void findsListeningSocketsOfBothTablesAndIgnoresConnections() {
        assertThat(ListeningPorts.parse(TCP + TCP6)).containsExactly(5432, 9090);
    }

    @Test
    void connectionsOnAPortAreNotListening() {
        assertThat(ListeningPorts.parse(TCP)).doesNotContain(8080).containsExactly(5432);
    }

    @Test
    void headersAndNoiseAreNotPorts() {
        assertThat(ListeningPorts.parse("  sl  local_address rem_address   st\n\ncat: /proc/net/tcp6: No such file\n")).isEmpty();
    }

    @Test
    void theReadScriptFindsASocketThisJvmListensOn() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process sh = new ProcessBuilder("sh", "-c", ListeningPorts.READ_TABLES).redirectErrorStream(true).start();
            String tables = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(sh.exitValue()).isZero();
            assertThat(ListeningPorts.parse(tables)).contains(server.getLocalPort());
        }
    }
}
