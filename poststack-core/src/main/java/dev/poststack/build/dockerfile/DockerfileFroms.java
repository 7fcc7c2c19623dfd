package dev.poststack.build.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code FROM} lines of a Dockerfile and pins those naming manifest images to exact image ids,
 * so a build uses the image this run just built and never a remote or stale one.
 */
public final class DockerfileFroms {

    private static final Pattern FROM = Pattern.compile(
            "^(\\s*FROM\\s+(?:--\\S+\\s+)*)(\\S+)(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern STAGE_NAME = Pattern.compile("\\s+AS\\s+(\\S+)", Pattern.CASE_INSENSITIVE);

    /** One {@code FROM} line: its 1-based line number, the image it names and its stage name, if any. */
    public record From(int line, String image, String stage) {
    }

    private final List<String> lines;
    private final List<From> froms;

    private DockerfileFroms(String text) {
        this.lines = List.of(text.split("\n", -1));
        this.froms = parse(lines);
    }

    public static DockerfileFroms parse(String text) {
        return new DockerfileFroms(text);
    }

    public List<From> froms() {
        return froms;
    }

    /**
     * Images named by {@code FROM} lines that are neither earlier stages nor {@code scratch}: the images
     * the build needs from the engine.
     */
    public List<From> externalImages() {
        Set<String> stages = new HashSet<>();
        List<From> result = new ArrayList<>();
        for (From from : froms) {
            String image = from.image().toLowerCase(Locale.ROOT);
            if (!stages.contains(image) && !image.equals("scratch")) {
                result.add(from);
            }
            if (from.stage() != null) {
                stages.add(from.stage().toLowerCase(Locale.ROOT));
            }
        }
        return result;
    }

    /**
     * The Dockerfile with each external {@code FROM} image found in {@code pins} (keyed by the name as
     * written) replaced by its pinned value; everything else, including line numbers, unchanged.
     */
    public String pinned(Map<String, String> pins) {
        List<String> out = new ArrayList<>(lines);
        for (From from : externalImages()) {
            String pin = pins.get(from.image());
            if (pin != null) {
                Matcher m = FROM.matcher(out.get(from.line() - 1));
                if (m.matches()) {
                    out.set(from.line() - 1, m.group(1) + pin + m.group(3));
                }
            }
        }
        return String.join("\n", out);
    }

    private static List<From> parse(List<String> lines) {
        List<From> result = new ArrayList<>();
        boolean continued = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            // A FROM is never the continuation of a previous instruction.
            if (!continued && !line.stripLeading().startsWith("#")) {
                Matcher m = FROM.matcher(line);
                if (m.matches()) {
                    Matcher stage = STAGE_NAME.matcher(m.group(3));
                    result.add(new From(i + 1, m.group(2), stage.find() ? stage.group(1) : null));
                }
            }
            continued = line.stripTrailing().endsWith("\\");
        }
        return List.copyOf(result);
    }
}
