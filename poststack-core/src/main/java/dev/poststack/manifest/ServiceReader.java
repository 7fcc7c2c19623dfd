package dev.poststack.manifest;

import dev.poststack.manifest.DependencyCheck.Dependency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one entry of {@code services}, and checks what all services share: fixed host ports and network
 * names. {@code depends-on} is collected for {@link DependencyCheck}, which needs every service first.
 */
final class ServiceReader {

    static final List<String> KEYS = List.of("image", "env", "secrets", "volumes", "ports", "aliases", "depends-on",
            "stop-timeout", "database", "health", "verify");
    private static final List<String> DATABASE_KEYS = List.of("port", "user", "password", "name", "tls",
            "backup", "logging", "upgrade");
    private static final List<String> UPGRADE_KEYS = List.of("from", "image");
    private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private final Problems problems;
    private final Declared declared;
    private final TlsReader tlsReader;
    private final BackupReader backupReader;
    private final LoggingReader loggingReader = new LoggingReader();
    private final Map<Integer, Location> hostPorts = new HashMap<>();
    private final Map<String, Location> aliases = new HashMap<>();
    private final List<Dependency> dependencies = new ArrayList<>();

    ServiceReader(Problems problems, Declared declared, Path baseDir) {
        this.problems = problems;
        this.declared = declared;
        this.tlsReader = new TlsReader(baseDir);
        this.backupReader = new BackupReader(declared);
    }

    /** Every {@code depends-on} item read so far. */
    List<Dependency> dependencies() {
        return dependencies;
    }

    /** The service, or empty when it has problems (they are recorded). */
    Optional<ServiceSpec> read(YamlNode.Entry entry) {
        int before = problems.count();
        String name = entry.name();
        Location at = entry.key().location();
        if (!Rules.DNS_LABEL.matcher(name).matches()) {
            problems.add(at, "service name `" + name + "` is not a DNS label", "use at most 63 lowercase letters,"
                    + " digits and `-`, starting and ending with a letter or digit"
                    + Rules.example(name, Rules.DNS_LABEL, "a-z0-9-", 63));
        }
        Optional<Section> service = Section.of(entry.value(), at, "services." + name, problems, "{image: postgres}",
                KEYS);
        if (service.isEmpty()) {
            return Optional.empty();
        }
        Section s = service.get();
        Optional<YamlNode.Scalar> image = s.required("image", "postgres");
        image.ifPresent(i -> declared.checkImage(s, "image", i));
        Map<String, String> env = s.stringMap("env", "POSTGRES_USER: postgres");
        List<YamlNode.Scalar> secretItems = s.scalars("secrets", "[db-password]", false);
        secretItems.forEach(secret -> declared.checkSecret(s, "secrets", secret));
        List<String> secrets = new ArrayList<>(texts(secretItems));
        checkSecretFiles(s, secrets);
        Map<String, String> volumes = volumes(s);
        List<PortSpec> ports = ports(s);
        List<String> serviceAliases = aliases(s, name);
        List<YamlNode.Scalar> dependsOnItems = s.scalars("depends-on", "[db]", false);
        dependsOnItems.forEach(d -> dependencies.add(new Dependency(name, d)));
        List<String> dependsOn = texts(dependsOnItems);
        Duration stopTimeout = Durations.read(s, "stop-timeout", "30s").orElse(ServiceSpec.DEFAULT_STOP_TIMEOUT);
        Optional<Section> databaseSection = s.section("database", "{password: db-password}", DATABASE_KEYS);
        int databasePort = databaseSection.flatMap(d -> d.integer("port", Rules.MIN_PORT, Rules.MAX_PORT, "5432"))
                .orElse(DatabaseSpec.DEFAULT_PORT);
        List<String> names = new ArrayList<>(List.of(name));
        names.addAll(serviceAliases);
        Optional<DatabaseSpec> database = databaseSection.flatMap(d -> database(d, databasePort,
                tlsReader.read(d, s, env, names), backupReader.read(d, name, volumes, secrets, env),
                loggingReader.read(d, env), upgrade(d)));
        // The image's TLS variables that `database.tls` stands for: the container and its config digest get them.
        database.ifPresent(db -> env.putAll(db.tls().serverEnv()));
        // poststack connects to the database from the host, so its port is published even when `ports:` omits it.
        if (s.has("database") && ports.stream().noneMatch(p -> p.containerPort() == databasePort)) {
            ports.add(PortSpec.random(databasePort));
        }
        Set<Integer> published = ports.stream().map(PortSpec::containerPort).collect(Collectors.toSet());
        CheckReader checks = new CheckReader(problems, new CheckBodyReader(name, published, s.has("database")));
        List<CheckSpec> health = checks.health(s);
        List<CheckSpec> verify = checks.verify(s);
        if (problems.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new ServiceSpec(name, image.orElseThrow().text(), env, secrets, volumes, ports,
                serviceAliases, dependsOn, stopTimeout, database, health, verify, at));
    }

    /** {@code database.upgrade: {from: postgres, image: postgres-upgrade}}: both images of this manifest. */
    private Optional<UpgradeSpec> upgrade(Section d) {
        Optional<Section> section = d.section("upgrade", "{from: postgres, image: postgres-upgrade}", UPGRADE_KEYS);
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Section u = section.get();
        Optional<YamlNode.Scalar> from = u.required("from", "postgres").filter(f -> declared.checkImage(u, "from", f));
        Optional<YamlNode.Scalar> image = u.required("image", "postgres-upgrade")
                .filter(i -> declared.checkImage(u, "image", i));
        if (from.isEmpty() || image.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UpgradeSpec(from.get().text(), image.get().text()));
    }

    private Optional<DatabaseSpec> database(Section d, int port, TlsSpec tls, Optional<BackupSpec> backup,
                                            Optional<LoggingSpec> logging, Optional<UpgradeSpec> upgrade) {
        String user = d.scalar("user", "postgres").map(YamlNode.Scalar::text).orElse(DatabaseSpec.DEFAULT_USER);
        Optional<YamlNode.Scalar> password = d.required("password", "db-password")
                .filter(p -> declared.checkSecret(d, "password", p));
        String name = d.scalar("name", "app").map(YamlNode.Scalar::text).orElse(user);
        return password.map(p -> new DatabaseSpec(port, user, p.text(), name, tls, backup, logging, upgrade));
    }

    /** A variable pointing at {@code /run/secrets/x} only works when the service mounts secret x. */
    private void checkSecretFiles(Section s, List<String> secrets) {
        String prefix = ServiceSpec.SECRETS_DIR + "/";
        s.raw("env").map(YamlNode.Entry::value).filter(YamlNode.Mapping.class::isInstance).ifPresent(env -> {
            for (YamlNode.Entry e : ((YamlNode.Mapping) env).entries()) {
                if (e.value() instanceof YamlNode.Scalar v && !v.isNull() && v.text().startsWith(prefix)
                        && !secrets.contains(v.text().substring(prefix.length()))) {
                    String secret = v.text().substring(prefix.length());
                    s.problem(v.location(), "`" + s.path("env") + "." + e.name() + "` points at secret `" + secret
                            + "`, but the service does not list it under `secrets:`, so the file will not exist",
                            "add it to the service: secrets: [" + String.join(", ", secrets)
                                    + (secrets.isEmpty() ? "" : ", ") + secret + "]");
                }
            }
        });
    }

    private Map<String, String> volumes(Section s) {
        Map<String, String> volumes = new LinkedHashMap<>();
        Map<String, String> byPath = new HashMap<>();
        s.section("volumes", "{pgdata: /var/lib/postgresql/data}", null).ifPresent(v -> {
            for (YamlNode.Entry e : v.entries()) {
                if (!VOLUME_NAME.matcher(e.name()).matches()) {
                    v.problem(e.key().location(), "volume name `" + e.name() + "` is not valid",
                            "use letters, digits and `_`, `.`, `-`, starting with a letter or digit, e.g. pgdata");
                }
                if (!(e.value() instanceof YamlNode.Scalar path) || path.isNull()) {
                    v.problem(e.value().location(), "`" + v.path(e.name()) + "` must be a container path, not "
                            + e.value().describe(), "write it as e.g. " + e.name() + ": /var/lib/postgresql/data");
                    continue;
                }
                String mount = Rules.absolute(v, e.name(), path);
                String other = byPath.putIfAbsent(mount.replaceAll("/+$", ""), e.name());
                if (other != null) {
                    v.problem(path.location(), "volumes `" + other + "` and `" + e.name() + "` are both mounted at "
                            + mount, "mount each volume at its own path");
                }
                volumes.put(e.name(), mount);
            }
        });
        return volumes;
    }

    private List<PortSpec> ports(Section s) {
        List<PortSpec> ports = new ArrayList<>();
        for (YamlNode.Scalar item : s.scalars("ports", "[5432, \"15432:5432\"]", false)) {
            port(s, item).ifPresent(ports::add);
        }
        return ports;
    }

    private Optional<PortSpec> port(Section s, YamlNode.Scalar item) {
        String[] parts = item.text().split(":", -1);
        String where = "`" + item.text() + "` in `" + s.path("ports") + "`";
        if (parts.length > 2) {
            s.problem(item.location(), where + " names an address; poststack publishes ports on 127.0.0.1 only",
                    "leave the address out: \"" + parts[parts.length - 2] + ":" + parts[parts.length - 1] + "\"");
            return Optional.empty();
        }
        Optional<Integer> container = portNumber(parts[parts.length - 1]);
        Optional<Integer> host = parts.length == 2 ? portNumber(parts[0]) : Optional.empty();
        if (container.isEmpty() || parts.length == 2 && host.isEmpty()) {
            s.problem(item.location(), where + " is not a port", "write a container port (5432, published on a"
                    + " random host port) or \"HOST:CONTAINER\" (\"15432:5432\"), each from 1 to 65535");
            return Optional.empty();
        }
        if (host.isEmpty()) {
            return Optional.of(PortSpec.random(container.get()));
        }
        Location first = hostPorts.putIfAbsent(host.get(), item.location());
        if (first != null) {
            s.problem(item.location(), "host port " + host.get() + " is published twice (first at line "
                    + first.line() + ")", "give each fixed host port to one container port only, or write the"
                    + " container port alone for a random host port");
        }
        return Optional.of(PortSpec.fixed(host.get(), container.get()));
    }

    private static List<String> texts(List<YamlNode.Scalar> scalars) {
        return scalars.stream().map(YamlNode.Scalar::text).toList();
    }

    private static Optional<Integer> portNumber(String text) {
        if (!Rules.WHOLE_NUMBER.matcher(text).matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(text);
        return Rules.isPortNumber(port) ? Optional.of(port) : Optional.empty();
    }

    /** Names and aliases share one network, so each must find exactly one service. */
    private List<String> aliases(Section s, String service) {
        return s.scalars("aliases", "[postgres]", false).stream().map(a -> {
            String alias = a.text();
            if (!Rules.DNS_LABEL.matcher(alias).matches()) {
                s.problem(a.location(), "alias `" + alias + "` of service `" + service + "` is not a DNS label",
                        "use at most 63 lowercase letters, digits and `-`, starting and ending with a letter or digit");
            } else if (alias.equals(service)) {
                s.problem(a.location(), "alias `" + alias + "` is the service's own name",
                        "remove it; a service is always reachable by its name");
            } else if (declared.services().contains(alias)) {
                s.problem(a.location(), "alias `" + alias + "` of service `" + service + "` is the name of service `"
                        + alias + "`", "choose another alias; names and aliases share one network");
            } else {
                Location first = aliases.putIfAbsent(alias, a.location());
                if (first != null) {
                    s.problem(a.location(), "alias `" + alias + "` is used twice (first at line " + first.line() + ")",
                            "give each alias to one service only");
                }
            }
            return alias;
        }).toList();
    }
}
