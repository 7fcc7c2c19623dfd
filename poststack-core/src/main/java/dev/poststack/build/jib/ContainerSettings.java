package dev.poststack.build.jib;

import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.poststack.manifest.JibSpec;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Applies a {@link JibSpec}'s container settings (everything but the layers) to a Jib container builder. */
final class ContainerSettings {

    private ContainerSettings() {
    }

    /**
     * Sets entrypoint and cmd when given, env (added to the parent's), user, workdir, exposed ports, and the
     * labels: the spec's, then the job's (which win). Creation time is fixed so equal inputs give equal ids.
     *
     * @throws IllegalArgumentException when a port or the workdir is malformed
     */
    static void apply(JibContainerBuilder builder, JibSpec spec, Map<String, String> jobLabels) {
        if (!spec.entrypoint().isEmpty()) {
            builder.setEntrypoint(spec.entrypoint());
        }
        if (!spec.cmd().isEmpty()) {
            builder.setProgramArguments(spec.cmd());
        }
        spec.env().forEach(builder::addEnvironmentVariable);
        spec.user().ifPresent(builder::setUser);
        spec.workdir().ifPresent(dir -> builder.setWorkingDirectory(AbsoluteUnixPath.get(dir)));
        if (!spec.ports().isEmpty()) {
            builder.setExposedPorts(ports(spec.ports()));
        }
        Map<String, String> labels = new TreeMap<>(spec.labels());
        labels.putAll(jobLabels);
        labels.forEach(builder::addLabel);
        builder.setCreationTime(Instant.EPOCH);
    }

    /** Parses {@code 8080}, {@code 5432/tcp} or {@code 53/udp}. */
    static Set<Port> ports(List<String> ports) {
        Set<Port> result = new LinkedHashSet<>();
        for (String text : ports) {
            String[] parts = text.strip().split("/", 2);
            int port;
            try {
                port = Integer.parseInt(parts[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a port (expected e.g. 8080 or 5432/tcp)", e);
            }
            String protocol = parts.length == 2 ? parts[1].toLowerCase(java.util.Locale.ROOT) : "tcp";
            if (port < 1 || port > 65535 || !(protocol.equals("tcp") || protocol.equals("udp"))) {
                throw new IllegalArgumentException("'" + text + "' is not a port (expected e.g. 8080 or 5432/tcp)");
            }
            result.add(Port.parseProtocol(port, protocol));
        }
        return result;
    }
}
