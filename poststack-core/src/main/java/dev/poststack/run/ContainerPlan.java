package dev.poststack.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.poststack.hash.Sha256;
import dev.poststack.engine.Labels;
import dev.poststack.manifest.PortSpec;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.secret.SecretFingerprint;
import dev.poststack.secret.SecretStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a service's container is created from, and its digest: a running container whose
 * {@code dev.poststack.config} label equals {@link #config()} is current and is kept; any other is replaced.
 * Secret values are not part of the digest, their names are; the container's and volumes' labels record a
 * salted slow hash of them ({@link SecretFingerprint}), so another checkout's secrets are told apart without
 * showing either. The image's configured user owns the secret files.
 *
 * @param secrets the secrets' values by name, and the proofs of their fingerprints
 */
record ContainerPlan(ServiceSpec service, LocalImage image, Resources resources, SecretStore secrets) {

    /**
     * Bumped when poststack changes how it creates containers, so existing ones are replaced. 2: containers
     * record their checkout and secrets, so a stack made before is stamped by the checkout that runs it next.
     */
    private static final String PLAN_FORMAT = "2";

    String config() {
        MessageDigest digest = Sha256.newDigest();
        List<String> parts = new ArrayList<>();
        parts.add("format=" + PLAN_FORMAT);
        parts.add("image=" + image.id());
        new TreeMap<>(service.env()).forEach((k, v) -> parts.add("env:" + k + "=" + v));
        service.secrets().forEach(s -> parts.add("secret:" + s));
        new TreeMap<>(service.volumes()).forEach((k, v) -> parts.add("volume:" + resources.volume(k) + "=" + v));
        service.inMemory().forEach(path -> parts.add("memory:" + path));
        service.ports().forEach(p -> parts.add("port:" + p.containerPort() + "=" + p.hostPort()));
        parts.add("network=" + resources.network());
        aliases().forEach(a -> parts.add("alias:" + a));
        parts.add("stop=" + service.stopTimeout().toSeconds());
        TlsFiles.certificateDigest(service).ifPresent(d -> parts.add("tls-cert=" + d));
        for (String part : parts) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return Sha256.hex(digest.digest()).substring(0, 32);
    }

    /** Whether {@code container} was created from this very plan: if it runs, it is kept. */
    boolean isCurrent(InspectContainerResponse container) {
        return config().equals(container.getConfig().getLabels().get(Labels.CONFIG));
    }

    /** The labels of a container made from this plan: the project's, the digest and the secrets' hash. */
    Map<String, String> containerLabels() {
        Map<String, String> labels = resources.serviceLabels(service.name(), config());
        if (!service.secrets().isEmpty()) {
            labels.put(Labels.SECRETS, SecretFingerprint.of(secretsText()));
        }
        return labels;
    }

    /** Whether {@code fingerprint} (a container's {@link Labels#SECRETS}) is of this plan's secrets. */
    boolean sameSecrets(String fingerprint) {
        return service.secrets().isEmpty() ? fingerprint == null
                : fingerprint != null && secrets.isFingerprintOf(fingerprint, secretsText(), service.secrets());
    }

    /** Each secret's name and value, in the service's order: what the secrets fingerprint is of. */
    private String secretsText() {
        StringBuilder text = new StringBuilder();
        service.secrets().forEach(s -> text.append(s).append('=').append(secrets.value(s)).append('\0'));
        return text.toString();
    }

    /**
     * The labels of a named volume created for this service: the project's and, for a database, the hash of
     * the superuser password its cluster will be initialised with.
     */
    Map<String, String> volumeLabels() {
        Map<String, String> labels = resources.projectLabels();
        service.database().ifPresent(db -> labels.put(Labels.PASSWORD,
                SecretFingerprint.of(secrets.value(db.passwordSecret()))));
        return labels;
    }

    List<String> aliases() {
        List<String> aliases = new ArrayList<>();
        aliases.add(service.name());
        aliases.addAll(service.aliases());
        return aliases;
    }

    /** The service's named volumes, each at its mount path: its container's, and any other that opens its data. */
    List<Bind> binds() {
        List<Bind> binds = new ArrayList<>();
        for (Map.Entry<String, String> volume : service.volumes().entrySet()) {
            binds.add(new Bind(resources.volume(volume.getKey()), new Volume(volume.getValue())));
        }
        return binds;
    }

    /**
     * The tmpfs mounts of the paths the service holds in memory, owned by {@code owner} (the image's user) with
     * mode 0700, as PostgreSQL wants its data directory.
     */
    Map<String, String> memoryMounts(SecretFiles.Owner owner) {
        Map<String, String> mounts = new TreeMap<>();
        service.inMemory().forEach(path -> mounts.put(path,
                "rw,nosuid,nodev,mode=0700,uid=" + owner.uid() + ",gid=" + owner.gid()));
        return mounts;
    }

    /**
     * The create command: published ports on 127.0.0.1 only, named volumes, the project network; {@code
     * memoryOwner} owns the paths held in memory (unused when there are none).
     */
    CreateContainerCmd createCommand(DockerClient docker, SecretFiles.Owner memoryOwner) {
        Ports bindings = new Ports();
        List<ExposedPort> exposed = new ArrayList<>();
        for (PortSpec port : service.ports()) {
            ExposedPort tcp = ExposedPort.tcp(port.containerPort());
            exposed.add(tcp);
            bindings.bind(tcp, port.hostPort().isPresent()
                    ? Ports.Binding.bindIpAndPort("127.0.0.1", port.hostPort().getAsInt())
                    : Ports.Binding.bindIp("127.0.0.1"));
        }
        return docker.createContainerCmd(image.reference())
                .withName(resources.container(service.name()))
                .withLabels(containerLabels())
                .withEnv(service.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withExposedPorts(exposed)
                .withStopTimeout((int) Math.max(1, service.stopTimeout().toSeconds()))
                .withAliases(aliases())
                .withHostConfig(HostConfig.newHostConfig()
                        .withPortBindings(bindings)
                        .withBinds(binds())
                        .withTmpFs(service.inMemory().isEmpty() ? null : memoryMounts(memoryOwner))
                        .withNetworkMode(resources.network()));
    }
}
