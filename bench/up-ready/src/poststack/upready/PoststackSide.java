package upready;

import dev.poststack.Poststack;
import dev.poststack.api.RunEvent;
import dev.poststack.api.RunListener;
import dev.poststack.api.ServiceStatus;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * poststack's side: {@code Poststack.open(manifest).up(["db"])} on a copy of the project, with a fresh volume
 * every round ({@code down(true)} before). The database service's password is the project's generated
 * secret, read from {@code .poststack/secrets/} when the container has started.
 */
public final class PoststackSide implements Side {

    private static final String SERVICE = "db";
    private static final int DB_PORT = 5432;

    private final Path manifest = Path.of(System.getProperty("bench.manifest"));
    private Poststack current;

    @Override
    public String name() {
        return "poststack";
    }

    @Override
    public void reset() {
        try (Poststack p = Poststack.open(manifest)) {
            p.down(true, RunListener.none());
        }
    }

    @Override
    public void start(Marks marks) throws Exception {
        current = Poststack.open(manifest);
        marks.mark("call");
        current.up(List.of(SERVICE), event -> {
            if (event instanceof RunEvent.ServiceStarting) {
                marks.mark("starting");
            } else if (event instanceof RunEvent.ServiceStarted started) {
                marks.mark("started");
                marks.port(started.ports().get(DB_PORT), "postgres", password());
            } else if (event instanceof RunEvent.CheckFinished check) {
                marks.mark("check " + check.result().phase() + " " + check.result().check()
                        + (check.result().passed() ? "" : " FAILED"));
            } else if (event instanceof RunEvent.ServiceReady) {
                marks.mark("ready");
            } else if (event instanceof RunEvent.ServiceFailed failed) {
                System.err.println(failed.message());
            }
        });
    }

    private String password() {
        Path file = manifest.getParent().resolve(".poststack/secrets/db-password");
        try {
            return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Instant containerStartedAt() {
        return current.status().stream().filter(s -> s.service().equals(SERVICE)).findFirst()
                .flatMap(ServiceStatus::startedAt).orElse(null);
    }

    @Override
    public void stop() {
        if (current != null) {
            current.down(true, RunListener.none());
            current.close();
            current = null;
        }
    }

    @Override
    public void close() {
        reset();
    }
}
