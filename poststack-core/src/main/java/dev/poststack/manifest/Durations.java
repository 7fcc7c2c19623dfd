package dev.poststack.manifest;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations written with units, largest first: {@code 250ms}, {@code 10s}, {@code 2m}, {@code 1m30s},
 * {@code 1h}. A bare number is refused, since nobody can tell whether {@code 10} meant seconds or milliseconds.
 */
final class Durations {

    private static final Pattern DURATION = Pattern.compile(
            "(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m(?!s))?(?:([0-9]{1,9})s)?(?:([0-9]{1,9})ms)?");
    private static final Pattern BARE_NUMBER = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");

    private Durations() {
    }

    /** The duration {@code text} stands for; empty when it is not one (a zero duration is one). */
    static Optional<Duration> parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofHours(number(m, 1)).plusMinutes(number(m, 2)).plusSeconds(number(m, 3))
                .plusMillis(number(m, 4)));
    }

    /** The positive duration under {@code key}; a bare number, another text or zero is reported. */
    static Optional<Duration> read(Section s, String key, String example) {
        return s.scalar(key, example).flatMap(v -> {
            Optional<Duration> duration = parse(v.text());
            if (BARE_NUMBER.matcher(v.text()).matches()) {
                s.problem(v.location(), "`" + s.path(key) + "` `" + v.text() + "` has no unit",
                        "add one, e.g. " + key + ": " + v.text() + "s (units: ms, s, m, h)");
            } else if (duration.isEmpty()) {
                s.problem(v.location(), "`" + s.path(key) + "` `" + v.text() + "` is not a duration",
                        "write it like 250ms, 10s, 2m or 1m30s");
            } else if (duration.get().isZero()) {
                s.problem(v.location(), "`" + s.path(key) + "` must be longer than zero",
                        "write e.g. " + key + ": " + example);
                return Optional.empty();
            }
            return duration;
        });
    }

    private static long number(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}
