package dev.poststack.check;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Errors that waiting cannot heal: the server answered, and said no. PostgreSQL's SQLSTATE class 28
 * (invalid authorization: {@code password authentication failed}, {@code role ... does not exist}) and
 * {@code 3D000} ({@code database ... does not exist}) after it accepted the connection. Connection refused,
 * {@code the database system is starting up} (57P03) and the like are transient and keep the check waiting.
 * A server certificate that TLS verification refuses ({@code verify-ca}, {@code verify-full}: not signed by the
 * manifest's CA, or not naming the host) is permanent too: the server answered with that certificate.
 */
final class PermanentErrors {

    private static final Set<String> STATES = Set.of("3D000");
    private static final Set<String> CLASSES = Set.of("28");

    private PermanentErrors() {
    }

    static boolean isPermanent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && isPermanentState(sql.getSQLState())
                    || isCertificateRefused(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code error} or one of its causes is a refused certificate. */
    static boolean refusesCertificate(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isCertificateRefused(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The JDK's trust check failed (its validator's exceptions are {@link CertificateException}s), or pgjdbc's
     * host name check did ({@code The hostname 127.0.0.1 could not be verified by hostnameverifier ...}).
     */
    private static boolean isCertificateRefused(Throwable t) {
        return t instanceof CertificateException || t instanceof CertPathValidatorException
                || t instanceof SQLException && t.getMessage() != null
                && t.getMessage().contains("could not be verified by hostnameverifier");
    }

    static boolean isPermanentState(String state) {
        return STATES.contains(state) || state.length() == 5 && CLASSES.contains(state.substring(0, 2));
    }
}
