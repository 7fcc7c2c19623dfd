package dev.poststack.run;

import dev.poststack.manifest.PortSpec;
import dev.poststack.manifest.ServiceSpec;
import dev.poststack.manifest.Location;
import dev.poststack.manifest.SecretSpec;
import dev.poststack.secret.SecretStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerPlanTest {

    private static final Resources RESOURCES = new Resources("acme-db-1a2b3c4d", "/work/acme");
    private static final SecretStore SECRETS = store(Path.of("/nonexistent/poststack-plan-test"));

    /** A store whose only secret is generated into {@code projectDir}'s {@code .poststack/secrets}. */
    private static SecretStore store(Path projectDir) {
        return SecretStore.forProject(projectDir, Map.of("db-password", new SecretSpec("db-password",
                new SecretSpec.Generated(24), Location.of(projectDir.resolve("images.yaml"), 1, 1))));
    }

    private static ServiceSpec db(Map<String, String> env, List<PortSpec> ports) {
        ServiceSpec base = ServiceOrderTest.service("db");
        return new ServiceSpec("db", "postgres", env, List.of("db-password"), Map.of("pgdata", "/var/lib/postgresql/data"),
                ports, List.of("postgres"), List.of(), base.stopTimeout(), base.database(), List.of(), List.of(),
                base.location());
    }

    @Test
    void theSameImageAndConfigurationGiveTheSameDigestWhateverTheEnvOrder() {
        ContainerPlan a = new ContainerPlan(db(Map.of("A", "1", "B", "2"), List.of(PortSpec.random(5432))),
                new LocalImage("acme/db/postgres:latest", "sha256:1", "postgres"), RESOURCES, SECRETS);
        ContainerPlan b = new ContainerPlan(db(new java.util.TreeMap<>(Map.of("B", "2", "A", "1")),
                List.of(PortSpec.random(5432))), new LocalImage("acme/db/postgres:latest", "sha256:1", "postgres"), RESOURCES, SECRETS);
        assertThat(a.config()).isEqualTo(b.config()).hasSize(32);
    }

    @Test
    void anotherImageEnvOrPortChangesTheDigest() {
        ServiceSpec spec = db(Map.of("A", "1"), List.of(PortSpec.random(5432)));
        String config = new ContainerPlan(spec, new LocalImage("r", "sha256:1", "postgres"), RESOURCES, SECRETS).config();
        assertThat(new ContainerPlan(spec, new LocalImage("r", "sha256:2", "postgres"), RESOURCES, SECRETS).config()).isNotEqualTo(config);
        assertThat(new ContainerPlan(db(Map.of("A", "2"), spec.ports()), new LocalImage("r", "sha256:1", "postgres"), RESOURCES, SECRETS).config())
                .isNotEqualTo(config);
        assertThat(new ContainerPlan(db(spec.env(), List.of(PortSpec.fixed(15432, 5432))), new LocalImage("r", "sha256:1", "postgres"), RESOURCES, SECRETS).config()).isNotEqualTo(config);
    }

    @Test
    void dataInMemoryIsATmpfsOwnedByTheImagesUserInsteadOfTheVolumeAndChangesTheDigest() {
        ServiceSpec onVolume = db(Map.of(), List.of());
        ServiceSpec inMemory = onVolume.withVolumesInMemory();
        LocalImage image = new LocalImage("r", "sha256:1", "postgres");
        ContainerPlan plan = new ContainerPlan(inMemory, image, RESOURCES, SECRETS);
        assertThat(inMemory.volumes()).isEmpty();
        assertThat(inMemory.inMemory()).containsExactly("/var/lib/postgresql/data");
        assertThat(plan.binds()).as("no volume mounted").isEmpty();
        assertThat(plan.memoryMounts(new SecretFiles.Owner(999, 998))).containsExactly(Map.entry(
                "/var/lib/postgresql/data", "rw,nosuid,nodev,mode=0700,uid=999,gid=998"));
        assertThat(plan.config()).as("a container on a volume is never kept for one in memory, or back")
                .isNotEqualTo(new ContainerPlan(onVolume, image, RESOURCES, SECRETS).config());
        assertThat(new ContainerPlan(onVolume, image, RESOURCES, SECRETS).memoryMounts(SecretFiles.Owner.ROOT)).isEmpty();
        assertThat(inMemory.withVolumesInMemory()).as("twice is once").isEqualTo(inMemory);
    }

    @Test
    void namesEverythingAfterTheProjectAndAliasesTheServiceByItsName() {
        ContainerPlan plan = new ContainerPlan(db(Map.of(), List.of()), new LocalImage("r", "sha256:1", "postgres"), RESOURCES, SECRETS);
        assertThat(RESOURCES.container("db")).isEqualTo("acme-db-1a2b3c4d-db");
        assertThat(RESOURCES.network()).isEqualTo("acme-db-1a2b3c4d-net");
        assertThat(RESOURCES.volume("pgdata")).isEqualTo("acme-db-1a2b3c4d-pgdata");
        assertThat(plan.aliases()).containsExactly("db", "postgres");
        assertThat(RESOURCES.serviceLabels("db", "c")).containsEntry("dev.poststack.managed", "true")
                .containsEntry("dev.poststack.project", "acme-db-1a2b3c4d").containsEntry("dev.poststack.service", "db")
                .containsEntry("dev.poststack.checkout", "/work/acme");
    }

    @Test
    void labelsRecordASaltedHashOfTheSecretsAndTheDatabasePasswordNeverTheValues(@TempDir Path project,
            @TempDir Path other) {
        SecretStore store = store(project);
        ContainerPlan plan = new ContainerPlan(db(Map.of(), List.of()), new LocalImage("r", "sha256:1", "postgres"),
                RESOURCES, store);
        String secrets = plan.containerLabels().get("dev.poststack.secrets");
        assertThat(secrets).startsWith("pbkdf2-sha256$").doesNotContain(store.value("db-password"));
        assertThat(plan.sameSecrets(secrets)).isTrue();
        assertThat(plan.sameSecrets(null)).isFalse();
        ContainerPlan otherSecrets = new ContainerPlan(plan.service(), plan.image(), RESOURCES, store(other));
        assertThat(otherSecrets.sameSecrets(secrets)).isFalse();
        assertThat(otherSecrets.config()).as("secret values are not part of the digest").isEqualTo(plan.config());
        assertThat(plan.containerLabels().get("dev.poststack.secrets")).as("salted afresh each time")
                .isNotEqualTo(secrets);
    }
}
