package dev.poststack.secret;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretFingerprintTest {

    @Test
    void matchesItsSecretOnlyAndNeverContainsIt() {
        String fingerprint = SecretFingerprint.of("s3cret-password");

        assertThat(fingerprint).startsWith("pbkdf2-sha256$10000$").doesNotContain("s3cret");
        assertThat(SecretFingerprint.matches(fingerprint, "s3cret-password")).isTrue();
        assertThat(SecretFingerprint.matches(fingerprint, "s3cret-passwore")).isFalse();
        assertThat(SecretFingerprint.of("s3cret-password")).as("a fresh salt each time").isNotEqualTo(fingerprint);
    }

    @Test
    void anythingElseIsNoMatch() {
        assertThat(SecretFingerprint.matches("", "x")).isFalse();
        assertThat(SecretFingerprint.matches("md5$1$00$00", "x")).isFalse();
        assertThat(SecretFingerprint.matches("pbkdf2-sha256$x$00$00", "x")).isFalse();
        assertThat(SecretFingerprint.matches("pbkdf2-sha256$1$zz$00", "x")).isFalse();
    }
}
