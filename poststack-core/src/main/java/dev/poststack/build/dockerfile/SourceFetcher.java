package dev.poststack.build.dockerfile;

import dev.poststack.build.BuildFailure;
import dev.poststack.build.CacheDirectories;
import dev.poststack.hash.Sha256;
import dev.poststack.build.SourceUnavailable;
import dev.poststack.manifest.SourceSpec;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes an image's extension sources available as folders on the host: a local folder as it is, a local
 * archive extracted, a url downloaded (into {@code ${XDG_CACHE_HOME:-~/.cache}/poststack/sources/}),
 * checked against its sha256 and extracted. When all entries of an archive share one top-level folder,
 * that folder is stripped.
 */
final class SourceFetcher {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** A url that could not be fetched is not tried again for this long (unless asked), as Maven does. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(15);

    private final Path cacheDir;

    SourceFetcher(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    static SourceFetcher defaults() {
        return new SourceFetcher(CacheDirectories.root().resolve("sources"));
    }

    /**
     * @param work a scratch folder where archives are extracted
     * @return the folder holding the source's files
     * @throws SourceUnavailable when there is no local copy and the url cannot be downloaded
     * @throws BuildFailure      when a download's checksum differs or an archive cannot be read
     */
    Path fetch(SourceSpec source, Optional<Path> sourceDir, Path work) throws BuildFailure, InterruptedException {
        return fetch(source, sourceDir, work, false, false);
    }

    /**
     * @param retryNow    try a url again even if it failed less than {@link #RETRY_AFTER} ago ({@code --no-cache})
     * @param acceptLocal use a local archive whose sha256 differs from the declared one
     *                    ({@code --accept-local-source NAME})
     */
    Path fetch(SourceSpec source, Optional<Path> sourceDir, Path work, boolean retryNow, boolean acceptLocal)
            throws BuildFailure, InterruptedException {
        Optional<Path> local = source.local(sourceDir);
        Path target = work.resolve(source.name());
        if (local.isPresent()) {
            if (Files.isDirectory(local.get())) {
                return local.get();
            }
            if (source.sha256().isPresent() && !acceptLocal) {
                String actual = sha256(local.get());
                if (!actual.equals(source.sha256().get())) {
                    throw BuildFailure.of("source `" + source.name() + "`: the local archive " + local.get()
                            + " has sha256 " + actual + ", but images.yaml declares sha256 " + source.sha256().get()
                            + "; use the archive the manifest names, correct `sha256:`, or accept this copy with"
                            + " `--accept-local-source " + source.name() + "`", null);
                }
            }
            return extract(local.get(), target, source.name());
        }
        List<String> tried = new ArrayList<>();
        sourceDir.ifPresent(d -> tried.add("no " + String.join(", ", source.sourceDirCandidates()) + " in " + d));
        if (source.url().isEmpty()) {
            throw unavailable(source, tried);
        }
        String sha = source.sha256().orElseThrow();
        Path cached = cacheDir.resolve(sha + ".tar.gz");
        if (Files.isRegularFile(cached) && sha.equals(sha256(cached))) {
            return extract(cached, target, source.name());
        }
        Path failedMarker = cacheDir.resolve(sha + ".unavailable");
        Optional<String> recentFailure = retryNow ? Optional.empty() : recentFailure(failedMarker);
        if (recentFailure.isPresent()) {
            tried.add(recentFailure.get());
            throw unavailable(source, tried);
        }
        try {
            return download(source, sha, cached, target, tried);
        } catch (SourceUnavailable e) {
            rememberFailure(failedMarker, tried);
            throw e;
        }
    }

    private Path download(SourceSpec source, String sha, Path cached, Path target, List<String> tried)
            throws BuildFailure, InterruptedException {
        Path download;
        try {
            Files.createDirectories(cacheDir);
            download = Files.createTempFile(cacheDir, sha, ".part");
        } catch (IOException e) {
            throw BuildFailure.of("cannot create the download cache " + cacheDir + ": " + e.getMessage(), e);
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpRequest request = HttpRequest.newBuilder(source.url().get()).timeout(TIMEOUT).GET().build();
            HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(download));
            if (response.statusCode() != 200) {
                tried.add("downloading " + source.url().get() + " answered HTTP " + response.statusCode());
                throw unavailable(source, tried);
            }
        } catch (IOException e) {
            tried.add("downloading " + source.url().get() + " failed: "
                    + (e instanceof java.net.ConnectException ? "cannot connect" : "")
                    + (e.getMessage() == null ? (e instanceof java.net.ConnectException ? "" : e.getClass().getSimpleName())
                    : (e instanceof java.net.ConnectException ? ": " : "") + e.getMessage()));
            deleteQuietly(download);
            throw unavailable(source, tried);
        } catch (SourceUnavailable e) {
            deleteQuietly(download);
            throw e;
        }
        String actual = sha256(download);
        if (!actual.equals(sha)) {
            deleteQuietly(download);
            throw BuildFailure.of("source `" + source.name() + "` downloaded from " + source.url().get()
                    + " has sha256 " + actual + ", but the manifest expects " + sha
                    + "; check the url and the checksum in images.yaml", null);
        }
        try {
            Files.move(download, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw BuildFailure.of("cannot store " + cached + ": " + e.getMessage(), e);
        }
        return extract(cached, target, source.name());
    }

    /** The last failure, if the url failed less than {@link #RETRY_AFTER} ago. */
    private static Optional<String> recentFailure(Path marker) {
        try {
            java.time.Instant when = Files.getLastModifiedTime(marker).toInstant();
            if (when.plus(RETRY_AFTER).isAfter(java.time.Instant.now())) {
                return Optional.of(Files.readString(marker).strip() + " at "
                        + when.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + "; not retried for " + RETRY_AFTER.toMinutes() + " minutes, or now with --no-cache");
            }
        } catch (IOException e) {
            // No marker, or an unreadable one: try the url.
        }
        return Optional.empty();
    }

    private static void rememberFailure(Path marker, List<String> tried) {
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, tried.isEmpty() ? "failed" : tried.get(tried.size() - 1));
        } catch (IOException ignored) {
            // Without the marker the next run simply tries again.
        }
    }

    private static SourceUnavailable unavailable(SourceSpec source, List<String> tried) {
        String what = tried.isEmpty() ? "it has no `path:` and no `url:`" : String.join("; ", tried);
        return new SourceUnavailable("source `" + source.name() + "` is unavailable (" + what + "); to build offline,"
                + " download the archive elsewhere and pass `--source-dir DIR` with DIR/" + source.name()
                + ".tar.gz, or set `path:` for it in images.yaml", null);
    }

    /** Extracts a gzip-compressed or plain tar into {@code target}, stripping a single top-level folder. */
    static Path extract(Path archive, Path target, String name) throws BuildFailure {
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            SourceArchive.deleteTree(target); // a scratch folder left by an earlier fetch of this source
        }
        return SourceArchive.extract(archive, target, name);
    }

    static String sha256(Path file) throws BuildFailure {
        try {
            return Sha256.hex(file);
        } catch (IOException e) {
            throw BuildFailure.of("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A leftover partial download is replaced next time.
        }
    }
}
