package dev.poststack.schema;

import dev.poststack.api.SchemaOptions;
import dev.poststack.manifest.Location;
import dev.poststack.manifest.SchemaSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

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
}
