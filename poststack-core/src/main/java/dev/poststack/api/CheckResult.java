package dev.poststack.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one check of a service ended. Made by poststack's runner; built with {@link #builder()}, so that a
 * field added later breaks no caller.
 */
public final class CheckResult {

    private final String service;
    private final String kind;
    private final String check;
    private final CheckPhase phase;
    private final String declaredAt;
    private final String expected;
    private final String seen;
    private final boolean passed;
    private final Duration took;
    private final int attempts;
    private final Optional<String> lastError;
    private final OptionalInt exitCode;
    private final List<String> logTail;

    private CheckResult(Builder b) {
        service = Objects.requireNonNull(b.service, "service");
        kind = Objects.requireNonNull(b.kind, "kind");
        check = Objects.requireNonNull(b.check, "check");
        phase = Objects.requireNonNull(b.phase, "phase");
        declaredAt = Objects.requireNonNull(b.declaredAt, "declaredAt");
        expected = Objects.requireNonNull(b.expected, "expected");
        seen = Objects.requireNonNull(b.seen, "seen");
        passed = b.passed;
        took = Objects.requireNonNull(b.took, "took");
        attempts = b.attempts;
        lastError = Objects.requireNonNull(b.lastError, "lastError");
        exitCode = Objects.requireNonNull(b.exitCode, "exitCode");
        logTail = List.copyOf(b.logTail);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this result's fields, to derive another from it. */
    public Builder toBuilder() {
        return new Builder().service(service).kind(kind).check(check).phase(phase).declaredAt(declaredAt)
                .expected(expected).seen(seen).passed(passed).took(took).attempts(attempts)
                .lastError(lastError.orElse(null)).exitCode(exitCode).logTail(logTail);
    }

    /** The service checked. */
    public String service() {
        return service;
    }

    /** The check's manifest keyword ({@code tcp}, {@code sql}, {@code file}, ...). */
    public String kind() {
        return kind;
    }

    /** What was checked, e.g. {@code sql: select 1} or {@code file /var/lib/postgresql/data}. */
    public String check() {
        return check;
    }

    public CheckPhase phase() {
        return phase;
    }

    /** Where the check was declared ({@code file:line:column}). */
    public String declaredAt() {
        return declaredAt;
    }

    /** What would pass, in words. */
    public String expected() {
        return expected;
    }

    /** What the last attempt saw. */
    public String seen() {
        return seen;
    }

    public boolean passed() {
        return passed;
    }

    /** From the first attempt until it passed or gave up. */
    public Duration took() {
        return took;
    }

    public int attempts() {
        return attempts;
    }

    /** The last attempt's error, when it had one. */
    public Optional<String> lastError() {
        return lastError;
    }

    /** The container's exit code when it died during the check. */
    public OptionalInt exitCode() {
        return exitCode;
    }

    /** The container's last output lines, kept when the check failed. */
    public List<String> logTail() {
        return logTail;
    }

    /**
     * The whole story of a failed check: which service and check, expected against seen, the last error,
     * the exit code and the last log lines.
     */
    public String failureMessage() {
        StringBuilder text = new StringBuilder();
        text.append("service `").append(service).append("`: ").append(phase).append(" check `").append(check)
                .append("` (").append(declaredAt).append(") failed after ").append(Durations.format(took))
                .append(" and ").append(attempts).append(attempts == 1 ? " attempt" : " attempts").append('\n')
                .append("  expected: ").append(expected).append('\n')
                .append("  seen:     ").append(seen);
        lastError.ifPresent(e -> text.append('\n').append("  last error: ").append(e));
        exitCode.ifPresent(c -> text.append('\n').append("  the container exited with code ").append(c));
        if (!logTail.isEmpty()) {
            text.append('\n').append("  last ").append(logTail.size()).append(" log lines:");
            logTail.forEach(line -> text.append('\n').append("    | ").append(line));
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CheckResult r && passed == r.passed && attempts == r.attempts
                && service.equals(r.service) && kind.equals(r.kind) && check.equals(r.check) && phase == r.phase
                && declaredAt.equals(r.declaredAt) && expected.equals(r.expected) && seen.equals(r.seen)
                && took.equals(r.took) && lastError.equals(r.lastError) && exitCode.equals(r.exitCode)
                && logTail.equals(r.logTail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, kind, check, phase, declaredAt, expected, seen, passed, took, attempts,
                lastError, exitCode, logTail);
    }

    @Override
    public String toString() {
        return "CheckResult[" + service + " " + phase + " " + check + " " + (passed ? "passed" : "failed")
                + " after " + attempts + " attempt(s): " + seen + "]";
    }

    /**
     * Collects a result's fields. {@code service}, {@code kind}, {@code check}, {@code phase},
     * {@code declaredAt}, {@code expected} and {@code seen} are required; the others default to a single
     * failed attempt that took no time, no error, no exit code and no log lines.
     */
    public static final class Builder {

        private String service;
        private String kind;
        private String check;
        private CheckPhase phase;
        private String declaredAt;
        private String expected;
        private String seen;
        private boolean passed;
        private Duration took = Duration.ZERO;
        private int attempts = 1;
        private Optional<String> lastError = Optional.empty();
        private OptionalInt exitCode = OptionalInt.empty();
        private List<String> logTail = List.of();

        private Builder() {
        }

        public Builder service(String value) {
            service = value;
            return this;
        }

        public Builder kind(String value) {
            kind = value;
            return this;
        }

        public Builder check(String value) {
            check = value;
            return this;
        }

        public Builder phase(CheckPhase value) {
            phase = value;
            return this;
        }

        public Builder declaredAt(String value) {
            declaredAt = value;
            return this;
        }

        public Builder expected(String value) {
            expected = value;
            return this;
        }

        public Builder seen(String value) {
            seen = value;
            return this;
        }

        public Builder passed(boolean value) {
            passed = value;
            return this;
        }

        public Builder took(Duration value) {
            took = value;
            return this;
        }

        public Builder attempts(int value) {
            attempts = value;
            return this;
        }

        /** The last attempt's error; {@code null} for none. */
        public Builder lastError(String value) {
            lastError = Optional.ofNullable(value);
            return this;
        }

        public Builder exitCode(OptionalInt value) {
            exitCode = value;
            return this;
        }

        public Builder logTail(List<String> value) {
            logTail = value;
            return this;
        }

        /** @throws NullPointerException naming the first required field not given */
        public CheckResult build() {
            return new CheckResult(this);
        }
    }
}
