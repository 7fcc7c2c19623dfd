package dev.poststack.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.poststack.Poststack;
import dev.poststack.testcontainers.PoststackContainer;
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
 * that makes its image skipped while the run still succeeds. The project copy builds under the shared images'
 * namespace, so the shipped images are cached and only the test's own are built; each built extension image
 * runs as the database service of a manifest variant (a {@link PoststackContainer}). The test's images go
 * with the namespace's when the JVM ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceExtensionIT {

    private static final String ZEROS = "0".repeat(64);

    @TempDir
    static Path dir;
    private String namespace;
    private TestProject project;
    private Cli cli;
    private EngineFixture engine;
    private Path sourceDir;

    @BeforeAll
    void writeProjectWithAHelloExtension() throws Exception {
        engine = new EngineFixture();
        namespace = SharedImages.namespace();
        project = TestProject.copyOfRepo(Files.createDirectories(dir.resolve("project")), namespace);
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
        project.write("containers/postgres-sibling/Dockerfile", """
                FROM postgres
                RUN echo "built by SourceExtensionIT" > /tmp/sibling
                """);
        project.addImages("""
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

                  # The same again, declaring another archive's checksum: the local copy differs from it.
                  postgres-hello-patched:
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

                  # Needs no source: it builds in the run where postgres-nosrc is skipped.
                  postgres-sibling:
                    dockerfile:
                      from: postgres
                      context: containers/postgres-sibling
                """.formatted(dev.poststack.hash.Sha256.hex(archive), ZEROS, ZEROS));
    }

    @AfterAll
    void closeTheEngine() {
        if (engine != null) {
            engine.close();
        }
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
    void aLocalArchiveWithAnotherChecksumFailsUnlessAcceptedByName() throws Exception {
        String actual = dev.poststack.hash.Sha256.hex(sourceDir.resolve("hello.tar.gz"));
        Cli.Run refused = cli.run("build-images", "--source-dir", sourceDir.toString(), "postgres-hello-patched");

        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(Reports.read(project.dir()).status("postgres-hello-patched")).isEqualTo("failed");
        assertThat(refused.output()).contains("source `hello`: the local archive " + sourceDir.resolve("hello.tar.gz"))
                .contains("has sha256 " + actual).contains("declares sha256 " + ZEROS)
                .contains("--accept-local-source hello");
        assertThat(engine.imageId(namespace + "/postgres-hello-patched:latest")).isEmpty();

        Cli.Run accepted = cli.run("build-images", "--source-dir", sourceDir.toString(),
                "--accept-local-source", "hello", "postgres-hello-patched");
        assertThat(accepted.exitCode()).as(accepted.output()).isZero();
        assertThat(engine.imageId(namespace + "/postgres-hello-patched:latest")).isPresent();
    }

    @Test
    @Order(4)
    void anUnavailableSourceSkipsItsImageAndDescendantsButTheRunSucceeds() throws Exception {
        Cli.Run run = cli.run("build-images", "postgres-hello", "postgres-nosrc-child", "postgres-gis",
                "postgres-sibling");

        assertThat(run.exitCode()).as(run.output()).isZero();
        Reports report = Reports.read(project.dir());
        assertThat(report.status("postgres-hello")).isEqualTo("cached");
        assertThat(report.status("postgres-gis")).as("built with the shared images").isEqualTo("cached");
        assertThat(report.status("postgres-sibling")).isEqualTo("built");
        assertThat(report.status("postgres-nosrc")).isEqualTo("skipped");
        assertThat(report.image("postgres-nosrc").get("skipReason").asText())
                .contains("source `none` is unavailable")
                .contains("http://127.0.0.1:9/none.tar.gz")
                .contains("--source-dir");
        assertThat(report.status("postgres-nosrc-child")).isEqualTo("skipped");
        assertThat(report.image("postgres-nosrc-child").get("skipReason").asText()).contains("postgres-nosrc");
        assertThat(run.output()).contains("source `none` is unavailable");
        assertThat(engine.imageId(namespace + "/postgres-nosrc:latest")).isEmpty();
        assertThat(engine.imageId(namespace + "/postgres-sibling:latest")).isPresent();
    }

    /** Runs {@code image} as the database service of a manifest variant: its checks pass and the extension works. */
    private void assertHelloWorks(String image) throws Exception {
        Path variant = project.manifestVariant("images-" + image + ".yaml", "    image: postgres\n",
                "    image: " + image + "\n");
        try (Poststack poststack = Poststack.open(variant); PoststackContainer db = PoststackContainer.of(poststack, "db")) {
            assertThat(db.getDockerImageName()).isEqualTo(namespace + "/" + image + ":latest");
            db.start();

            try (Connection c = Sql.connect(db.database()); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION hello");
                assertThat(Sql.single(s, "SELECT hello()")).isEqualTo("hello from source");
            }
            assertThat(db.execInContainer("sh", "-c", "command -v gcc cc || true").getStdout().strip())
                    .as("compilers in " + image).isEmpty();
            assertThat(db.execInContainer("sh", "-c", "ls /usr/src/hello 2>&1 || true").getStdout())
                    .contains("No such file");
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
