package dev.poststack.run;

import dev.poststack.secret.SecretFingerprint;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordRecordTest {

    @Test
    void aRecordHoldsTheFingerprintOfThePasswordNeverThePassword() {
        String fingerprint = SecretFingerprint.of("the new password");
        String text = PasswordRecord.text(Optional.of(fingerprint));

        assertThat(text).doesNotContain("the new password").contains("password=" + fingerprint).endsWith("\n");
        assertThat(PasswordRecord.fingerprint(text)).contains(fingerprint);
        assertThat(PasswordRecord.matches(text, "the new password")).isTrue();
        assertThat(PasswordRecord.matches(text, "the old password")).isFalse();
    }

    @Test
    void anEmptyOrMissingOrForeignFileIsNoRecord() {
        assertThat(PasswordRecord.text(Optional.empty())).isEmpty();
        assertThat(PasswordRecord.fingerprint("")).isEmpty();
        assertThat(PasswordRecord.fingerprint("# nothing here\npassword=\n")).isEmpty();
        assertThat(PasswordRecord.fingerprint("some other file\nwith lines")).isEmpty();
        assertThat(PasswordRecord.matches("", "anything")).isFalse();
        assertThat(PasswordRecord.matches("password=not-a-fingerprint\n", "not-a-fingerprint")).isFalse();
    }

    @Test
    void theLastPasswordLineCounts() {
        String older = SecretFingerprint.of("older");
        String newer = SecretFingerprint.of("newer");

        assertThat(PasswordRecord.fingerprint("password=" + older + "\r\n  password=" + newer + "  \n"))
                .contains(newer);
    }
}
