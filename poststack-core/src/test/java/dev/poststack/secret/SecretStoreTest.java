package dev.poststack.secret;

import dev.poststack.manifest.Location;
import dev.poststack.manifest.SecretSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretStoreTest {

    @TempDir
    Path project;

    private static SecretSpec secret(String name, SecretSpec.Source source) {
        return new SecretSpec(name, source, Location.of(Path.of("images.yaml"), 3, 3));
    }

    @Test
    void generatesOnceIntoAnOwnerOnlyFileAndReadsItBackLater() throws Exception {
        Map<String, SecretSpec> specs = Map.of("db-password", secret("db-password", new SecretSpec.Generated(24)));
        String first = SecretStore.forProject(project, specs).value("db-password");
        String again = SecretStore.forProject(project, specs).value("db-password");

        Path file = project.resolve(".poststack/secrets/db-password");
        assertThat(first).hasSize(24).matches("[A-Za-z0-9]+").isEqualTo(again);
        assertThat(Files.readString(file)).isEqualTo(first + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(project.resolve(".poststack/.gitignore"))).contains("\n*\n");
        assertThat(SecretStore.forProject(project, specs).file("db-password")).contains(file);
    }

    @Test
    void storesGeneratingOneSecretAtOnceAllGetTheWholeValueThatIsKept() throws Exception {
        Map<String, SecretSpec> specs = Map.of("db-password", secret("db-password", new SecretSpec.Generated(24)));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> values = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                values.add(threads.submit(() -> {
                    go.await();
                    return SecretStore.forProject(project, specs).value("db-password");
                }));
            }
            go.countDown();
            Set<String> seen = new HashSet<>();
            for (Future<String> value : values) {
                seen.add(value.get());
            }

            Path folder = project.resolve(".poststack/secrets");
            assertThat(seen).containsExactly(Files.readString(folder.resolve("db-password")).strip());
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files).containsExactly(folder.resolve("db-password"));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void twoGeneratedSecretsDiffer() {
        Map<String, SecretSpec> specs = Map.of("a", secret("a", new SecretSpec.Generated(32)),
                "b", secret("b", new SecretSpec.Generated(32)));
        SecretStore store = SecretStore.forProject(project, specs);
        assertThat(store.value("a")).isNotEqualTo(store.value("b"));
    }

    @Test
    void readsTheEnvironmentAndSaysWhichVariableIsMissing() {
        Map<String, SecretSpec> specs = Map.of("token", secret("token", new SecretSpec.FromEnv("API_TOKEN")));
        SecretStore set = new SecretStore(project, specs, name -> name.equals("API_TOKEN") ? "s3cr3t" : null);
        SecretStore unset = new SecretStore(project, specs, name -> null);

        assertThat(set.value("token")).isEqualTo("s3cr3t");
        assertThat(set.file("token")).isEmpty();
        assertThatThrownBy(() -> unset.value("token")).isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("secret `token` (images.yaml:3:3)")
                .hasMessageContaining("API_TOKEN, which is not set")
                .hasMessageContaining("fix: export API_TOKEN=");
    }

    @Test
    void readsTheFirstLineOfAFileAndExplainsAMissingOne() throws Exception {
        Path file = Files.writeString(project.resolve("pw"), "hunter2\r\nignored\n");
        Path missing = project.resolve("nope");
        SecretStore store = SecretStore.forProject(project, Map.of(
                "pw", secret("pw", new SecretSpec.FromFile(file)),
                "gone", secret("gone", new SecretSpec.FromFile(missing))));

        assertThat(store.value("pw")).isEqualTo("hunter2");
        assertThatThrownBy(() -> store.value("gone")).isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("cannot read its file " + missing).hasMessageContaining("fix:");
    }

    @Test
    void provesAFingerprintOfGeneratedSecretsOnceAndKeepsTheProofOwnerOnlyWithoutTheValue() throws Exception {
        Map<String, SecretSpec> specs = Map.of("db-password", secret("db-password", new SecretSpec.Generated(24)));
        SecretStore store = SecretStore.forProject(project, specs);
        String password = store.value("db-password");
        String fingerprint = SecretFingerprint.of(password);

        assertThat(store.isFingerprintOf(fingerprint, "another", List.of("db-password"))).isFalse();
        Path proofs = project.resolve(".poststack/secrets/" + FingerprintProofs.FILE_NAME);
        assertThat(proofs).doesNotExist();
        assertThat(store.isFingerprintOf(fingerprint, password, List.of("db-password"))).isTrue();
        assertThat(Files.readString(proofs)).startsWith(fingerprint + " ").doesNotContain(password);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(proofs))).isEqualTo("rw-------");
        SecretStore later = SecretStore.forProject(project, specs);
        assertThat(later.isFingerprintOf(fingerprint, password, List.of("db-password"))).isTrue();
        assertThat(later.isFingerprintOf(fingerprint, password + "x", List.of("db-password"))).isFalse();
        assertThat(later.value("db-password")).as("the proofs file is not a secret").isEqualTo(password);
    }

    @Test
    void keepsNoProofOfASecretFromTheEnvironment() throws Exception {
        Map<String, SecretSpec> specs = Map.of("token", secret("token", new SecretSpec.FromEnv("API_TOKEN")),
                "db-password", secret("db-password", new SecretSpec.Generated(24)));
        SecretStore store = new SecretStore(project.resolve("secrets"), specs, name -> "s3cr3t");
        store.value("db-password"); // the folder exists
        String fingerprint = SecretFingerprint.of("s3cr3t");

        assertThat(store.isFingerprintOf(fingerprint, "s3cr3t", List.of("token"))).isTrue();
        assertThat(store.isFingerprintOf(fingerprint, "s3cr3t", List.of("db-password", "token"))).isTrue();
        assertThat(project.resolve("secrets/" + FingerprintProofs.FILE_NAME)).doesNotExist();
    }

    @Test
    void aProofHoldsOnlyForItsFingerprintAndSecretAndOnlyTheNewestAreKept() throws Exception {
        Files.createDirectories(project);
        FingerprintProofs proofs = new FingerprintProofs(project);
        proofs.record("f0", "s0");
        assertThat(new FingerprintProofs(project).holds("f0", "s0")).isTrue();
        assertThat(proofs.holds("f0", "s1")).isFalse();
        assertThat(proofs.holds("f1", "s0")).isFalse();
        for (int i = 1; i <= 64; i++) {
            proofs.record("f" + i, "s" + i);
        }
        assertThat(proofs.holds("f0", "s0")).as("the oldest dropped").isFalse();
        assertThat(proofs.holds("f64", "s64")).isTrue();
        assertThat(Files.readAllLines(project.resolve(FingerprintProofs.FILE_NAME))).hasSize(64);
        try (Stream<Path> files = Files.list(project)) {
            assertThat(files).as("no temporary file left").hasSize(1);
        }
    }
}
