package dev.poststack.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium}, headless, driven over the DevTools protocol with the JDK's WebSocket client:
 * opens a page, records its console messages, exceptions and network requests, evaluates script in it and
 * takes screenshots. The browser listens on 127.0.0.1 only, on a port it picks itself.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private String session;

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts a browser with a fresh profile that never reaches the network on its own. */
    static HeadlessChromium start() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("poststack-chromium-");
        Process process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        // Chromium writes the port it picked, and the browser's WebSocket path, into the profile.
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(profile.resolve("chromium.log"));
                process.destroyForcibly();
                throw new IllegalStateException("chromium did not start its DevTools endpoint:\n" + log);
            }
            Thread.sleep(50);
        }
        List<String> port = Files.readAllLines(portFile);
        URI endpoint = URI.create("ws://127.0.0.1:" + port.get(0).strip() + port.get(1).strip());
        Listener listener = new Listener();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(endpoint, listener).join();
        HeadlessChromium browser = new HeadlessChromium(process, profile, socket);
        listener.onMessage = browser::received;
        browser.openPage();
        return browser;
    }

    private void openPage() {
        String target = browserCall("Target.createTarget", JSON.createObjectNode().put("url", "about:blank"))
                .get("targetId").asText();
        session = browserCall("Target.attachToTarget", JSON.createObjectNode().put("targetId", target)
                .put("flatten", true)).get("sessionId").asText();
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            call(domain + ".enable", JSON.createObjectNode());
        }
        call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", 1280).put("height", 900)
                .put("deviceScaleFactor", 1).put("mobile", false));
    }

    /** Opens {@code file} and waits for its load event; events recorded so far are dropped. */
    void open(Path file) throws InterruptedException {
        events.clear();
        call("Page.navigate", JSON.createObjectNode().put("url", file.toUri().toString()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (events.stream().noneMatch(event -> "Page.loadEventFired".equals(event.path("method").asText()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the page did not load: " + file);
            }
            Thread.sleep(20);
        }
    }

    /** Console errors and warnings, uncaught exceptions and browser log errors (CSP violations among them). */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode params = event.path("params");
            switch (event.path("method").asText()) {
                case "Runtime.consoleAPICalled" -> {
                    String type = params.path("type").asText();
                    if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                        problems.add("console." + type + ": " + params.path("args"));
                    }
                }
                case "Runtime.exceptionThrown" -> problems.add("exception: " + params.path("exceptionDetails"));
                case "Log.entryAdded" -> {
                    String level = params.path("entry").path("level").asText();
                    if (level.equals("error") || level.equals("warning")) {
                        problems.add("log." + level + ": " + params.path("entry").path("text").asText());
                    }
                }
                default -> { }
            }
        }
        return problems;
    }

    /** The URL of every request the page made. */
    List<String> requests() {
        return events.stream().filter(event -> "Network.requestWillBeSent".equals(event.path("method").asText()))
                .map(event -> event.path("params").path("request").path("url").asText()).toList();
    }

    /** Evaluates {@code expression} in the page and returns its value as JSON. */
    JsonNode evaluate(String expression) {
        JsonNode result = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the whole page. */
    void screenshot(Path png) throws IOException {
        JsonNode shot = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            browserCall("Browser.close", JSON.createObjectNode());
        } catch (RuntimeException e) {
            // Already gone; the process is ended below either way.
        }
        socket.abort();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private JsonNode call(String method, ObjectNode params) {
        return send(method, params, session);
    }

    private JsonNode browserCall(String method, ObjectNode params) {
        return send(method, params, null);
    }

    private JsonNode send(String method, ObjectNode params, String sessionId) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        synchronized (socket) {
            socket.sendText(message.toString(), true).join();
        }
        JsonNode answer = reply.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
                if (reply != null) {
                    reply.complete(message);
                }
            } else {
                events.add(message);
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable DevTools message: " + text, e);
        }
    }

    /** Joins a message's fragments and hands each whole message on. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile Consumer<String> onMessage = text -> { };

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage.accept(text);
            }
            webSocket.request(1);
            return null;
        }
    }
}
