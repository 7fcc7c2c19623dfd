package dev.poststack.manifest;

import dev.poststack.manifest.HostPaths.Kind;
import dev.poststack.manifest.TlsSpec.Mode;
import dev.poststack.manifest.TlsSpec.Server;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code database.tls} of a service, and works out what the service's own {@code POSTGRES_SSL*}
 * environment implies when the manifest writes no {@code tls:}: a server with TLS is connected to with
 * {@code sslmode=require}, so poststack's checks work when it also refuses connections without TLS.
 */
final class TlsReader {

    static final List<String> KEYS = List.of("server", "cert", "key", "require", "mode", "ca");
    /** The image's variables that {@code tls.server} writes; a service setting them itself would say it twice. */
    private static final List<String> SERVER_ENV = List.of("POSTGRES_SSL", "POSTGRES_SSL_CERT_FILE",
            "POSTGRES_SSL_KEY_FILE", "POSTGRES_SSL_REQUIRE", "CERT_PATH");
    private static final String MODES = "disable, require, verify-ca, verify-full";
    /** poststack connects from the host to this address; a certificate checked with verify-full must name it. */
    static final String HOST_ADDRESS = "127.0.0.1";

    private final Path baseDir;

    TlsReader(Path baseDir) {
        this.baseDir = baseDir;
    }

    /**
     * @param database the service's {@code database} section
     * @param service  the service (its {@code env}, for what the image is told already)
     * @param names    the service's name and aliases: the names it has on the project network
     */
    TlsSpec read(Section database, Section service, Map<String, String> env, List<String> names) {
        boolean envTls = List.of("on", "self-signed").contains(env.getOrDefault("POSTGRES_SSL", "off"));
        boolean envRequire = "on".equals(env.get("POSTGRES_SSL_REQUIRE"));
        Optional<Section> tls = database.section("tls", "{server: self-signed}", KEYS);
        if (tls.isEmpty()) {
            return envTls || envRequire ? new TlsSpec(Server.IMAGE, Optional.empty(), Optional.empty(), false,
                    Optional.of(Mode.REQUIRE), Optional.empty()) : TlsSpec.NONE;
        }
        Section t = tls.get();
        Server server = server(t);
        if (server != Server.IMAGE) {
            reportEnvSaidTwice(service, t);
        }
        Optional<Path> cert = file(t, "cert", server, "certificate");
        Optional<Path> key = file(t, "key", server, "private key");
        boolean require = require(t, server);
        Optional<Path> ca = t.scalar("ca", "tls/ca.crt").flatMap(v -> HostPaths.existing(t, "ca", v, baseDir,
                Kind.FILE, "CA certificate").filter(p -> isCertificate(t, "ca", v, p)));
        Optional<Mode> mode = mode(t).or(() -> t.has("ca") ? Optional.of(Mode.VERIFY_FULL)
                : server != Server.IMAGE || envTls || envRequire ? Optional.of(Mode.REQUIRE) : Optional.empty());
        mode.ifPresent(m -> checkMode(t, m, server, require || envRequire));
        if (mode.equals(Optional.of(Mode.VERIFY_FULL)) && server == Server.FILES && cert.isPresent()) {
            checkNames(t, cert.get(), names);
        }
        return new TlsSpec(server, cert, key, require, mode, ca);
    }

    private static Server server(Section t) {
        return t.scalar("server", "self-signed").map(v -> switch (v.text()) {
            case "self-signed" -> Server.SELF_SIGNED;
            case "files" -> Server.FILES;
            default -> {
                t.problem(v.location(), "`" + t.path("server") + "` `" + v.text() + "` is not one of self-signed,"
                        + " files", "write server: self-signed (a certificate made on the first start, for"
                        + " development) or server: files (with cert: and key:)");
                yield Server.IMAGE;
            }
        }).orElse(Server.IMAGE);
    }

    private static void reportEnvSaidTwice(Section service, Section t) {
        // The raw map: `env` itself was read (and its wrong values reported) already.
        service.raw("env").map(YamlNode.Entry::value).filter(YamlNode.Mapping.class::isInstance)
                .map(YamlNode.Mapping.class::cast).ifPresent(env -> env.entries().stream()
                .filter(e -> SERVER_ENV.contains(e.name()))
                .forEach(e -> t.problem(e.key().location(), "`" + service.path("env") + "." + e.name() + "` is set, but `"
                        + t.path("server") + "` switches the server's TLS on already",
                        "remove " + e.name() + " from env; `" + t.path() + "` (server, cert, key, require) says"
                                + " it once")));
    }

    /** {@code cert} and {@code key} belong to {@code server: files}, which needs both. */
    private Optional<Path> file(Section t, String key, Server server, String what) {
        if (server != Server.FILES) {
            t.raw(key).ifPresent(e -> t.problem(e.key().location(), "`" + t.path(key) + "` is only used with"
                    + " `server: files`", "add server: files, or remove " + key));
            return Optional.empty();
        }
        Optional<YamlNode.Scalar> value = t.required(key, "tls/server." + key.replace("cert", "crt"));
        Optional<Path> path = value.flatMap(v -> HostPaths.existing(t, key, v, baseDir, Kind.FILE, what));
        return key.equals("cert") ? path.filter(p -> isCertificate(t, key, value.orElseThrow(), p)) : path;
    }

    private static boolean require(Section t, Server server) {
        Optional<YamlNode.Scalar> value = t.scalar("require", "true");
        if (value.isEmpty()) {
            return server != Server.IMAGE;
        }
        YamlNode.Scalar v = value.get();
        if (!List.of("true", "false").contains(v.text())) {
            t.problem(v.location(), "`" + t.path("require") + "` `" + v.text() + "` is not true or false",
                    "write require: true (TCP connections without TLS are refused) or require: false");
            return false;
        }
        if (server == Server.IMAGE) {
            t.problem(v.location(), "`" + t.path("require") + "` needs `server:`, which switches the server's TLS on",
                    "add server: self-signed or server: files, or set POSTGRES_SSL_REQUIRE in the service's env");
            return false;
        }
        return v.text().equals("true");
    }

    private static Optional<Mode> mode(Section t) {
        return t.scalar("mode", "verify-full").flatMap(v -> {
            Optional<Mode> mode = Arrays.stream(Mode.values()).filter(m -> m.text().equals(v.text())).findFirst();
            if (mode.isEmpty()) {
                t.problem(v.location(), "`" + t.path("mode") + "` `" + v.text() + "` is not one of " + MODES,
                        "write e.g. mode: require (encrypted, certificate not checked) or mode: verify-full"
                                + " (with ca:)");
            }
            return mode;
        });
    }

    private static void checkMode(Section t, Mode mode, Server server, boolean serverRequires) {
        Location at = t.raw("mode").map(e -> e.value().location()).orElse(t.anchor());
        if (mode == Mode.DISABLE && serverRequires) {
            t.problem(at, "`" + t.path("mode") + "` is disable, but the server refuses connections without TLS",
                    "write mode: require, or require: false");
        }
        if (mode.verifies() && !t.has("ca")) {
            t.problem(at, "`" + t.path("mode") + "` " + mode.text() + " checks the server's certificate, but no"
                    + " `ca` says which authority signed it", "add ca: with the CA certificate's file (PEM),"
                    + " relative to the manifest, or write mode: require");
        }
        if (!mode.verifies() && t.has("ca")) {
            Location caAt = t.raw("ca").orElseThrow().key().location();
            t.problem(caAt, "`" + t.path("ca") + "` is only used by verify-ca and verify-full, but the mode is "
                    + mode.text(), "write mode: verify-full, or remove ca");
        }
        if (mode.verifies() && server == Server.SELF_SIGNED) {
            t.problem(at, "`" + t.path("mode") + "` " + mode.text() + " cannot check a self-signed certificate the"
                    + " server makes on its first start", "use server: files with a certificate your ca signed,"
                    + " or mode: require");
        }
    }

    /** verify-full compares the name connected to with the certificate's names, from the host and on the network. */
    private static void checkNames(Section t, Path cert, List<String> names) {
        Optional<X509Certificate> certificate = certificate(cert);
        if (certificate.isEmpty()) {
            return;
        }
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.get().getSubjectAlternativeNames();
            for (List<?> name : alternatives == null ? List.<List<?>>of() : alternatives) {
                int type = (Integer) name.get(0);
                if (type == 2) {
                    dns.add(String.valueOf(name.get(1)));
                } else if (type == 7) {
                    ips.add(String.valueOf(name.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            return; // isCertificate reported an unreadable certificate already.
        }
        List<String> missing = new ArrayList<>();
        if (!ips.contains(HOST_ADDRESS)) {
            missing.add("IP:" + HOST_ADDRESS + " (poststack connects to the published port there)");
        }
        if (names.stream().noneMatch(dns::contains)) {
            missing.add("DNS:" + names.get(0) + " (the service's name on the network, for schema runs)");
        }
        if (!missing.isEmpty()) {
            Location at = t.raw("cert").orElseThrow().value().location();
            t.problem(at, "`" + t.path("cert") + "` does not name " + String.join(" nor ", missing)
                    + ", so verify-full would refuse it (its names: " + String.join(", ", dns)
                    + (ips.isEmpty() ? "" : (dns.isEmpty() ? "" : ", ") + String.join(", ", ips)) + ")",
                    "make it with -addext \"subjectAltName=DNS:" + names.get(0) + ",DNS:localhost,IP:"
                            + HOST_ADDRESS + "\", or write mode: verify-ca");
        }
    }

    private static boolean isCertificate(Section t, String key, YamlNode.Scalar value, Path file) {
        if (certificate(file).isPresent()) {
            return true;
        }
        t.problem(value.location(), "`" + t.path(key) + "` `" + value.text() + "` is not a PEM certificate (looked"
                + " at " + file + ")", "point it at a file that starts with -----BEGIN CERTIFICATE-----");
        return false;
    }

    private static Optional<X509Certificate> certificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException | CertificateException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
