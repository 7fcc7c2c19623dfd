package dev.poststack.build.registry;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes poststack's own registry connections (Jib's) trust what the engine trusts for a registry: the CA files
 * Docker reads for it, {@code /etc/docker/certs.d/<host:port>/*.crt}. They are added to the JVM's default trust
 * (the JDK's CAs and any {@code javax.net.ssl.trustStore} stay trusted), since Jib's HTTP client uses the JVM
 * default. Nothing changes when no such file exists.
 */
public final class RegistryTrust {

    private static final Path CERTS_D = Path.of("/etc/docker/certs.d");
    private static final Set<Path> ADDED = new LinkedHashSet<>();

    private RegistryTrust() {
    }

    /** Adds the engine's CA files for {@code hosts} ({@code host[:port]}) to the JVM default trust. */
    public static synchronized void trustEngineCas(Collection<String> hosts) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String host : hosts) {
            Path dir = CERTS_D.resolve(host);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    list.filter(p -> p.getFileName().toString().endsWith(".crt")).sorted()
                            .filter(p -> !ADDED.contains(p)).forEach(files::add);
                }
            }
        }
        if (files.isEmpty()) {
            return;
        }
        try {
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            int n = 0;
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate certificate : x509.generateCertificates(in)) {
                        extra.setCertificateEntry("docker-certs-d-" + n++, certificate);
                    }
                }
            }
            X509TrustManager system = trustManager(null);
            X509TrustManager added = trustManager(extra);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new Either(system, added)}, null);
            SSLContext.setDefault(context);
            ADDED.addAll(files);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the registry CA files " + files + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a server that either manager trusts. */
    private record Either(X509TrustManager first, X509TrustManager second) implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            first.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
