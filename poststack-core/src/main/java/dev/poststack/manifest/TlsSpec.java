package dev.poststack.manifest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * TLS of a database service ({@code database.tls}): how the server is switched on (the image's
 * {@code POSTGRES_SSL*} variables, written once here) and how poststack's own connections use it.
 *
 * @param server  what makes the server's certificate: the image's own settings, a self-signed one or files
 * @param cert    with {@link Server#FILES}: the certificate (chain) on the host
 * @param key     with {@link Server#FILES}: its private key on the host, placed in the container as a secret file
 * @param require whether the server refuses TCP connections without TLS ({@code hostssl})
 * @param mode    the {@code sslmode} of poststack's connections; empty: the driver's default ({@code prefer})
 * @param ca      the certificate authority {@link Mode#VERIFY_CA} and {@link Mode#VERIFY_FULL} trust, on the host
 */
public record TlsSpec(Server server, Optional<Path> cert, Optional<Path> key, boolean require, Optional<Mode> mode,
                      Optional<Path> ca) {

    /** No TLS written in the manifest and none in the service's environment: connections as the driver does them. */
    public static final TlsSpec NONE = new TlsSpec(Server.IMAGE, Optional.empty(), Optional.empty(), false,
            Optional.empty(), Optional.empty());

    /** Where the certificate and key given as files are placed in the container (secret files, mode 0400). */
    public static final String CERT_SECRET = "poststack-tls.crt";
    public static final String KEY_SECRET = "poststack-tls.key";

    /** Who makes the server's certificate. */
    public enum Server {
        /** poststack sets nothing: the service's own environment (or the image's defaults) decides. */
        IMAGE,
        /** {@code POSTGRES_SSL=self-signed}: made in the data folder on the first start, for development. */
        SELF_SIGNED,
        /** {@code POSTGRES_SSL=on} with the manifest's certificate and key. */
        FILES
    }

    /** pgjdbc's (and libpq's) {@code sslmode}s that say what a connection demands. */
    public enum Mode {
        DISABLE, REQUIRE, VERIFY_CA, VERIFY_FULL;

        /** As written in the manifest and in a JDBC URL: {@code verify-full}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Whether the server's certificate is checked against {@code ca}. */
        public boolean verifies() {
            return this == VERIFY_CA || this == VERIFY_FULL;
        }
    }

    /** The image's variables that switch the server's TLS on as this spec says; none for {@link Server#IMAGE}. */
    public Map<String, String> serverEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        if (server == Server.IMAGE) {
            return env;
        }
        env.put("POSTGRES_SSL", server == Server.SELF_SIGNED ? "self-signed" : "on");
        if (server == Server.FILES) {
            env.put("POSTGRES_SSL_CERT_FILE", ServiceSpec.secretPath(CERT_SECRET));
            env.put("POSTGRES_SSL_KEY_FILE", ServiceSpec.secretPath(KEY_SECRET));
        }
        env.put("POSTGRES_SSL_REQUIRE", require ? "on" : "off");
        return env;
    }
}
