package dev.poststack.run;

import dev.poststack.api.PoststackException;
import dev.poststack.hash.Sha256;
import dev.poststack.manifest.DatabaseSpec;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.manifest.TlsSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate and key of {@code database.tls} with {@code server: files}, read from the host and placed
 * into the container like secrets ({@code /run/secrets/poststack-tls.{crt,key}}, mode 0400, the image's user),
 * where the image's {@code POSTGRES_SSL_CERT_FILE} and {@code _KEY_FILE} point: the key is never in an image,
 * the environment or {@code docker inspect}.
 */
final class TlsFiles {

    private TlsFiles() {
    }

    /** Secret file name to content; empty when the service's server TLS is not made of files. */
    static Map<String, String> of(ServiceSpec service) {
        Map<String, String> files = new LinkedHashMap<>();
        Optional<TlsSpec> tls = service.database().map(DatabaseSpec::tls)
                .filter(t -> t.server() == TlsSpec.Server.FILES);
        tls.ifPresent(t -> {
            files.put(TlsSpec.CERT_SECRET, read(service, t.cert().orElseThrow(), "certificate"));
            files.put(TlsSpec.KEY_SECRET, read(service, t.key().orElseThrow(), "private key"));
        });
        return files;
    }

    /** The certificate's hash, for the container's config digest: a new certificate makes a new container. */
    static Optional<String> certificateDigest(ServiceSpec service) {
        return service.database().map(DatabaseSpec::tls).filter(t -> t.server() == TlsSpec.Server.FILES)
                .map(t -> Sha256.hex(read(service, t.cert().orElseThrow(), "certificate")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private static String read(ServiceSpec service, Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw PoststackException.invalidInput("service `" + service.name() + "`: cannot read the TLS " + what + " "
                    + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")\nfix: make the file"
                    + " readable, or point `database.tls` at another one");
        }
    }
}
