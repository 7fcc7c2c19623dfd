package dev.poststack.check;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextsTest {

    @Test
    void quotesOnOneLineAndCutsLongText() {
        assertThat(Texts.quote("starting\nplease wait \"soon\"\n")).isEqualTo("\"starting\\nplease wait \\\"soon\\\"\"");
        assertThat(Texts.quote("x".repeat(500))).hasSize(203).endsWith("x…\"");
    }

    @Test
    void describesAnErrorWithTheCausesItsMessageLacks() {
        SQLException failed = new SQLException("The connection attempt failed.", "08001", new EOFException());

        assertThat(Texts.describe(failed)).isEqualTo("The connection attempt failed.: EOFException");
        assertThat(Texts.describe(new ConnectException("Connection refused"))).isEqualTo("connection refused");
        assertThat(Texts.describe(new RuntimeException("Connection refused", new ConnectException("Connection refused"))))
                .isEqualTo("Connection refused: connection refused");
    }

    @Test
    void describesAnErrorWithoutAMessageByItsType() {
        assertThat(Texts.describe(new EOFException())).isEqualTo("EOFException");
    }

    @Test
    void listsOrSaysNone() {
        assertThat(Texts.listOrNone(List.of("bash", "sleep"))).isEqualTo("bash, sleep");
        assertThat(Texts.listOrNone(List.of())).isEqualTo("none");
    }
}
