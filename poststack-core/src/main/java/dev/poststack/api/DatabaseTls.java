package dev.poststack.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a connection to a database uses TLS: pgjdbc's {@code sslmode} and, for the modes that check the server's
 * certificate, the CA file it trusts ({@code sslrootcert}). pgjdbc does the TLS; this only says what to ask of it.
 * <pre>{@code
 * DatabaseTls tls = DatabaseTls.verifyFull(Path.of("tls/ca.crt"));
 * }</pre>
 */
public final class DatabaseTls {

    /** pgjdbc's {@code sslmode} values poststack uses. */
    public enum Mode {
        /** No TLS. */
        DISABLE,
        /** Encrypted; the certificate is not checked. */
        REQUIRE,
        /** Encrypted; the certificate must be signed by the CA. */
        VERIFY_CA,
        /** Encrypted; signed by the CA and naming the host connected to. */
        VERIFY_FULL;

        /** As pgjdbc and libpq write it: {@code verify-full}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Mode mode;
    private final Path rootCertificate;

    private DatabaseTls(Mode mode, Path rootCertificate) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.rootCertificate = rootCertificate;
    }

    /**
     * @param rootCertificate the CA's certificate (PEM); required for {@link Mode#VERIFY_CA} and
     *                        {@link Mode#VERIFY_FULL}, not used by the others
     */
    public static DatabaseTls of(Mode mode, Optional<Path> rootCertificate) {
        boolean verifies = mode == Mode.VERIFY_CA || mode == Mode.VERIFY_FULL;
        if (verifies && rootCertificate.isEmpty()) {
            throw new IllegalArgumentException("sslmode " + mode.text() + " needs the CA's certificate");
        }
        return new DatabaseTls(mode, verifies ? rootCertificate.orElseThrow() : null);
    }

    /** {@code sslmode=require}: encrypted, certificate not checked. */
    public static DatabaseTls require() {
        return of(Mode.REQUIRE, Optional.empty());
    }

    /** {@code sslmode=verify-full} against {@code caCertificate}. */
    public static DatabaseTls verifyFull(Path caCertificate) {
        return of(Mode.VERIFY_FULL, Optional.of(caCertificate));
    }

    public Mode mode() {
        return mode;
    }

    /** The CA certificate the server's certificate is checked against, for the verifying modes. */
    public Optional<Path> rootCertificate() {
        return Optional.ofNullable(rootCertificate);
    }

    /** The same mode with the CA certificate at another path (e.g. where it is placed inside a container). */
    public DatabaseTls withRootCertificate(Path path) {
        return rootCertificate == null ? this : new DatabaseTls(mode, path);
    }

    /** pgjdbc's URL parameters, e.g. {@code sslmode=verify-full&sslrootcert=/path/ca.crt}. */
    public String urlParameters() {
        return "sslmode=" + mode.text() + rootCertificate()
                .map(p -> "&sslrootcert=" + URLEncoder.encode(p.toString(), StandardCharsets.UTF_8)).orElse("");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseTls other && mode == other.mode && Objects.equals(rootCertificate,
                other.rootCertificate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, rootCertificate);
    }

    @Override
    public String toString() {
        return urlParameters();
    }
}
