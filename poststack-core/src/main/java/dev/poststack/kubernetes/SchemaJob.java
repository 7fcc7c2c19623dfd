package dev.poststack.kubernetes;

import dev.poststack.manifest.DatabaseSpec;
import dev.poststack.manifest.SchemaSpec;
import dev.poststack.schema.LiquibaseProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema as a Kubernetes {@code Job}: the manifest's Liquibase image (its changelogs are in it) runs
 * {@code update} against the cluster's primary ({@code <cluster>-rw}), connected as the superuser acting as the
 * schema's owner, as {@code poststack update-schema} does here. The credentials never enter the pod's spec or
 * environment: an init container of the same image reads the superuser's Secret (mounted) and writes the
 * defaults file into a memory-backed volume only the pod sees, which Liquibase reads with
 * {@code --defaults-file}. The Job's name carries a hash of the image, so a new image is a new Job (a Job's
 * template cannot be changed), and it retries while the cluster is still starting.
 */
final class SchemaJob {

    static final String DEFAULTS_FILE = "/run/secrets/liquibase.properties";
    private static final String CREDENTIALS = "/var/run/poststack/superuser";
    private static final int BACKOFF_LIMIT = 10;

    private final ExportContext context;

    SchemaJob(ExportContext context) {
        this.context = context;
    }

    KubeObject of(SchemaSpec schema, String clusterName, KubeSecret superuser) {
        String image = context.image(schema.image());
        String name = clusterName + "-schema-" + KubeNames.shortHash(image + " " + schema.database());
        Map<String, Object> tree = context.start("batch/v1", "Job", name, schema.service());
        String url = "jdbc:postgresql://" + clusterName + "-rw:" + DatabaseSpec.DEFAULT_PORT + "/" + schema.database()
                + "?options=-c%20role%3D" + schema.owner();

        Map<String, Object> init = container("credentials", image);
        init.put("command", List.of("sh", "-c", credentialsScript(schema, url)));
        init.put("volumeMounts", List.of(KubeObject.mount("credentials", CREDENTIALS, true), KubeObject.mount("defaults", "/run/secrets", false)));

        Map<String, Object> liquibase = container("liquibase", image);
        List<String> args = new ArrayList<>();
        args.add("--defaults-file=" + DEFAULTS_FILE);
        args.addAll(LiquibaseProperties.QUIET);
        args.add("update");
        liquibase.put("args", args);
        liquibase.put("volumeMounts", List.of(KubeObject.mount("defaults", "/run/secrets", true)));

        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("name", "credentials");
        credentials.put("secret", KubeObject.fields("secretName", superuser.name(), "defaultMode", context.secretMode(schema.image())));
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("name", "defaults");
        defaults.put("emptyDir", KubeObject.fields("medium", "Memory"));

        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("restartPolicy", "Never");
        context.securityContext(schema.image()).ifPresent(c -> pod.put("securityContext", c));
        pod.put("initContainers", List.of(init));
        pod.put("containers", List.of(liquibase));
        pod.put("volumes", List.of(credentials, defaults));
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", KubeObject.fields("labels", KubeNames.labels(context.project(), schema.service())));
        template.put("spec", pod);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("backoffLimit", BACKOFF_LIMIT);
        spec.put("template", template);
        tree.put("spec", spec);
        return new KubeObject("job-" + clusterName + "-schema.yaml", tree);
    }

    /**
     * The init container's script: the defaults file, its secret lines escaped by sed from the mounted files
     * (the values pass through the shell's memory and sed's input, never a command line).
     */
    static String credentialsScript(SchemaSpec schema, String url) {
        return String.join("\n",
                "set -eu",
                "umask 077",
                "first() { head -n 1 \"$1\" | sed 's/[\\\\:=#!]/\\\\&/g; s/^ /\\\\ /'; }",
                "{",
                "  printf '%s\\n' " + ShellWords.quote(LiquibaseProperties.line("changelog-file", schema.master()))
                        + " " + ShellWords.quote(LiquibaseProperties.line("search-path", schema.imagePath()))
                        + " " + ShellWords.quote(LiquibaseProperties.line("url", url)),
                "  printf 'username: %s\\n' \"$(first " + CREDENTIALS + "/username)\"",
                "  printf 'password: %s\\n' \"$(first " + CREDENTIALS + "/password)\"",
                "} > " + DEFAULTS_FILE,
                "");
    }

    private static Map<String, Object> container(String name, String image) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", name);
        container.put("image", image);
        return container;
    }
}
