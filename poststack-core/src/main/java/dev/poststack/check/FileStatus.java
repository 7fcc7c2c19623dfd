package dev.poststack.check;

import java.util.Optional;

/**
 * A path's type, mode and owner as {@code stat -c '%F|%a|%U|%G|%u|%g'} prints them.
 *
 * @param type  {@code regular file}, {@code regular empty file}, {@code directory}, ...
 * @param mode  octal permission bits without leading zeros, e.g. {@code 600}
 * @param user  the owner's name ({@code UNKNOWN} when the id has none)
 * @param group the group's name
 * @param uid   the owner's id
 * @param gid   the group's id
 */
record FileStatus(String type, String mode, String user, String group, int uid, int gid) {

    /** The {@code stat} format this record is parsed from. */
    static final String STAT_FORMAT = "%F|%a|%U|%G|%u|%g";

    static Optional<FileStatus> parse(String statLine) {
        String[] fields = statLine.strip().split("\\|", -1);
        if (fields.length != 6) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FileStatus(fields[0], withoutLeadingZeros(fields[1]), fields[2], fields[3],
                    Integer.parseInt(fields[4]), Integer.parseInt(fields[5])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code file} (regular, empty or not), {@code directory}, or stat's own word for other types. */
    boolean isOfType(String expected) {
        return switch (expected) {
            case "file" -> type.equals("regular file") || type.equals("regular empty file");
            case "directory" -> type.equals("directory");
            default -> type.equals(expected);
        };
    }

    /** Compares octal modes, so {@code 0600} and {@code 600} are the same. */
    boolean hasMode(String expected) {
        return mode.equals(withoutLeadingZeros(expected));
    }

    /** {@code user} or {@code user:group}, each by name or by number. */
    boolean isOwnedBy(String owner) {
        int colon = owner.indexOf(':');
        if (colon < 0) {
            return matches(owner, user, uid);
        }
        return matches(owner.substring(0, colon), user, uid) && matches(owner.substring(colon + 1), group, gid);
    }

    /** {@code regular file mode 600 owner postgres:postgres}. */
    String describe() {
        return type + " mode " + mode + " owner " + user + ":" + group;
    }

    private static boolean matches(String wanted, String name, int id) {
        return wanted.equals(name) || wanted.equals(Integer.toString(id));
    }

    private static String withoutLeadingZeros(String octal) {
        String stripped = octal.strip().replaceFirst("^0+", "");
        return stripped.isEmpty() ? "0" : stripped;
    }
}
