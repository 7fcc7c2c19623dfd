package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;

import java.util.List;
import java.util.SortedSet;

/** Something listens on the TCP port inside the container, by the kernel's socket tables. */
record PortProbe(CheckSpec.Port spec) implements LookProbe {

    @Override
    public List<String> look() {
        return CheckContext.shell(ListeningPorts.READ_TABLES);
    }

    @Override
    public Observation read(ExecResult result) {
        if (!result.succeeded()) {
            return Observation.failed(result.failure("reading /proc/net/tcp"));
        }
        SortedSet<Integer> listening = ListeningPorts.parse(result.stdout());
        if (listening.contains(spec.port())) {
            return Observation.passed("listening on " + spec.port());
        }
        return Observation.failed("nothing listens on " + spec.port() + " (listening: "
                + Texts.listOrNone(listening.stream().map(String::valueOf).toList()) + ")");
    }

    @Override
    public String expected() {
        return "something listening on TCP port " + spec.port() + " inside the container";
    }

    @Override
    public String describe() {
        return "port " + spec.port();
    }
}
