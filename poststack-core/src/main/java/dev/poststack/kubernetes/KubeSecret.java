package dev.poststack.kubernetes;

import java.util.Optional;

/**
 * A Kubernetes Secret the exported objects reference by name. Its value never enters the export: the
 * {@code create-secrets.sh} it writes makes the Secret from where poststack keeps the value.
 *
 * @param name     the Secret's name
 * @param username for a {@code kubernetes.io/basic-auth} Secret (what CloudNativePG reads), its {@code username};
 *                 empty for a plain one-key Secret
 * @param secret   the manifest's {@code secrets} entry holding the value: {@code password} of a basic-auth
 *                 Secret, else the one key, named as the entry, so a projected volume places it at
 *                 {@code /run/secrets/<entry>} as poststack does
 */
record KubeSecret(String name, Optional<String> username, String secret) {

    static KubeSecret basicAuth(String name, String username, String secret) {
        return new KubeSecret(name, Optional.of(username), secret);
    }

    static KubeSecret plain(String secret) {
        return new KubeSecret(KubeNames.dns(secret), Optional.empty(), secret);
    }
}
