package dev.poststack.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poststack.build.BuildFailure;
import dev.poststack.build.SourceUnavailable;
import dev.poststack.manifest.SourceSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFetcherTest {

    private static final String SHA = "0".repeat(64);

    static void tar(Path file, boolean gzip, Map<String, String> files) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, String> f : new java.util.TreeMap<>(files).entrySet()) {
                byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
                entry.setSize(bytes.length);
                entry.setMode(f.getKey().endsWith(".sh") ? 0755 : 0644);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
    }

    @Test
    void extractsAGzippedArchiveAndStripsItsSingleTopFolder(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("ext.tar.gz");
        tar(archive, true, Map.of("ext-1.0/Makefile", "MODULES = ext\n", "ext-1.0/configure.sh", "#!/bin/sh\n"));
        SourceSpec spec = new SourceSpec("ext", Optional.empty(), Optional.empty(), Optional.of(archive));

        Path out = new SourceFetcher(dir.resolve("cache")).fetch(spec, Optional.empty(), dir.resolve("work"));

        assertThat(out.resolve("Makefile")).hasContent("MODULES = ext");
        assertThat(Files.isExecutable(out.resolve("configure.sh"))).isTrue();
        assertThat(Files.isExecutable(out.resolve("Makefile"))).isFalse();
    }

    @Test
    void keepsAPlainTarWithSeveralTopEntriesAsItIs(@TempDir Path dir) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("sources"));
        tar(sources.resolve("ext.tar"), false, Map.of("a.c", "a", "b/b.c", "b"));
        SourceSpec spec = new SourceSpec("ext", Optional.of(URI.create("http://127.0.0.1:9/ext.tar.gz")),
                Optional.of(SourceFetcher.sha256(sources.resolve("ext.tar"))), Optional.empty());

        Path out = new SourceFetcher(dir.resolve("cache")).fetch(spec, Optional.of(sources), dir.resolve("work"));

        assertThat(out.resolve("a.c")).hasContent("a");
        assertThat(out.resolve("b/b.c")).hasContent("b");
    }

    @Test
    void aLocalArchiveWithAnotherChecksumFailsNamingTheFileBothDigestsAndHowToAcceptIt(@TempDir Path dir)
            throws Exception {
        Path sources = Files.createDirectories(dir.resolve("sources"));
        Path archive = sources.resolve("ext.tar.gz");
        tar(archive, true, Map.of("ext-1.0/patched.c", "int patched;"));
        String actual = SourceFetcher.sha256(archive);
        SourceSpec spec = new SourceSpec("ext", Optional.of(URI.create("http://127.0.0.1:9/ext.tar.gz")),
                Optional.of(SHA), Optional.empty());
        SourceFetcher fetcher = new SourceFetcher(dir.resolve("cache"));

        assertThatThrownBy(() -> fetcher.fetch(spec, Optional.of(sources), dir.resolve("work")))
                .isInstanceOf(BuildFailure.class)
                .isNotInstanceOf(SourceUnavailable.class)
                .hasMessageContaining("source `ext`: the local archive " + archive)
                .hasMessageContaining("has sha256 " + actual)
                .hasMessageContaining("declares sha256 " + SHA)
                .hasMessageContaining("`--accept-local-source ext`");
        assertThat(dir.resolve("work/ext")).doesNotExist();

        Path out = fetcher.fetch(spec, Optional.of(sources), dir.resolve("work"), false, true);
        assertThat(out.resolve("patched.c")).hasContent("int patched;");
    }

    @Test
    void aPathArchiveIsCheckedAgainstItsDeclaredChecksum(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("ext.tar.gz");
        tar(archive, true, Map.of("ext/a.c", "a"));
        SourceSpec wrong = new SourceSpec("ext", Optional.empty(), Optional.of(SHA), Optional.of(archive));
        SourceSpec right = new SourceSpec("ext", Optional.empty(), Optional.of(SourceFetcher.sha256(archive)),
                Optional.of(archive));
        SourceFetcher fetcher = new SourceFetcher(dir.resolve("cache"));

        assertThatThrownBy(() -> fetcher.fetch(wrong, Optional.empty(), dir.resolve("work")))
                .isInstanceOf(BuildFailure.class)
                .hasMessageContaining(archive.toString())
                .hasMessageContaining(SHA);
        assertThat(fetcher.fetch(right, Optional.empty(), dir.resolve("work")).resolve("a.c")).hasContent("a");
    }

    @Test
    void usesAFolderAsItIs(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("sources/ext"));
        SourceSpec spec = new SourceSpec("ext", Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(new SourceFetcher(dir.resolve("cache")).fetch(spec, Optional.of(dir.resolve("sources")), dir))
                .isEqualTo(folder);
    }

    @Test
    void anUnreachableUrlMakesTheSourceUnavailableWithHowToFixIt(@TempDir Path dir) {
        SourceSpec spec = new SourceSpec("citus", Optional.of(URI.create("http://127.0.0.1:9/none.tar.gz")),
                Optional.of(SHA), Optional.empty());

        assertThatThrownBy(() -> new SourceFetcher(dir.resolve("cache")).fetch(spec, Optional.of(dir), dir))
                .isInstanceOf(SourceUnavailable.class)
                .hasMessageContaining("source `citus` is unavailable")
                .hasMessageContaining("http://127.0.0.1:9/none.tar.gz")
                .hasMessageContaining("no citus, citus.tar.gz, citus.tgz, citus.tar in " + dir)
                .hasMessageContaining("`--source-dir DIR` with DIR/citus.tar.gz")
                .hasMessageContaining("path:");
    }

    @Test
    void aFailedUrlIsNotRetriedForAWhileUnlessAskedAndTheReasonSaysSo(@TempDir Path dir) throws Exception {
        SourceSpec spec = new SourceSpec("citus", Optional.of(URI.create("http://127.0.0.1:9/none.tar.gz")),
                Optional.of(SHA), Optional.empty());
        SourceFetcher fetcher = new SourceFetcher(dir.resolve("cache"));
        assertThatThrownBy(() -> fetcher.fetch(spec, Optional.empty(), dir)).isInstanceOf(SourceUnavailable.class);

        // Within the window the remembered failure is reported at once, with how to retry now.
        assertThatThrownBy(() -> fetcher.fetch(spec, Optional.empty(), dir))
                .isInstanceOf(SourceUnavailable.class)
                .hasMessageContaining("cannot connect")
                .hasMessageContaining("not retried for 15 minutes, or now with --no-cache");
        assertThatThrownBy(() -> fetcher.fetch(spec, Optional.empty(), dir, true, false))
                .isInstanceOf(SourceUnavailable.class)
                .hasMessageNotContaining("not retried");
    }

    @Test
    void aCachedArchiveWithTheRightChecksumIsReusedWithoutDownloading(@TempDir Path dir) throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path archive = dir.resolve("x.tar.gz");
        tar(archive, true, Map.of("x/hello.c", "int x;"));
        String sha = SourceFetcher.sha256(archive);
        Files.copy(archive, cache.resolve(sha + ".tar.gz"));
        SourceSpec spec = new SourceSpec("x", Optional.of(URI.create("http://127.0.0.1:9/x.tar.gz")),
                Optional.of(sha), Optional.empty());

        Path out = new SourceFetcher(cache).fetch(spec, Optional.empty(), dir.resolve("work"));

        assertThat(out.resolve("hello.c")).hasContent("int x;");
    }

    @Test
    void aDownloadWithAnotherChecksumFailsTheBuildNamingBoth(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("x.tar.gz");
        tar(archive, true, Map.of("x/hello.c", "int x;"));
        byte[] body = Files.readAllBytes(archive);
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x.tar.gz");
            SourceSpec wrong = new SourceSpec("x", Optional.of(url), Optional.of(SHA), Optional.empty());
            assertThatThrownBy(() -> new SourceFetcher(dir.resolve("cache")).fetch(wrong, Optional.empty(), dir))
                    .isInstanceOf(BuildFailure.class)
                    .isNotInstanceOf(SourceUnavailable.class)
                    .hasMessageContaining(SHA)
                    .hasMessageContaining(SourceFetcher.sha256(archive));

            SourceSpec right = new SourceSpec("x", Optional.of(url), Optional.of(SourceFetcher.sha256(archive)),
                    Optional.empty());
            Path out = new SourceFetcher(dir.resolve("cache")).fetch(right, Optional.empty(), dir.resolve("w"));
            assertThat(out.resolve("hello.c")).hasContent("int x;");
            assertThat(dir.resolve("cache/" + SourceFetcher.sha256(archive) + ".tar.gz")).exists();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void contextArchiveAddsSourceFoldersUnderTheirPrefix(@TempDir Path dir) throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        Path src = Files.createDirectories(dir.resolve("src/sub"));
        Files.writeString(src.resolve("x.c"), "x");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ContextArchive.write(context, context.resolve("Dockerfile"), "FROM scratch\n",
                Map.of(".poststack/sources/ext", dir.resolve("src")), out);

        java.util.List<String> names = new java.util.ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        assertThat(names).contains("Dockerfile", ".poststack/", ".poststack/sources/", ".poststack/sources/ext/",
                ".poststack/sources/ext/sub/", ".poststack/sources/ext/sub/x.c");
    }
}
