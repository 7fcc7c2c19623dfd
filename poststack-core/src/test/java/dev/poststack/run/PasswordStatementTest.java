package dev.poststack.run;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PasswordUtil;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordStatementTest {

    private static final Pattern VERIFIER = Pattern.compile("SCRAM-SHA-256\\$(\\d+):([^$]+)\\$[^']+");

    private static Map<String, String> passwords(String... roleAndPassword) {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (int i = 0; i < roleAndPassword.length; i += 2) {
            passwords.put(roleAndPassword[i], roleAndPassword[i + 1]);
        }
        return passwords;
    }

    @Test
    void setsTheSuperusersPasswordAsAScramVerifierOfItInOneTransactionOnOneLine() {
        String password = "s3cret-Value/with+chars";
        String line = PasswordStatement.of("postgres", passwords("postgres", password)).line();

        assertThat(line).startsWith("BEGIN; ALTER ROLE \"postgres\" PASSWORD 'SCRAM-SHA-256$")
                .endsWith(" ORDER BY rolname; COMMIT;\n").doesNotContain(password);
        assertThat(line.indexOf('\n')).as("psql reads one line").isEqualTo(line.length() - 1);
        Matcher verifier = VERIFIER.matcher(line);
        assertThat(verifier.find()).isTrue();
        // The verifier is the password's: the same password, iterations and salt give the same verifier.
        String again = PasswordUtil.encodeScramSha256(password.toCharArray(), Integer.parseInt(verifier.group(1)),
                Base64.getDecoder().decode(verifier.group(2)));
        assertThat(verifier.group()).isEqualTo(again);
        assertThat(PasswordUtil.encodeScramSha256("another".toCharArray(), Integer.parseInt(verifier.group(1)),
                Base64.getDecoder().decode(verifier.group(2)))).isNotEqualTo(verifier.group());
    }

    @Test
    void setsOtherRolesOnlyWhenTheyExistAndListsTheRolesItChanged() {
        PasswordStatement statement = PasswordStatement.withVerifiers("postgres",
                passwords("postgres", "SCRAM-SHA-256$4096:c2FsdA==$a:b", "app", "SCRAM-SHA-256$4096:c2FsdB==$c:d"));

        assertThat(statement.roles()).containsExactly("postgres", "app");
        assertThat(statement.line()).isEqualTo("BEGIN; ALTER ROLE \"postgres\" PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a:b';"
                + " DO $poststack$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN"
                + " ALTER ROLE \"app\" PASSWORD 'SCRAM-SHA-256$4096:c2FsdB==$c:d'; END IF; END $poststack$;"
                + " SELECT rolname FROM pg_roles WHERE rolname IN ('postgres', 'app') ORDER BY rolname; COMMIT;\n");
        assertThat(statement.changed("app\npostgres\n")).containsExactly("postgres", "app");
        assertThat(statement.changed("postgres\n")).containsExactly("postgres");
    }

    @Test
    void quotesRoleNamesAndConstants() {
        String line = PasswordStatement.withVerifiers("we\"ird", passwords("we\"ird", "v", "o'brien", "w")).line();

        assertThat(line).contains("ALTER ROLE \"we\"\"ird\" PASSWORD 'v';").contains("rolname = 'o''brien'")
                .contains("ALTER ROLE \"o'brien\" PASSWORD 'w';");
        assertThatThrownBy(() -> PasswordStatement.withVerifiers("a$poststack$b", passwords("a$poststack$b", "v")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordStatement.withVerifiers("postgres", passwords("app", "v")))
                .hasMessageContaining("superuser `postgres`");
    }

    @Test
    void messagesNeverShowAVerifier() {
        String psqlError = "ERROR:  syntax error at or near \"x\"\nLINE 1: BEGIN; ALTER ROLE \"postgres\" PASSWORD"
                + " 'SCRAM-SHA-256$4096:c2FsdA==$a+/=:b+/=' x;";

        assertThat(PasswordStatement.redacted(psqlError)).doesNotContain("c2FsdA").doesNotContain("a+/=")
                .contains("SCRAM-SHA-256$(hidden)").contains("syntax error");
    }
}
