package dev.poststack.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on 127.0.0.1 on a free port, with TLS from a CA made here
 * (openssl) and basic auth (an htpasswd file with a bcrypt hash, {@code htpasswd -B}), its storage in a temporary
 * folder. The engine trusts the CA through {@code /etc/docker/certs.d/127.0.0.1:PORT/ca.crt}, written here and
 * removed on {@link #close}; so does poststack, which reads the same file.
 */
final class LocalRegistry implements AutoCloseable {

    static final String USER = "poststack-it";

    private final Path dir;
    private final int port;
    private final String password;
    private final Set<Path> certsDirs = ConcurrentHashMap.newKeySet();
    private Process process;

    private LocalRegistry(Path dir, int port, String password) {
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    static LocalRegistry start() throws Exception {
        Path dir = Files.createTempDirectory("poststack-registry");
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        LocalRegistry registry = new LocalRegistry(dir, freePort(), password);
        registry.makeCertificates();
        // The password reaches htpasswd on its standard input, never on a command line.
        registry.run(List.of("htpasswd", "-iBn", USER), password, dir.resolve("htpasswd"));
        Files.writeString(dir.resolve("config.yml"), String.join("\n",
                "version: 0.1",
                "log: {level: warn}",
                "storage: {filesystem: {rootdirectory: " + dir.resolve("storage") + "}, delete: {enabled: true}}",
                "http:",
                "  addr: 127.0.0.1:" + registry.port,
                "  tls: {certificate: " + dir.resolve("server.crt") + ", key: " + dir.resolve("server.key") + "}",
                "auth:",
                "  htpasswd: {realm: poststack-it, path: " + dir.resolve("htpasswd") + "}", ""));
        registry.trustOn(registry.port);
        registry.serve();
        return registry;
    }

    /** Starts (again) on the same port and storage. */
    void serve() throws Exception {
        process = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                if (get("/v2/").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(50);
        }
        throw new AssertionError("docker-registry did not answer within 20 s: " + Files.readString(
                dir.resolve("registry.log")));
    }

    /** Kills the registry at once, as a crash or a lost network would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    String password() {
        return password;
    }

    /** A Docker config whose {@code auths} hold the credentials, as {@code docker login} writes it. */
    Path dockerConfig(String user, String secret) throws IOException {
        Path config = Files.createTempDirectory(dir, "docker-config");
        String auth = Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        StringBuilder auths = new StringBuilder();
        for (Path certs : certsDirs) {
            auths.append(auths.isEmpty() ? "" : ",").append('"').append(certs.getFileName()).append("\":{\"auth\":\"")
                    .append(auth).append("\"}");
        }
        Path file = config.resolve("config.json");
        Files.writeString(file, "{\"auths\":{" + auths + "}}");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return config;
    }

    /** A file holding {@code secret}, readable by its owner only. */
    Path passwordFile(String secret) throws IOException {
        Path file = Files.createTempFile(dir, "password", "");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, secret);
        return file;
    }

    /** An authenticated GET of {@code path} (e.g. {@code /v2/_catalog}) over TLS, trusting the CA only. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, "application/vnd.docker.distribution.manifest.v2+json");
    }

    HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + host() + path))
                .header("Authorization", "Basic " + auth).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).GET().build();
        return client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpClient client() throws IOException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
                store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** The engine (and poststack) trust the CA for {@code 127.0.0.1:port}. */
    void trustOn(int onPort) throws IOException {
        Path certs = Path.of("/etc/docker/certs.d", "127.0.0.1:" + onPort);
        Files.createDirectories(certs);
        Files.copy(dir.resolve("ca.crt"), certs.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        certsDirs.add(certs);
    }

    /**
     * A TCP relay on another free port to this registry, the client's uploads slowed to {@code bytesPerSecond},
     * that can be cut like a registry going away mid-push. The engine and poststack trust it as the registry.
     */
    Relay relay(long bytesPerSecond) throws IOException {
        Relay relay = new Relay(freePort(), port, bytesPerSecond);
        trustOn(relay.port);
        return relay;
    }

    /** A relay on {@code relay}'s port again (after {@link Relay#cut}), at full speed. */
    Relay reopen(Relay relay) throws IOException {
        return new Relay(relay.port, port, 0);
    }

    private void makeCertificates() throws Exception {
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=poststack-it registry CA", "-keyout", "ca.key", "-out", "ca.crt"), null, null);
        run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", "server.key", "-out", "server.csr"), null, null);
        Files.writeString(dir.resolve("server.ext"),
                "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
        run(List.of("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "1", "-extfile", "server.ext", "-out", "server.crt"), null, null);
    }

    private void run(List<String> command, String input, Path output) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(output == null);
        if (output != null) {
            builder.redirectOutput(output.toFile());
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = builder.start();
        if (input != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write((input + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command.get(0) + " failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + ")");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            kill();
        }
        for (Path certs : certsDirs) {
            Files.deleteIfExists(certs.resolve("ca.crt"));
            Files.deleteIfExists(certs);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Forwards 127.0.0.1:port to the registry; {@link #cut} closes it and every connection. */
    static final class Relay implements AutoCloseable {

        final int port;
        private final int target;
        private final long bytesPerSecond;
        private final ServerSocket server;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private final AtomicLong uploaded = new AtomicLong();

        Relay(int port, int target, long bytesPerSecond) throws IOException {
            this.port = port;
            this.target = target;
            this.bytesPerSecond = bytesPerSecond;
            this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(this::accept, "registry-relay-" + port);
            accept.setDaemon(true);
            accept.start();
        }

        String host() {
            return "127.0.0.1:" + port;
        }

        long uploaded() {
            return uploaded.get();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(upstream);
                    pipe(client, upstream, true);
                    pipe(upstream, client, false);
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void pipe(Socket from, Socket to, boolean upload) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                        if (upload) {
                            uploaded.addAndGet(n);
                            if (bytesPerSecond > 0) {
                                Thread.sleep(Math.max(1, n * 1000L / bytesPerSecond));
                            }
                        }
                    }
                } catch (IOException | InterruptedException ignored) {
                    // The other side or cut() closed it.
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "registry-relay-pipe");
            thread.setDaemon(true);
            thread.start();
        }

        /** The registry goes away: no new connection, every open one closed. */
        void cut() {
            closeQuietly(server);
            sockets.forEach(Relay::closeQuietly);
        }

        private static void closeQuietly(java.io.Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }

        @Override
        public void close() {
            cut();
        }
    }
}
