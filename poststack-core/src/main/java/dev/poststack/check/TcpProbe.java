package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A TCP connection from the host to the published port and/or from inside the container to the port. Both
 * views are needed: the engine's port proxy accepts host connections even when nothing listens behind it.
 */
record TcpProbe(CheckSpec.Tcp spec) implements Probe {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    /**
     * The engine's port proxy accepts a connection, then closes it at once when nothing listens behind it;
     * a server waits for the client (PostgreSQL, HTTP) or greets it. The proxy closes within milliseconds.
     */
    private static final int PROXY_CLOSE_WAIT_MS = 50;
    private static final String NO_BASH = "poststack: no bash";
    private static final String CONNECT_PREFIX = ": connect: ";

    @Override
    public Observation attempt(CheckContext context) throws InterruptedException {
        List<Side> sides = new ArrayList<>();
        if (spec.fromHost()) {
            OptionalInt hostPort = context.target().hostPort(spec.port());
            if (hostPort.isEmpty()) {
                return CheckContext.notPublishedOnHost(spec.port());
            }
            sides.add(fromHost(hostPort.getAsInt(), context.deadline()));
        }
        if (spec.fromContainer()) {
            sides.add(fromContainer(context));
        }
        String seen = String.join("; ", sides.stream().map(Side::seen).toList());
        List<String> errors = sides.stream().filter(s -> !s.connected()).map(Side::seen).toList();
        return errors.isEmpty() ? Observation.passed(seen) : Observation.failed(seen, String.join("; ", errors));
    }

    private record Side(boolean connected, String seen) {
    }

    private static Side fromHost(int hostPort, Deadline deadline) {
        String where = "from the host to 127.0.0.1:" + hostPort + ": ";
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", hostPort),
                        (int) deadline.budget(CONNECT_TIMEOUT, MIN_TIMEOUT).toMillis());
            } catch (IOException e) {
                return new Side(false, where + Texts.describe(e));
            }
            socket.setSoTimeout(PROXY_CLOSE_WAIT_MS);
            try {
                if (socket.getInputStream().read() < 0) {
                    return new Side(false, where + "accepted, then closed at once (nothing listens behind the published port)");
                }
            } catch (SocketTimeoutException e) {
                // Still open and waiting for us: a server is there.
            }
            return new Side(true, where + "connected");
        } catch (IOException e) {
            return new Side(false, where + Texts.describe(e));
        }
    }

    /**
     * Connects with bash's /dev/tcp; without bash, looks the port up in the kernel's listening sockets.
     */
    private Side fromContainer(CheckContext context) throws InterruptedException {
        String script = "if command -v bash >/dev/null 2>&1; then exec bash -c 'exec 3<>\"/dev/tcp/127.0.0.1/$1\"' tcp "
                + spec.port() + "; fi; echo '" + NO_BASH + "'; " + ListeningPorts.READ_TABLES;
        ExecResult result = context.shellAsRoot(script);
        String where = "inside the container to 127.0.0.1:" + spec.port() + ": ";
        if (result.stdout().startsWith(NO_BASH)) {
            boolean listening = ListeningPorts.parse(result.stdout()).contains(spec.port());
            return new Side(listening, where + (listening ? "listening (no bash to connect with)" : "nothing listens"));
        }
        if (result.succeeded()) {
            return new Side(true, where + "connected");
        }
        return new Side(false, where + connectError(result));
    }

    /** bash says {@code tcp: connect: Connection refused}; keep the reason. */
    private static String connectError(ExecResult result) {
        String first = result.output().strip().lines().findFirst().orElse("exit code " + result.exitCode());
        int reason = first.indexOf(CONNECT_PREFIX);
        return reason < 0 ? first : first.substring(reason + CONNECT_PREFIX.length()).toLowerCase(Locale.ROOT);
    }

    @Override
    public String expected() {
        return "a TCP connection to port " + spec.port() + " " + from();
    }

    @Override
    public String describe() {
        return "tcp " + spec.port() + " " + from();
    }

    private String from() {
        if (spec.fromHost() && spec.fromContainer()) {
            return "from the host and from inside the container";
        }
        return spec.fromHost() ? "from the host" : "from inside the container";
    }
}
