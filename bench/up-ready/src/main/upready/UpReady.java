package upready;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Time from "start the database" to "ready" for poststack ({@code Poststack.up}) and Testcontainers
 * ({@code GenericContainer.start} with a log-message wait), on the same image, in the same JVM, measured
 * the same way: a poller thread runs a JDBC {@code select 1} against the published 127.0.0.1 port every
 * few milliseconds from the moment the port is known, so each round also says when the first query could
 * succeed. See bench/README.md.
 * <p>
 * Settings (system properties): {@code bench.rounds} (5), {@code bench.warmup} (1 round per side, not
 * counted), {@code bench.poll.ms} (5), {@code bench.sides} ("poststack testcontainers"),
 * {@code bench.cp.<side>} (the side's class path), {@code bench.raw} and {@code bench.events} (output files);
 * the sides read {@code bench.manifest}, {@code bench.image}, {@code bench.label}.
 */
public final class UpReady {

    private static final Duration FIRST_QUERY_LIMIT = Duration.ofSeconds(120);

    private UpReady() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        int warmup = Integer.getInteger("bench.warmup", 1);
        long pollMs = Long.getLong("bench.poll.ms", 5);
        List<String> sideNames = List.of(System.getProperty("bench.sides", "poststack testcontainers").trim()
                .split("\\s+"));
        Path raw = Path.of(System.getProperty("bench.raw", "raw.txt"));
        Path events = Path.of(System.getProperty("bench.events", "events.txt"));
        Files.writeString(raw, "# side round open_ms started_ms port_ms first_query_ms first_query_end_ms attempts"
                + " health_ms ready_ms returned_ms lag_ms\n", StandardCharsets.UTF_8);
        Files.writeString(events, "# side round event ms_since_start_call\n", StandardCharsets.UTF_8);

        Map<String, Side> sides = new LinkedHashMap<>();
        try {
            for (String name : sideNames) {
                sides.put(name, load(name));
            }
            for (int round = 1 - warmup; round <= rounds; round++) {
                // Alternate which side goes first; warm-up rounds are numbered 0, -1, ...
                List<String> order = new ArrayList<>(sideNames);
                if (Math.floorMod(round, 2) == 0) {
                    java.util.Collections.reverse(order);
                }
                for (String name : order) {
                    Result result = runRound(sides.get(name), pollMs);
                    String label = round <= 0 ? "warmup" : Integer.toString(round);
                    if (round > 0) {
                        append(raw, name + " " + round + " " + result.rawLine() + "\n");
                    }
                    StringBuilder ev = new StringBuilder();
                    result.events().forEach((event, ms) -> ev.append(name).append(' ').append(label).append(' ')
                            .append(event.replace(' ', '~')).append(' ').append(fmt(ms)).append('\n'));
                    append(events, ev.toString());
                    System.err.printf(Locale.ROOT, "  %-7s %-15s %s%n", label, name, result.summary());
                }
            }
        } finally {
            for (Side side : sides.values()) {
                try {
                    side.close();
                } catch (Exception e) {
                    System.err.println("closing " + side.name() + ": " + e);
                }
            }
        }
    }

    /** The side's implementation in a class loader of its own, whose parent holds only this program. */
    private static Side load(String name) throws Exception {
        String classPath = System.getProperty("bench.cp." + name);
        if (classPath == null) {
            throw new IllegalArgumentException("no class path for side " + name + " (bench.cp." + name + ")");
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        URLClassLoader loader = new URLClassLoader("side-" + name, urls.toArray(URL[]::new),
                UpReady.class.getClassLoader());
        String className = switch (name) {
            case "poststack" -> "upready.PoststackSide";
            case "testcontainers" -> "upready.TestcontainersSide";
            case "tc-network" -> "upready.TestcontainersNetworkSide";
            default -> throw new IllegalArgumentException("unknown side " + name);
        };
        Thread.currentThread().setContextClassLoader(loader);
        return (Side) Class.forName(className, true, loader).getConstructor().newInstance();
    }

    private static Result runRound(Side side, long pollMs) throws Exception {
        Thread.currentThread().setContextClassLoader(side.getClass().getClassLoader());
        side.reset();
        Round round = new Round(pollMs);
        try {
            round.begin();
            side.start(round);
            round.mark("returned");
            round.mark("ready");
            Instant startedAt = side.containerStartedAt();
            round.awaitFirstQuery();
            return round.result(startedAt);
        } finally {
            round.stopPoller();
            side.stop();
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    static String fmt(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.1f", ms);
    }

    /** One side's round: its marks and the first-query poller. */
    private static final class Round implements Marks {

        private final long pollMs;
        private final Map<String, Long> marks = new ConcurrentHashMap<>();
        private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean polling = new AtomicBoolean();
        private final AtomicBoolean stop = new AtomicBoolean();
        private volatile Thread poller;
        private volatile long firstOkStart = -1;
        private volatile long firstOkEnd = -1;
        private volatile int attempts;
        private volatile Exception lastError;
        private long t0;
        private Instant wall0;

        Round(long pollMs) {
            this.pollMs = pollMs;
        }

        void begin() {
            wall0 = Instant.now();
            t0 = System.nanoTime();
        }

        @Override
        public void mark(String event) {
            if (marks.putIfAbsent(event, System.nanoTime()) == null) {
                order.add(event);
            }
        }

        @Override
        public void port(int hostPort, String user, String password) {
            mark("port");
            if (!polling.compareAndSet(false, true)) {
                return;
            }
            Thread thread = new Thread(() -> poll(hostPort, user, password), "first-query-poller");
            thread.setDaemon(true);
            poller = thread;
            thread.start();
        }

        private void poll(int port, String user, String password) {
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", password);
            props.setProperty("connectTimeout", "2");
            props.setProperty("socketTimeout", "2");
            props.setProperty("sslmode", "disable");
            props.setProperty("gssEncMode", "disable");
            props.setProperty("ApplicationName", "bench first-query poller");
            long limit = System.nanoTime() + FIRST_QUERY_LIMIT.toNanos();
            while (!stop.get() && System.nanoTime() < limit) {
                long began = System.nanoTime();
                attempts++;
                try (Connection c = DriverManager.getConnection(url, props);
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select 1")) {
                    if (rs.next() && rs.getInt(1) == 1) {
                        firstOkEnd = System.nanoTime();
                        firstOkStart = began;
                        return;
                    }
                } catch (Exception e) {
                    lastError = e;
                }
                try {
                    Thread.sleep(pollMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void awaitFirstQuery() throws InterruptedException {
            Thread thread = poller;
            if (thread == null) {
                throw new IllegalStateException("the side never reported its port");
            }
            thread.join(FIRST_QUERY_LIMIT.toMillis());
            if (firstOkStart < 0) {
                throw new IllegalStateException("no query succeeded after " + attempts + " attempts; last error: "
                        + lastError);
            }
        }

        void stopPoller() throws InterruptedException {
            stop.set(true);
            Thread thread = poller;
            if (thread != null) {
                thread.join(5000);
            }
        }

        private double ms(long nanos) {
            return nanos < 0 ? Double.NaN : (nanos - t0) / 1e6;
        }

        private double mark(String event, double orElse) {
            Long at = marks.get(event);
            return at == null ? orElse : ms(at);
        }

        Result result(Instant startedAt) {
            Map<String, Double> events = new LinkedHashMap<>();
            events.put("container_started_at", startedAt == null ? Double.NaN
                    : Duration.between(wall0, startedAt).toNanos() / 1e6);
            synchronized (order) {
                for (String event : order) {
                    events.put(event, ms(marks.get(event)));
                }
            }
            events.put("first_query", ms(firstOkStart));
            events.put("first_query_end", ms(firstOkEnd));
            double health = Double.NaN;
            for (String event : order) {
                if (event.startsWith("check health ")) {
                    health = ms(marks.get(event));
                    break;
                }
            }
            return new Result(mark("call", Double.NaN), events.get("container_started_at"), mark("port", Double.NaN),
                    ms(firstOkStart), ms(firstOkEnd), attempts, health, mark("ready", Double.NaN),
                    mark("returned", Double.NaN), events);
        }
    }

    private record Result(double open, double started, double port, double firstQuery, double firstQueryEnd,
                          int attempts, double health, double ready, double returned, Map<String, Double> events) {

        double lag() {
            return ready - firstQuery;
        }

        String rawLine() {
            return String.join(" ", fmt(open), fmt(started), fmt(port), fmt(firstQuery), fmt(firstQueryEnd),
                    Integer.toString(attempts), fmt(health), fmt(ready), fmt(returned), fmt(lag()));
        }

        String summary() {
            return String.format(Locale.ROOT, "ready %7s ms  container started %6s  first query %7s (+%s)  lag %6s",
                    fmt(ready), fmt(started), fmt(firstQuery), fmt(firstQueryEnd - firstQuery), fmt(lag()))
                    + (Double.isNaN(health) ? "" : "  health check passed " + fmt(health));
        }
    }
}
