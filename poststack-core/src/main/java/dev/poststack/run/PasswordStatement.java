package dev.poststack.run;

import org.postgresql.util.PasswordUtil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one line of SQL that gives roles new passwords, in one transaction: the superuser's (which must exist) and
 * others' when they exist, then the names of the roles it changed, one a line. Each password is sent as its
 * SCRAM-SHA-256 verifier (pgjdbc's {@link PasswordUtil}), computed here, so the password itself never reaches
 * the server, its log or {@code pg_stat_activity}; the line is written to psql's standard input only.
 */
final class PasswordStatement {

    /** Dollar quotes of the conditional part; a role name holding them is refused. */
    private static final String BODY_QUOTE = "$poststack$";
    private static final Pattern VERIFIER = Pattern.compile("SCRAM-SHA-256\\$[^'\\s]*");

    private final String superuser;
    private final Map<String, String> verifiers;

    private PasswordStatement(String superuser, Map<String, String> verifiers) {
        this.superuser = superuser;
        this.verifiers = verifiers;
    }

    /**
     * @param passwords each role's new password, the superuser's first; a fresh salt is drawn for each
     */
    static PasswordStatement of(String superuser, Map<String, String> passwords) {
        Map<String, String> verifiers = new LinkedHashMap<>();
        passwords.forEach((role, password) -> verifiers.put(role, PasswordUtil.encodeScramSha256(password.toCharArray())));
        return withVerifiers(superuser, verifiers);
    }

    /** @param verifiers each role's password verifier as the server stores it, the superuser's among them */
    static PasswordStatement withVerifiers(String superuser, Map<String, String> verifiers) {
        if (!verifiers.containsKey(superuser)) {
            throw new IllegalArgumentException("no password for the superuser `" + superuser + "`");
        }
        for (String role : verifiers.keySet()) {
            if (role.contains(BODY_QUOTE) || role.contains("\0")) {
                throw new IllegalArgumentException("role name `" + role + "` cannot be used");
            }
        }
        return new PasswordStatement(superuser, new LinkedHashMap<>(verifiers));
    }

    /** The roles whose passwords it sets (when they exist), the superuser first. */
    List<String> roles() {
        List<String> roles = new ArrayList<>();
        roles.add(superuser);
        verifiers.keySet().stream().filter(r -> !r.equals(superuser)).forEach(roles::add);
        return roles;
    }

    /** The statement, one line ending in a newline. */
    String line() {
        StringBuilder sql = new StringBuilder("BEGIN; ");
        sql.append(alter(superuser)).append(' ');
        for (String role : roles().subList(1, roles().size())) {
            // Another role (the schema's owner) may not have been created yet: then it is left out, not an error.
            sql.append("DO ").append(BODY_QUOTE).append(" BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = ")
                    .append(literal(role)).append(") THEN ").append(alter(role)).append(" END IF; END ")
                    .append(BODY_QUOTE).append("; ");
        }
        sql.append("SELECT rolname FROM pg_roles WHERE rolname IN (")
                .append(String.join(", ", roles().stream().map(PasswordStatement::literal).toList()))
                .append(") ORDER BY rolname; COMMIT;\n");
        return sql.toString();
    }

    private String alter(String role) {
        return "ALTER ROLE " + identifier(role) + " PASSWORD " + literal(verifiers.get(role)) + ";";
    }

    /** The roles psql printed (one a line, unaligned, tuples only) that it changed. */
    List<String> changed(String psqlOutput) {
        List<String> printed = psqlOutput.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return roles().stream().filter(printed::contains).toList();
    }

    /** {@code text} with any password verifier replaced, for messages (psql may quote the statement in an error). */
    static String redacted(String text) {
        return VERIFIER.matcher(text).replaceAll("SCRAM-SHA-256\\$(hidden)");
    }

    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string constant; the server's standard_conforming_strings (on since PostgreSQL 9.1) keeps backslashes as they are. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
