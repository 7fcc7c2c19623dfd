package dev.poststack.manifest;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Pattern;

/** The textual rules values must follow (Docker reference grammar, Debian package names, modes, ports). */
final class Rules {

    /** One path component of a Docker repository name (distribution/reference grammar). */
    static final Pattern NAME_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*");
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    static final Pattern DEBIAN_PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    /** The names of secrets, dockerfile sources and jib layers. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    static final Pattern MODE = Pattern.compile("0?[0-7]{3}");
    static final Pattern OWNER = Pattern.compile("[0-9]+:[0-9]+");
    static final Pattern PORT = Pattern.compile("([0-9]{1,5})(?:/(tcp|udp))?");
    /** A DNS label: service names and network aliases. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    /** An unquoted PostgreSQL identifier, at most 63 bytes (longer ones are silently truncated by PostgreSQL). */
    static final Pattern SQL_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");
    static final int MAX_NAME_LENGTH = 128;
    static final int MIN_PORT = 1;
    static final int MAX_PORT = 65535;

    /** mmdebstrap's variants. */
    static final List<String> VARIANTS = List.of("extract", "custom", "essential", "apt", "required", "minbase",
            "buildd", "important", "debootstrap", "standard");

    private Rules() {
    }

    static boolean isImageName(String name) {
        return name.length() <= MAX_NAME_LENGTH && NAME_COMPONENT.matcher(name).matches();
    }

    /** Letters that lose nothing but their accent in NFKD and need spelling out instead. */
    private static final Map<String, String> SPELLED = Map.of("ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "đ", "d",
            "ł", "l", "þ", "th", "ı", "i");

    /**
     * {@code , e.g. `name`} with a name close to {@code name} that matches {@code valid}, for hints: accents
     * dropped ({@code bäse} becomes {@code base}), lowercased, characters outside {@code allowed} (a character class
     * body such as {@code a-z0-9._-}) turned into {@code -}, separators trimmed from both ends; nothing when no
     * valid name is left (a name of Chinese characters has no honest transliteration here).
     */
    static String example(String name, Pattern valid, String allowed, int maxLength) {
        String ascii = Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        for (Map.Entry<String, String> letter : SPELLED.entrySet()) {
            ascii = ascii.replace(letter.getKey(), letter.getValue());
        }
        String candidate = ascii.replaceAll("[^" + allowed + "]", "-").replaceAll("-{2,}", "-")
                .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        if (candidate.length() > maxLength) {
            candidate = candidate.substring(0, maxLength).replaceAll("[^a-z0-9]+$", "");
        }
        return !candidate.isEmpty() && valid.matcher(candidate).matches() ? ", e.g. `" + candidate + "`" : "";
    }

    static boolean isNamespace(String namespace) {
        for (String component : namespace.split("/", -1)) {
            if (!NAME_COMPONENT.matcher(component).matches()) {
                return false;
            }
        }
        return true;
    }

    static boolean isPort(String port) {
        var m = PORT.matcher(port);
        if (!m.matches()) {
            return false;
        }
        return isPortNumber(Integer.parseInt(m.group(1)));
    }

    static boolean isPortNumber(int number) {
        return number >= MIN_PORT && number <= MAX_PORT;
    }

    /** Reports {@code value} (of {@code key}) if it is not an absolute path; returns its text either way. */
    static String absolute(Section s, String key, YamlNode.Scalar value) {
        if (!value.text().startsWith("/")) {
            s.problem(value.location(), "`" + s.path(key) + "` `" + value.text() + "` is not an absolute path",
                    "start it with `/`, e.g. " + key + ": /" + value.text());
        }
        return value.text();
    }

    /** Reports {@code tag} if it is not a valid Docker tag. */
    static void checkTag(Section section, YamlNode.Scalar tag) {
        if (!TAG.matcher(tag.text()).matches()) {
            section.problem(tag.location(), "`" + section.path("tag") + "` `" + tag.text()
                    + "` is not a valid Docker tag", "use up to 128 letters, digits, `_`, `.` and `-`,"
                    + " not starting with `.` or `-` (e.g. 1.0 or latest)");
        }
    }
}
