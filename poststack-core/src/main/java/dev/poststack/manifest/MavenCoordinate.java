package dev.poststack.manifest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Maven artifact {@code groupId:artifactId[:extension[:classifier]]:version}. */
public record MavenCoordinate(String groupId, String artifactId, String extension, Optional<String> classifier,
                              String version) {

    private static final String ID = "[A-Za-z0-9_.\\-]+";
    private static final Pattern FORM = Pattern.compile(
            "(" + ID + "):(" + ID + ")(?::(" + ID + "))?(?::(" + ID + "))?:(" + ID + ")");

    /**
     * Parses {@code g:a:v}, {@code g:a:ext:v} or {@code g:a:ext:classifier:v}.
     *
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static MavenCoordinate parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Maven coordinate"
                    + " (expected groupId:artifactId:version, e.g. org.postgresql:postgresql:42.7.8)");
        }
        return new MavenCoordinate(m.group(1), m.group(2), m.group(3) == null ? "jar" : m.group(3),
                Optional.ofNullable(m.group(4)), m.group(5));
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + extension + classifier.map(c -> ":" + c).orElse("") + ":" + version;
    }
}
