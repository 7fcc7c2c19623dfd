package dev.poststack.schema;

import dev.poststack.api.DatabaseTls;
import dev.poststack.api.SchemaOptions;
import dev.poststack.manifest.Location;
import dev.poststack.manifest.SchemaSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LiquibaseInvocationTest {

    private static final SchemaSpec SPEC = new SchemaSpec("liquibase", "db", "app", "app", "app-password",
            Path.of("/project/liquibase"), "changelog.yaml", "/liquibase/changelog", Location.of(Path.of("images.yaml"), 1, 1));

    @Test
    void thePasswordIsOnlyInTheDefaultsFileNeverAnArgument() {
        LiquibaseInvocation invocation = LiquibaseInvocation.of("update", SPEC, "jdbc:postgresql://db:5432/app",
                "postgres", "pa:ss=word#1", SchemaOptions.defaults());

        assertThat(String.join(" ", invocation.arguments())).doesNotContain("pa:ss").doesNotContain("password");
        assertThat(invocation.arguments()).startsWith("--defaults-file=/run/secrets/liquibase.properties")
                .endsWith("update");
        assertThat(invocation.secretFiles().get("liquibase.properties"))
                .contains("password: pa\\:ss\\=word\\#1\n", "url: jdbc\\:postgresql\\://db\\:5432/app\n",
                        "search-path: /liquibase/changelog\n", "changelog-file: changelog.yaml\n");
    }

    @Test
    void contextsAndLabelsPassThroughAfterTheCommand() {
        List<String> args = LiquibaseInvocation.of("update-sql", SPEC, "u", "postgres", "p",
                SchemaOptions.defaults().contexts("test,dev").labels("!slow")).arguments();
        assertThat(args.subList(args.indexOf("update-sql"), args.size()))
                .containsExactly("update-sql", "--contexts=test,dev", "--label-filter=!slow");
    }

    @Test
    void overTlsTheUrlCarriesTheSslModeAndTheCaIsCopiedInNotReferencedOnTheHost() {
        LiquibaseInvocation invocation = LiquibaseInvocation.of("update", SPEC,
                        "jdbc:postgresql://db:5432/app?options=-c%20role%3Dapp", "postgres", "p", SchemaOptions.defaults())
                .withTls(Optional.of(DatabaseTls.verifyFull(Path.of("/project/tls/ca.crt"))), ca -> "PEM of " + ca);

        assertThat(invocation.secretFiles()).containsEntry("poststack-tls-ca.crt", "PEM of /project/tls/ca.crt");
        assertThat(invocation.secretFiles().get("liquibase.properties")).contains("url: jdbc\\:postgresql\\://db"
                + "\\:5432/app?options\\=-c%20role%3Dapp&sslmode\\=verify-full&sslrootcert\\="
                + "%2Frun%2Fsecrets%2Fpoststack-tls-ca.crt\n");
        assertThat(invocation.secretFiles().get("liquibase.properties")).doesNotContain("/project/tls");
    }

    @Test
    void requireNeedsNoCaFile() {
        LiquibaseInvocation invocation = LiquibaseInvocation.of("update", SPEC, "jdbc:postgresql://db:5432/app",
                "postgres", "p", SchemaOptions.defaults()).withTls(Optional.of(DatabaseTls.require()), ca -> {
                    throw new AssertionError("no CA to read");
                });

        assertThat(invocation.secretFiles()).containsOnlyKeys("liquibase.properties");
        assertThat(invocation.secretFiles().get("liquibase.properties"))
                .contains("url: jdbc\\:postgresql\\://db\\:5432/app?sslmode\\=require\n");
    }
}
