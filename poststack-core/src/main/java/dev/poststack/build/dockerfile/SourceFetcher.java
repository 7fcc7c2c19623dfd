package dev.poststack.build.dockerfile;

import dev.poststack.build.BuildFailure;
import dev.poststack.build.CacheDirectories;
import dev.poststack.hash.Sha256;
import dev.poststack.build.SourceUnavailable;
import dev.poststack.manifest.SourceSpec;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

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
        return fetch(source, sourceDir, work, false);
    }

    /**
     * @param retryNow try a url again even if it failed less than {@link #RETRY_AFTER} ago ({@code --no-cache})
     */
    Path fetch(SourceSpec source, Optional<Path> sourceDir, Path work, boolean retryNow)
            throws BuildFailure, InterruptedException {
        Optional<Path> local = source.local(sourceDir);
        Path target = work.resolve(source.name());
        if (local.isPresent()) {
            if (Files.isDirectory(local.get())) {
                return local.get();
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
        try {
            Files.createDirectories(target);
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                 TarArchiveInputStream tar = new TarArchiveInputStream(gunzipped(raw))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    if (entry.isGlobalPaxHeader() || entry.isPaxHeader()) {
                        continue;
                    }
                    Path out = target.resolve(entry.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw BuildFailure.of("source `" + name + "`: archive " + archive + " has an entry outside"
                                + " its folder: " + entry.getName(), null);
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.deleteIfExists(out);
                        Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                    } else if (entry.isLink()) {
                        Path linked = target.resolve(entry.getLinkName()).normalize();
                        Files.createDirectories(out.getParent());
                        Files.copy(linked, out, StandardCopyOption.REPLACE_EXISTING);
                    } else if (entry.isFile()) {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        if ((entry.getMode() & 0111) != 0) {
                            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(out);
                            perms.add(PosixFilePermission.OWNER_EXECUTE);
                            perms.add(PosixFilePermission.GROUP_EXECUTE);
                            perms.add(PosixFilePermission.OTHERS_EXECUTE);
                            Files.setPosixFilePermissions(out, perms);
                        }
                    }
                }
            }
            return stripSingleFolder(target);
        } catch (IOException e) {
            throw BuildFailure.of("source `" + name + "`: cannot extract " + archive + ": " + e.getMessage(), e);
        }
    }

    private static InputStream gunzipped(InputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b ? new BufferedInputStream(new GZIPInputStream(in)) : in;
    }

    private static Path stripSingleFolder(Path target) throws IOException {
        try (Stream<Path> children = Files.list(target)) {
            List<Path> list = children.toList();
            if (list.size() == 1 && Files.isDirectory(list.get(0)) && !Files.isSymbolicLink(list.get(0))) {
                return list.get(0);
            }
        }
        return target;
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
