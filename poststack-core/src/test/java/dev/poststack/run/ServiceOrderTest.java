package dev.poststack.run;

import dev.poststack.manifest.Location;
import dev.poststack.manifest.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceOrderTest {

    static ServiceSpec service(String name, String... dependsOn) {
        return new ServiceSpec(name, "postgres", Map.of(), List.of(), Map.of(), List.of(), List.of(),
                List.of(dependsOn), ServiceSpec.DEFAULT_STOP_TIMEOUT, Optional.empty(), List.of(), List.of(),
                Location.of(Path.of("images.yaml"), 1, 1));
    }

    private static Map<String, ServiceSpec> services(ServiceSpec... specs) {
        Map<String, ServiceSpec> map = new LinkedHashMap<>();
        for (ServiceSpec spec : specs) {
            map.put(spec.name(), spec);
        }
        return map;
    }

    @Test
    void startsDependenciesFirstEvenWhenDeclaredLater() {
        Map<String, ServiceSpec> services = services(service("app", "db", "cache"), service("db"), service("cache"));
        assertThat(ServiceOrder.of(services, List.of())).containsExactly("db", "cache", "app");
    }

    @Test
    void aRequestedServiceBringsOnlyWhatItDependsOn() {
        Map<String, ServiceSpec> services = services(service("db"), service("app", "db"), service("other"));
        assertThat(ServiceOrder.of(services, List.of("app"))).containsExactly("db", "app");
    }

    @Test
    void namesUnknownServicesAndListsTheKnownOnes() {
        assertThatThrownBy(() -> ServiceOrder.of(services(service("db")), List.of("dbb")))
                .hasMessage("no service named dbb in the manifest; services: db");
    }
}
