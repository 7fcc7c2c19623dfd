package dev.poststack.secret;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A salted, slow hash of a secret, for a label that says which secret a container or volume was made with
 * without saying the secret: {@code pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>}. Anyone who can
 * {@code docker inspect} sees it; PBKDF2 with a random salt keeps a guessable password costly to guess.
 */
public final class SecretFingerprint {

    private static final String SCHEME = "pbkdf2-sha256";
    private static final int ITERATIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Fingerprints this JVM has proved to be of a secret, to that secret's SHA-256: a start that compares one
     * label several times (refusals first, then the start) pays the slow hash once. Memory only, as the secret.
     */
    private static final Map<String, byte[]> PROVEN = new ConcurrentHashMap<>();

    private SecretFingerprint() {
    }

    /** A fingerprint of {@code secret} with a fresh salt. */
    public static String of(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return format(ITERATIONS, salt, hash(secret, salt, ITERATIONS));
    }

    /** Whether {@code fingerprint} (as {@link #of} made it) is one of {@code secret}; false for anything else. */
    public static boolean matches(String fingerprint, String secret) {
        byte[] quick = sha256(secret);
        byte[] proven = PROVEN.get(fingerprint);
        if (proven != null && MessageDigest.isEqual(proven, quick)) {
            return true;
        }
        if (slowMatch(fingerprint, secret)) {
            PROVEN.put(fingerprint, quick);
            return true;
        }
        return false;
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java 17 runtime", e);
        }
    }

    private static boolean slowMatch(String fingerprint, String secret) {
        String[] parts = fingerprint.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = HexFormat.of().parseHex(parts[2]);
            byte[] expected = HexFormat.of().parseHex(parts[3]);
            return iterations > 0 && iterations <= 10 * ITERATIONS
                    && MessageDigest.isEqual(expected, hash(secret, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        return SCHEME + "$" + iterations + "$" + HexFormat.of().formatHex(salt) + "$" + HexFormat.of().formatHex(hash);
    }

    private static byte[] hash(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
