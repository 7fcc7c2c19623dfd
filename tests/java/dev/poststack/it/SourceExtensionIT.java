package dev.poststack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extension sources: a tiny PGXS extension written and packed by the test is built in a build stage and only
 * its installed files reach the image; from {@code path:}, from {@code --source-dir}, and an unreachable url
 * that makes its image skipped while the run still succeeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceExtensionIT {

    private static final String NS = "poststack-it-src";
    private static final String ZEROS = "0".repeat(64);

    @TempDir
    static Path dir;
    private TestProject project;
    private Cli cli;
    private EngineFixture engine;
    private Path sourceDir;

    @BeforeAll
    void writeProjectWithAHelloExtension() throws Exception {
        engine = new EngineFixture();
        engine.removeImages(NS);
        project = TestProject.copyOfRepo(Files.createDirectories(dir.resolve("project")), NS);
        cli = project.cli().withEnv(Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()));

        Map<String, String> hello = new LinkedHashMap<>();
        hello.put("Makefile", """
                MODULES = hello
                EXTENSION = hello
                DATA = hello--1.0.sql
                PG_CONFIG = pg_config
                PGXS := $(shell $(PG_CONFIG) --pgxs)
                include $(PGXS)
                """);
        hello.put("hello.c", """
                #include "postgres.h"
                #include "fmgr.h"
                #include "utils/builtins.h"

                PG_MODULE_MAGIC;

                PG_FUNCTION_INFO_V1(hello);

                Datum
                hello(PG_FUNCTION_ARGS)
                {
                    PG_RETURN_TEXT_P(cstring_to_text("hello from source"));
                }
                """);
        hello.put("hello.control", """
                comment = 'says hello'
                default_version = '1.0'
                module_pathname = '$libdir/hello'
                relocatable = true
                """);
        hello.put("hello--1.0.sql", """
                CREATE FUNCTION hello() RETURNS text AS 'MODULE_PATHNAME', 'hello' LANGUAGE C STRICT;
                """);
        Path archive = project.file("sources/hello-1.0.tar.gz");
        Files.createDirectories(archive.getParent());
        pack(archive, "hello-1.0", hello);
        sourceDir = Files.createDirectories(dir.resolve("offline"));
        Files.copy(archive, sourceDir.resolve("hello.tar.gz"));

        String dockerfile = """
                FROM postgres AS build
                USER root
                RUN apt-get update \\
                 && apt-get install -y --no-install-recommends postgresql-server-dev-${PG_MAJOR} build-essential \\
                 && rm -rf /var/lib/apt/lists/*
                COPY .poststack/sources/hello/ /usr/src/hello/
                WORKDIR /usr/src/hello
                RUN make && make install DESTDIR=/out

                FROM postgres
                COPY --from=build /out/ /
                """;
        project.write("containers/postgres-hello/Dockerfile", dockerfile);
        project.write("containers/postgres-nosrc/Dockerfile", """
                FROM postgres
                COPY .poststack/sources/none/ /usr/src/none/
                """);
        project.write("containers/postgres-nosrc-child/Dockerfile", "FROM postgres-nosrc\n");
        project.append("images.yaml", """

                  postgres-hello:
                    dockerfile:
                      from: postgres
                      context: containers/postgres-hello
                      sources:
                        - {name: hello, path: sources/hello-1.0.tar.gz}

                  # The same Dockerfile; the source only comes through --source-dir (the url is unreachable).
                  postgres-hello-offline:
                    dockerfile:
                      from: postgres
                      context: containers/postgres-hello
                      sources:
                        - name: hello
                          url: http://127.0.0.1:9/hello.tar.gz
                          sha256: %s

                  postgres-nosrc:
                    dockerfile:
                      from: postgres
                      context: containers/postgres-nosrc
                      sources:
                        - name: none
                          url: http://127.0.0.1:9/none.tar.gz
                          sha256: %s

                  postgres-nosrc-child:
                    dockerfile:
                      from: postgres-nosrc
                      context: containers/postgres-nosrc-child
                """.formatted(ZEROS, ZEROS));
    }

    @AfterAll
    void removeContainersAndImages() {
        if (engine == null) {
            return;
        }
        engine.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dev.poststack.managed", "true", "dev.poststack.test", NS)).exec()
                .forEach(c -> {
                    try {
                        engine.docker().removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    } catch (RuntimeException ignored) {
                        // already gone
                    }
                });
        engine.removeImages(NS);
        engine.close();
    }

    @Test
    @Order(1)
    void buildsTheExtensionFromALocalArchiveWithoutACompilerInTheImage() throws Exception {
        Cli.Run run = cli.run("build-images", "postgres-hello");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(Reports.read(project.dir()).status("postgres-hello")).isEqualTo("built");
        assertHelloWorks("postgres-hello");
    }

    @Test
    @Order(2)
    void buildsTheSameFromSourceDirWhenTheUrlIsUnreachable() throws Exception {
        Cli.Run run = cli.run("build-images", "--source-dir", sourceDir.toString(), "postgres-hello-offline");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(Reports.read(project.dir()).status("postgres-hello-offline")).isIn("built", "cached");
        assertHelloWorks("postgres-hello-offline");
    }

    @Test
    @Order(3)
    void anUnavailableSourceSkipsItsImageAndDescendantsButTheRunSucceeds() throws Exception {
        Cli.Run run = cli.run("build-images", "postgres-hello", "postgres-nosrc-child", "postgres-gis");

        assertThat(run.exitCode()).as(run.output()).isZero();
        Reports report = Reports.read(project.dir());
        assertThat(report.status("postgres-hello")).isEqualTo("cached");
        assertThat(report.status("postgres-gis")).isEqualTo("built");
        assertThat(report.status("postgres-nosrc")).isEqualTo("skipped");
        assertThat(report.image("postgres-nosrc").get("skipReason").asText())
                .contains("source `none` is unavailable")
                .contains("http://127.0.0.1:9/none.tar.gz")
                .contains("--source-dir");
        assertThat(report.status("postgres-nosrc-child")).isEqualTo("skipped");
        assertThat(report.image("postgres-nosrc-child").get("skipReason").asText()).contains("postgres-nosrc");
        assertThat(run.output()).contains("source `none` is unavailable");
        assertThat(engine.imageId(NS + "/postgres-nosrc:latest")).isEmpty();
    }

    private void assertHelloWorks(String image) throws Exception {
        PgContainers pg = PgContainers.of(NS, image);
        String id = pg.start(Map.of("POSTGRES_PASSWORD", "secret"), pg.volume());
        try {
            int port = pg.awaitQuery(id, "postgres", "secret", "postgres", Duration.ofSeconds(120));
            try (Connection c = PgContainers.connect(port, "postgres", "secret", "postgres");
                 Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION hello");
                assertThat(PgContainers.single(s, "SELECT hello()")).isEqualTo("hello from source");
            }
            assertThat(pg.exec(id, "sh", "-c", "command -v gcc cc || true").strip()).as("compilers in " + image)
                    .isEmpty();
            assertThat(pg.exec(id, "sh", "-c", "ls /usr/src/hello 2>&1 || true")).contains("No such file");
        } finally {
            pg.close();
        }
    }

    /** Packs {@code files} as a gzipped tar whose entries all sit in {@code top/}. */
    private static void pack(Path archive, String top, Map<String, String> files) throws IOException {
        try (OutputStream out = Files.newOutputStream(archive);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.putArchiveEntry(new TarArchiveEntry(top + "/"));
            tar.closeArchiveEntry();
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(top + "/" + f.getKey());
                entry.setSize(bytes.length);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
    }
}
