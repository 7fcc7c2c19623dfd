package dev.poststack.check;

import dev.poststack.manifest.CheckSpec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;

/** An HTTP GET on the published port answers the status, and with {@code body}, a body the pattern finds. */
record HttpProbe(CheckSpec.Http spec) implements Probe {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(5);
    private static final Duration MIN_REQUEST_TIME = Duration.ofMillis(100);

    /** One client for every http check: each client has threads of its own. */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public Observation attempt(CheckContext context) throws IOException, InterruptedException {
        OptionalInt hostPort = context.target().hostPort(spec.port());
        if (hostPort.isEmpty()) {
            return CheckContext.notPublishedOnHost(spec.port());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort.getAsInt() + path()))
                .timeout(context.deadline().budget(MAX_REQUEST_TIME, MIN_REQUEST_TIME))
                .GET()
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        String seen = "HTTP " + response.statusCode() + " body " + Texts.quote(response.body());
        boolean passed = response.statusCode() == spec.status()
                && spec.body().map(pattern -> pattern.matcher(response.body()).find()).orElse(true);
        return passed ? Observation.passed(seen) : Observation.failed(seen);
    }

    private String path() {
        return spec.path().startsWith("/") ? spec.path() : "/" + spec.path();
    }

    @Override
    public String expected() {
        return "HTTP " + spec.status() + spec.body().map(p -> " with a body matching /" + p.pattern() + "/").orElse("");
    }

    @Override
    public String describe() {
        return "http GET :" + spec.port() + path();
    }
}
