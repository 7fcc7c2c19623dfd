package dev.poststack.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.poststack.api.PoststackException;
import dev.poststack.manifest.Manifest;
import dev.poststack.manifest.ManifestLoader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class KubernetesExportTest {

    /** Characters that need escaping in a properties file and quoting in a shell, in a password. */
    private static final String APP_PASSWORD = "app:pw=with#odd!chars\\ and 'quotes'";
    private static final String DB_PASSWORD = "Db0Password0Generated0By0Poststack";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path project;

    @BeforeEach
    void writeProject() throws IOException {
        Files.createDirectories(project.resolve("liquibase"));
        Files.writeString(project.resolve("liquibase/changelog.yaml"), "databaseChangeLog: []\n");
        Files.createDirectories(project.resolve(".poststack/secrets"));
        Files.writeString(project.resolve(".poststack/secrets/db-password"), DB_PASSWORD);
        Files.createDirectories(project.resolve("keys"));
        Files.writeString(project.resolve("keys/app"), APP_PASSWORD + "\nsecond line, not part of it\n");
        Files.writeString(project.resolve("images.yaml"), """
                version: 1
                defaults: {namespace: acme, tag: "1.0"}
                images:
                  postgres: {catalog: postgres}
                  jre: {catalog: jre}
                  liquibase:
                    catalog: liquibase
                    layers: [{name: changelogs, files: liquibase, into: /liquibase/changelog}]
                secrets:
                  db-password: {generate: 32}
                  app-password: {file: keys/app}
                  api_token: {env: K8S_TEST_TOKEN}
                services:
                  db:
                    image: postgres
                    env:
                      POSTGRES_PASSWORD_FILE: /run/secrets/db-password
                      POSTGRES_SETTING_max_connections: "50"
                      POSTGRES_SETTING_cron__database_name: app
                    secrets: [db-password]
                    volumes: {pgdata: /var/lib/postgresql/data}
                    ports: [5432]
                    database: {user: postgres, password: db-password, name: postgres}
                  web-api:
                    image: jre
                    env: {DB_HOST: db, DB_PASSWORD_FILE: /run/secrets/app-password}
                    secrets: [app-password, api_token]
                    volumes: {cache: /var/cache/web}
                    ports: ["18080:8080"]
                    depends-on: [db]
                    health:
                      - tcp: 8080
                schema: {image: liquibase, service: db, database: app, owner: app, owner-password: app-password}
                kubernetes:
                  namespace: acme-prod
                  clusters:
                    db: {instances: 3, storage: 20Gi, storage-class: fast, pooler: {instances: 2, mode: transaction}}
                """);
    }

    private KubernetesExport export() throws Exception {
        Manifest manifest = ManifestLoader.load(project.resolve("images.yaml"));
        ClusterImages images = ClusterImages.from(manifest, project.resolve(ClusterImages.BUILD_REPORT));
        return KubernetesExport.of(manifest, "acme", images, name -> Optional.of(name.equals("app-password")
                ? project.resolve("keys/app") : project.resolve(".poststack/secrets").resolve(name)));
    }

    private static Map<String, Object> object(KubernetesExport export, String kind, String name) {
        return export.objects().stream().filter(o -> o.kind().equals(kind) && o.name().startsWith(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name)).tree();
    }

    private static JsonNode tree(KubernetesExport export, String kind, String name) {
        return YAML.valueToTree(object(export, kind, name));
    }

    @Test
    void everyObjectPassesItsSchemaAsTheApiServerWouldTakeIt() throws Exception {
        KubernetesExport export = export();
        assertThat(export.objects()).extracting(o -> o.kind() + "/" + o.name()).containsExactly(
                "ImageCatalog/db-images", "Cluster/db", "Pooler/db-pooler-rw", "Service/db",
                export.objects().get(4).kind() + "/" + export.objects().get(4).name(),
                "PersistentVolumeClaim/web-api-cache", "Deployment/web-api", "Service/web-api");
        assertThat(export.objects().get(4).name()).matches("db-schema-[0-9a-f]{10}");
        for (KubeObject object : export.objects()) {
            // Each file is read back from its YAML, as kubectl would read it.
            KubeObject reread = new KubeObject(object.file(), YAML.readValue(KubernetesExport.yaml(object),
                    LinkedHashMap.class));
            assertThat(KubeSchemas.problems(reread)).as("%s/%s", object.kind(), object.name()).isEmpty();
        }
    }

    @Test
    void theSchemaCheckFindsWhatTheApiServerWouldRefuseOrDrop() throws Exception {
        Map<String, Object> cluster = new LinkedHashMap<>(object(export(), "Cluster", "db"));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) cluster.get("spec"));
        spec.put("instances", "three");
        spec.put("imageNmae", "typo");
        cluster.put("spec", spec);
        cluster.put("metadata", Map.of("name", "Bad_Name"));
        assertThat(KubeSchemas.problems(new KubeObject("c.yaml", cluster)))
                .anySatisfy(p -> assertThat(p).contains("instances"))
                .anySatisfy(p -> assertThat(p).startsWith(".metadata").contains("name"))
                .anySatisfy(p -> assertThat(p).contains(".spec.imageNmae: not in the schema"));
        Map<String, Object> deployment = new LinkedHashMap<>(object(export(), "Deployment", "web-api"));
        deployment.remove("spec");
        assertThat(KubeSchemas.problems(new KubeObject("d.yaml", deployment))).isNotEmpty();
    }

    @Test
    void clusterCarriesImageSuperuserBootstrapSettingsAndStorage() throws Exception {
        JsonNode spec = tree(export(), "Cluster", "db").path("spec");
        assertThat(spec.path("instances").asInt()).isEqualTo(3);
        // The CRD's CEL rules are not evaluated offline; the ones these fields meet are checked here.
        assertThat(spec.has("imageName")).as("imageName and imageCatalogRef are mutually exclusive").isFalse();
        assertThat(spec.path("imageCatalogRef").toString()).isEqualTo("{\"apiGroup\":\"postgresql.cnpg.io\","
                + "\"kind\":\"ImageCatalog\",\"name\":\"db-images\",\"major\":17}");
        assertThat(tree(export(), "ImageCatalog", "db-images").path("spec").path("images").toString())
                .isEqualTo("[{\"major\":17,\"image\":\"acme/postgres:1.0\"}]");
        assertThat(spec.path("postgresUID").asInt()).isEqualTo(999);
        assertThat(spec.path("superuserSecret").path("name").asText()).isEqualTo("db-superuser");
        assertThat(spec.path("bootstrap").path("initdb").toString())
                .isEqualTo("{\"database\":\"app\",\"owner\":\"app\",\"secret\":{\"name\":\"db-app\"}}");
        assertThat(spec.path("postgresql").path("parameters").toString())
                .isEqualTo("{\"max_connections\":\"50\",\"cron.database_name\":\"app\"}");
        assertThat(spec.path("postgresql").path("shared_preload_libraries").toString())
                .isEqualTo("[\"pg_cron\",\"pg_squeeze\",\"pg_stat_statements\"]");
        assertThat(spec.path("storage").toString()).isEqualTo("{\"size\":\"20Gi\",\"storageClass\":\"fast\"}");
        assertThat(tree(export(), "Cluster", "db").path("metadata").path("namespace").asText()).isEqualTo("acme-prod");
        JsonNode pooler = tree(export(), "Pooler", "db").path("spec");
        assertThat(pooler.path("pgbouncer").path("poolMode").asText()).isEqualTo("transaction");
        assertThat(pooler.path("cluster").path("name").asText()).isEqualTo("db");
    }

    @Test
    void namesImagesByThePushedDigestWhenTheBuildReportHasOne() throws Exception {
        Files.createDirectories(project.resolve("logs"));
        Files.writeString(project.resolve("logs/build-report.json"), """
                {"run": {}, "images": [
                  {"name": "postgres", "status": "cached", "push": {"digest": "%s",
                   "reference": "registry.test:5000/acme/postgres:1.0"}},
                  {"name": "liquibase", "status": "built"}]}
                """.formatted(DIGEST));
        KubernetesExport export = export();
        assertThat(tree(export, "ImageCatalog", "db-images").path("spec").path("images").get(0).path("image").asText())
                .isEqualTo("registry.test:5000/acme/postgres@" + DIGEST);
        assertThat(tree(export, "Job", "db-schema").path("spec").path("template").path("spec").path("containers")
                .get(0).path("image").asText()).isEqualTo("acme/liquibase:1.0");
        assertThat(export.notes()).anySatisfy(n -> assertThat(n).startsWith("image liquibase has no pushed digest"))
                .noneSatisfy(n -> assertThat(n).startsWith("image postgres"));
    }

    @Test
    void refusesABuildReportWithAMalformedDigest() throws Exception {
        Files.createDirectories(project.resolve("logs"));
        Files.writeString(project.resolve("logs/build-report.json"),
                "{\"images\": [{\"name\": \"postgres\", \"push\": {\"digest\": \"sha256:short\"}}]}");
        PoststackException e = catchThrowableOfType(PoststackException.class, this::export);
        assertThat(e.kind()).isEqualTo(PoststackException.Kind.INVALID_INPUT);
        assertThat(e.getMessage()).contains("push.digest `sha256:short` for image postgres").contains("fix: push");
    }

    @Test
    void deploymentProjectsSecretsWhereThePoststackContainerHasThemAndProbesItsTcpCheck() throws Exception {
        JsonNode pod = tree(export(), "Deployment", "web-api").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("image").asText()).isEqualTo("acme/jre:1.0");
        assertThat(container.path("readinessProbe").path("tcpSocket").path("port").asInt()).isEqualTo(8080);
        assertThat(container.path("ports").toString()).isEqualTo("[{\"containerPort\":8080}]");
        assertThat(container.path("volumeMounts").toString()).contains("\"mountPath\":\"/run/secrets\"")
                .contains("\"mountPath\":\"/var/cache/web\"");
        assertThat(pod.path("volumes").get(0).path("projected").path("sources").toString()).isEqualTo(
                "[{\"secret\":{\"name\":\"app-password\",\"items\":[{\"key\":\"app-password\",\"path\":\"app-password\"}]}},"
                        + "{\"secret\":{\"name\":\"api-token\",\"items\":[{\"key\":\"api_token\",\"path\":\"api_token\"}]}}]");
        JsonNode selector = tree(export(), "Deployment", "web-api").path("spec").path("selector").path("matchLabels");
        JsonNode labels = tree(export(), "Deployment", "web-api").path("spec").path("template").path("metadata")
                .path("labels");
        selector.fields().forEachRemaining(f -> assertThat(labels.path(f.getKey())).isEqualTo(f.getValue()));
        assertThat(tree(export(), "Service", "web-api").path("spec").path("ports").get(0).path("port").asInt())
                .as("the in-cluster port is the container's, not the host's 18080").isEqualTo(8080);
    }

    @Test
    void writesNoSecretValueAndTheFolderIsExactlyTheExport() throws Exception {
        Path out = project.resolve("k8s");
        Files.createDirectories(out);
        Files.writeString(out.resolve("deployment-gone.yaml"), "metadata:\n  labels:\n    app.kubernetes.io/managed-by: poststack\n");
        Files.writeString(out.resolve("mine.yaml"), "kind: ConfigMap\n");
        List<Path> files = export().writeTo(out);
        assertThat(out.resolve("deployment-gone.yaml")).doesNotExist();
        assertThat(out.resolve("mine.yaml")).as("not poststack's: kept").exists();
        assertThat(files).contains(out.resolve("kustomization.yaml"), out.resolve("create-secrets.sh"));
        for (Path file : files) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain(DB_PASSWORD)
                    .doesNotContain("app:pw").doesNotContain("stringData").doesNotContain("\ndata:");
        }
        JsonNode kustomization = YAML.readTree(out.resolve("kustomization.yaml").toFile());
        assertThat(kustomization.path("resources")).hasSize(export().objects().size());
        assertThat(Files.getPosixFilePermissions(out.resolve("create-secrets.sh")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * create-secrets.sh against a stand-in {@code kubectl} that records its arguments and what it reads: each
     * Secret gets its value (first line only) through a file, never on a command line.
     */
    @Test
    void secretScriptHandsKubectlTheValuesThroughFilesOnly() throws Exception {
        Path bin = Files.createDirectories(project.resolve("bin"));
        Path log = project.resolve("kubectl.log");
        Files.writeString(bin.resolve("kubectl"), """
                #!/usr/bin/env bash
                printf 'ARGS %s\\n' "$*" >> "$KUBECTL_LOG"
                for a in "$@"; do
                  case $a in --from-file=*) f=${a#--from-file=}; printf 'VALUE %s=%s\\n' "${f%%=*}" "$(cat "${f#*=}")" >> "$KUBECTL_LOG";; esac
                done
                if [[ $1 == apply ]]; then cat > /dev/null; fi
                """);
        Files.setPosixFilePermissions(bin.resolve("kubectl"), PosixFilePermissions.fromString("rwx------"));
        Path out = project.resolve("k8s");
        export().writeTo(out);
        ProcessBuilder run = new ProcessBuilder("bash", out.resolve("create-secrets.sh").toString())
                .redirectErrorStream(true);
        run.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        run.environment().put("KUBECTL_LOG", log.toString());
        run.environment().put("K8S_TEST_TOKEN", "token-from-env");
        Process process = run.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).filteredOn(l -> l.startsWith("ARGS "))
                .noneSatisfy(l -> assertThat(l).contains(DB_PASSWORD))
                .noneSatisfy(l -> assertThat(l).contains("app:pw"))
                .noneSatisfy(l -> assertThat(l).contains("token-from-env"))
                .anySatisfy(l -> assertThat(l).contains("create secret generic db-superuser --type=kubernetes.io/basic-auth"
                        + " --from-literal=username=postgres"))
                .anySatisfy(l -> assertThat(l).contains("apply --namespace acme-prod -f -"));
        assertThat(lines).filteredOn(l -> l.startsWith("VALUE ")).containsExactly(
                "VALUE password=" + DB_PASSWORD, "VALUE password=" + APP_PASSWORD,
                "VALUE app-password=" + APP_PASSWORD, "VALUE api_token=token-from-env");
    }

    @Test
    void secretScriptStopsWithAClearMessageWhenAValueIsMissing() throws Exception {
        Files.delete(project.resolve(".poststack/secrets/db-password"));
        Path out = project.resolve("k8s");
        export().writeTo(out);
        Process process = new ProcessBuilder("bash", out.resolve("create-secrets.sh").toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("db-password is missing; run poststack setup");
    }

    /** The Job's init container script, run here on the mounted files' stand-ins, writes what Liquibase reads. */
    @Test
    void schemaJobWritesLiquibaseDefaultsFromTheMountedSecret() throws Exception {
        JsonNode init = tree(export(), "Job", "db-schema").path("spec").path("template").path("spec")
                .path("initContainers").get(0);
        String script = init.path("command").get(2).asText();
        Path mounted = Files.createDirectories(project.resolve("superuser"));
        Path defaults = Files.createDirectories(project.resolve("defaults"));
        Files.writeString(mounted.resolve("username"), "postgres");
        Files.writeString(mounted.resolve("password"), APP_PASSWORD + "\n");
        String local = script.replace("/var/run/poststack/superuser", mounted.toString())
                .replace("/run/secrets", defaults.toString());
        assertThat(local).isNotEqualTo(script);
        Process process = new ProcessBuilder("sh", "-c", local).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(defaults.resolve("liquibase.properties"))));
        assertThat(properties).containsEntry("password", APP_PASSWORD).containsEntry("username", "postgres")
                .containsEntry("url", "jdbc:postgresql://db-rw:5432/app?options=-c%20role%3Dapp")
                .containsEntry("changelog-file", "changelog.yaml").containsEntry("search-path", "/liquibase/changelog");
        assertThat(Files.getPosixFilePermissions(defaults.resolve("liquibase.properties")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<String> args = new ArrayList<>();
        tree(export(), "Job", "db-schema").path("spec").path("template").path("spec").path("containers").get(0)
                .path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsExactly("--defaults-file=/run/secrets/liquibase.properties", "--show-banner=false",
                "--analytics-enabled=false", "--log-level=WARNING", "update");
    }
}
