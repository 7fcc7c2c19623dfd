package dev.poststack.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one check of a service ended.
 *
 * @param service   the service checked
 * @param kind      the check's manifest keyword ({@code tcp}, {@code sql}, {@code file}, ...)
 * @param check     what was checked, e.g. {@code sql: select 1} or {@code file /var/lib/postgresql/data}
 * @param phase     {@code health} or {@code verify}
 * @param declaredAt where the check was declared ({@code file:line:column})
 * @param expected  what would pass, in words
 * @param seen      what the last attempt saw
 * @param passed    whether the check passed
 * @param took      from the first attempt until it passed or gave up
 * @param attempts  how many attempts were made
 * @param lastError the last attempt's error, when it had one
 * @param exitCode  the container's exit code when it died during the check
 * @param logTail   the container's last output lines, kept when the check failed
 */
public record CheckResult(String service, String kind, String check, String phase, String declaredAt,
                          String expected, String seen, boolean passed, Duration took, int attempts,
                          Optional<String> lastError, OptionalInt exitCode, List<String> logTail) {

    public CheckResult {
        logTail = List.copyOf(logTail);
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
}
