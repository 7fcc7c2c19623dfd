package dev.poststack.build.jib;

import com.google.cloud.tools.jib.api.buildplan.Port;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerSettingsTest {

    @Test
    void parsesPortsWithOptionalProtocol() {
        assertThat(ContainerSettings.ports(List.of("8080", "5432/tcp", "53/UDP")))
                .containsExactly(Port.tcp(8080), Port.tcp(5432), Port.udp(53));
    }

    @Test
    void rejectsMalformedPorts() {
        assertThatThrownBy(() -> ContainerSettings.ports(List.of("http"))).hasMessageContaining("'http'");
        assertThatThrownBy(() -> ContainerSettings.ports(List.of("70000"))).hasMessageContaining("70000");
        assertThatThrownBy(() -> ContainerSettings.ports(List.of("80/sctp"))).hasMessageContaining("80/sctp");
    }
}
