package dev.poststack.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnixSocketTlsTest {

    @Test
    void everyUseOfTheSocketFilesTlsContextIsRefused() {
        UnixSocketTls tls = new UnixSocketTls();

        assertThatThrownBy(tls::getSocketFactory).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Unix socket");
        assertThatThrownBy(tls::createSSLEngine).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> tls.createSSLEngine("localhost", 2376)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> tls.init(null, null, null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(tls::getClientSessionContext).isInstanceOf(UnsupportedOperationException.class);
    }
}
