package dev.poststack.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One check of a service, as declared under {@code health:} (waited on until it passes or times out) or
 * {@code verify:} (side effects, retried the same way). Every check has its {@link Timing}.
 */
public sealed interface CheckSpec {

    Timing timing();

    /** Where the check was declared; failure messages name it. */
    Location location();

    /** The manifest keyword: {@code tcp}, {@code sql}, ... */
    String kind();

    /**
     * How long a check is retried and how often.
     *
     * @param timeout     total time before the check fails
     * @param interval    the first wait between attempts
     * @param backoff     each wait is the previous one times this (at least 1)
     * @param maxInterval waits never exceed this
     */
    record Timing(Duration timeout, Duration interval, double backoff, Duration maxInterval) {
        /** 25 ms growing by half up to 100 ms: readiness is seen within 100 ms, polling stays cheap. */
        public static Timing defaults(Duration timeout) {
            return new Timing(timeout, Duration.ofMillis(25), 1.5, Duration.ofMillis(100));
        }
    }

    /** A TCP connection succeeds: from the host to the published port and/or from inside the container. */
    record Tcp(int port, boolean fromHost, boolean fromContainer, Timing timing, Location location)
            implements CheckSpec {
        public String kind() {
            return "tcp";
        }
    }

    /** A query through JDBC (as the service's database user) answers; with {@code expect}, its first value. */
    record Sql(String query, Optional<String> expect, Optional<String> database, Timing timing, Location location)
            implements CheckSpec {
        public String kind() {
            return "sql";
        }
    }

    /** An HTTP GET on the published port answers {@code status}; with {@code body}, a body matching it. */
    record Http(int port, String path, int status, Optional<Pattern> body, Timing timing, Location location)
            implements CheckSpec {
        public String kind() {
            return "http";
        }
    }

    /** The image's own HEALTHCHECK reports healthy. */
    record Healthcheck(Timing timing, Location location) implements CheckSpec {
        public String kind() {
            return "healthcheck";
        }
    }

    /** The container's output has at least {@code count} lines matching {@code pattern}. */
    record Log(Pattern pattern, int count, Timing timing, Location location) implements CheckSpec {
        public String kind() {
            return "log";
        }
    }

    /**
     * A command run inside the container exits with {@code exitCode}; with {@code output}, its output
     * matches. Declared as {@code exec} (health) or {@code command} (verify).
     */
    record Exec(String keyword, List<String> command, int exitCode, Optional<Pattern> output, Timing timing,
                Location location) implements CheckSpec {
        public Exec {
            command = List.copyOf(command);
        }

        public String kind() {
            return keyword;
        }
    }

    /**
     * A path exists in the container; optionally of a type ({@code file}, {@code directory}), an octal mode
     * ({@code "700"}) and an owner ({@code user}, {@code user:group} or numeric ids).
     */
    record File(String path, Optional<String> type, Optional<String> mode, Optional<String> owner, Timing timing,
                Location location) implements CheckSpec {
        public String kind() {
            return "file";
        }
    }

    /** A process whose name (comm) is {@code name} runs in the container, optionally as {@code user}. */
    record Process(String name, Optional<String> user, Timing timing, Location location) implements CheckSpec {
        public String kind() {
            return "process";
        }
    }

    /** Something listens on TCP {@code port} inside the container. */
    record Port(int port, Timing timing, Location location) implements CheckSpec {
        public String kind() {
            return "port";
        }
    }

    /**
     * A PostgreSQL extension is installed on the server (available to CREATE EXTENSION), optionally at
     * {@code version} (its default or installed version).
     */
    record Extension(String name, Optional<String> version, Optional<String> database, Timing timing,
                     Location location) implements CheckSpec {
        public String kind() {
            return "extension";
        }
    }

    /** A PostgreSQL setting ({@code SHOW name}) has {@code value}. */
    record Setting(String name, String value, Timing timing, Location location) implements CheckSpec {
        public String kind() {
            return "setting";
        }
    }
}
