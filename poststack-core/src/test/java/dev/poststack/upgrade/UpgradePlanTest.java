package dev.poststack.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poststack.api.PoststackException;
import dev.poststack.api.UpgradeMode;
import dev.poststack.api.UpgradeOptions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What `poststack-upgrade inspect` prints read, and an upgrade planned or refused from it before anything stops. */
class UpgradePlanTest {

    /** What `poststack-upgrade inspect` printed on a 17 volume of 1 GB (ext4: no reflinks). */
    private static final String INSPECT = """
            version=17
            old_major=17
            new_major=18
            used_kb=1048576
            free_kb=20971520
            reflink=no
            stage=no
            extensions=age,amcheck,pg_cron,pg_squeeze,pg_stat_statements,plpgsql,vector
            checksums=0
            """;

    private static final UpgradePlan.Image IMAGE_18 = new UpgradePlan.Image("postgres18", Optional.of(18));
    private static final UpgradePlan.Image IMAGE_17 = new UpgradePlan.Image("postgres", Optional.of(17));

    private static UpgradePlan.Inputs inputs(String inspect, List<ClusterInventory.Installed> extensions,
                                             List<ClusterInventory.OidColumn> columns) {
        return new UpgradePlan.Inputs("db", IMAGE_18, IMAGE_17, VolumeFacts.parse(inspect), extensions, columns);
    }

    private static List<ClusterInventory.Installed> installed(String... databaseAndName) {
        return java.util.Arrays.stream(databaseAndName).map(d -> d.split("\\."))
                .map(p -> new ClusterInventory.Installed(p[0], p[1], "1.0")).toList();
    }

    @Test
    void readsWhatTheVolumeHolds() {
        VolumeFacts facts = VolumeFacts.parse(INSPECT);

        assertThat(facts.version()).contains(17);
        assertThat(facts.usedKb()).isEqualTo(1048576);
        assertThat(facts.reflink()).isFalse();
        assertThat(facts.available()).contains("vector", "plpgsql").doesNotContain("postgis");
        assertThat(VolumeFacts.parse(INSPECT.replace("version=17", "version=none")).version()).isEmpty();
    }

    @Test
    void linksWhereTheFileSystemCannotCloneAndClonesWhereItCan() {
        UpgradePlan plan = UpgradePlan.check(inputs(INSPECT, installed("app.vector", "app.plpgsql"), List.of()),
                UpgradeOptions.to(18));

        assertThat(plan.mode()).isEqualTo(UpgradeMode.LINK);
        assertThat(plan.fromMajor()).isEqualTo(17);
        assertThat(plan.toMajor()).isEqualTo(18);
        assertThat(UpgradePlan.check(inputs(INSPECT.replace("reflink=no", "reflink=yes"), List.of(), List.of()),
                UpgradeOptions.to(18)).mode()).isEqualTo(UpgradeMode.CLONE);
        assertThat(UpgradePlan.check(inputs(INSPECT, List.of(), List.of()), UpgradeOptions.to(18)
                .withMode(UpgradeMode.COPY)).mode()).isEqualTo(UpgradeMode.COPY);
    }

    @Test
    void refusesAnUpgradeToTheMajorTheDataHasAlready() {
        assertThatThrownBy(() -> UpgradePlan.check(inputs(INSPECT.replace("version=17", "version=18"), List.of(),
                List.of()), UpgradeOptions.to(18)))
                .isInstanceOf(PoststackException.class)
                .hasMessageContaining("already on PostgreSQL 18")
                .extracting(e -> ((PoststackException) e).kind()).isEqualTo(PoststackException.Kind.INVALID_INPUT);
    }

    @Test
    void refusesAVolumeWithoutACluster() {
        assertThatThrownBy(() -> UpgradePlan.check(inputs(INSPECT.replace("version=17", "version=none"), List.of(),
                List.of()), UpgradeOptions.to(18)))
                .hasMessageContaining("holds no cluster yet").hasMessageContaining("poststack up db");
    }

    @Test
    void refusesAServiceWhoseImageIsNotPostgres() {
        UpgradePlan.Inputs in = new UpgradePlan.Inputs("web", new UpgradePlan.Image("nginx", Optional.empty()),
                IMAGE_17, VolumeFacts.parse(INSPECT), List.of(), List.of());

        assertThatThrownBy(() -> UpgradePlan.check(in, UpgradeOptions.to(18)))
                .hasMessageContaining("`nginx` is not a PostgreSQL image");
    }

    @Test
    void refusesWhenTheServiceImageIsStillTheOldMajor() {
        UpgradePlan.Inputs in = new UpgradePlan.Inputs("db", IMAGE_17, IMAGE_17, VolumeFacts.parse(INSPECT), List.of(),
                List.of());

        assertThatThrownBy(() -> UpgradePlan.check(in, UpgradeOptions.to(18)))
                .hasMessageContaining("runs PostgreSQL 17, not 18")
                .hasMessageContaining("postgres18: {catalog: postgres18}");
    }

    @Test
    void refusesAFromImageOfAnotherMajorThanTheVolume() {
        UpgradePlan.Inputs in = new UpgradePlan.Inputs("db", IMAGE_18, IMAGE_18, VolumeFacts.parse(INSPECT), List.of(),
                List.of());

        assertThatThrownBy(() -> UpgradePlan.check(in, UpgradeOptions.to(18)))
                .hasMessageContaining("`database.upgrade.from` names `postgres18`, which runs PostgreSQL 18");
    }

    @Test
    void listsEveryExtensionTheNewMajorDoesNotPackage() {
        assertThatThrownBy(() -> UpgradePlan.check(inputs(INSPECT, installed("app.vector", "app.postgis",
                "gis.postgis", "postgres.citus"), List.of()), UpgradeOptions.to(18)))
                .hasMessageContaining("extensions with no PostgreSQL 18 package in the image: citus (in postgres),"
                        + " postgis (in app, gis)")
                .hasMessageContaining("DROP EXTENSION")
                .hasMessageContaining("nothing was stopped or changed")
                .hasMessageNotContaining("vector");
    }

    @Test
    void refusesColumnsOfRegTypesAndNamesAgeAsTheirOwner() {
        List<ClusterInventory.OidColumn> columns = List.of(new ClusterInventory.OidColumn("app",
                "ag_catalog.ag_graph.namespace", "regnamespace", Optional.of("age")));

        assertThatThrownBy(() -> UpgradePlan.check(inputs(INSPECT, installed("app.age"), columns), UpgradeOptions.to(18)))
                .hasMessageContaining("app: ag_catalog.ag_graph.namespace (regnamespace, extension age)")
                .hasMessageContaining("Apache AGE");
    }

    @Test
    void refusesCloneWithoutReflinks() {
        assertThatThrownBy(() -> UpgradePlan.check(inputs(INSPECT, List.of(), List.of()),
                UpgradeOptions.to(18).withMode(UpgradeMode.CLONE)))
                .hasMessageContaining("--mode clone needs a file system with reflinks");
    }

    @Test
    void checksTheRoomTheModeNeeds() {
        String tight = INSPECT.replace("free_kb=20971520", "free_kb=524288");

        assertThat(UpgradePlan.check(inputs(tight, List.of(), List.of()), UpgradeOptions.to(18)).neededKb())
                .isLessThan(524288);
        assertThatThrownBy(() -> UpgradePlan.check(inputs(tight, List.of(), List.of()),
                UpgradeOptions.to(18).withMode(UpgradeMode.COPY)))
                .hasMessageContaining("needs about 1280 MiB free on the data volume, which has 512 MiB free")
                .hasMessageContaining("--mode link");
    }

    @Test
    void refusesAVolumeWithAStageLeftBehind() {
        assertThatThrownBy(() -> UpgradePlan.check(inputs(INSPECT.replace("stage=no", "stage=yes"), List.of(),
                List.of()), UpgradeOptions.to(18)))
                .hasMessageContaining(".poststack-restore/");
    }

    @Test
    void refusesAnUnknownMode() {
        assertThatThrownBy(() -> UpgradeMode.of("swap")).hasMessageContaining("link, clone or copy");
    }
}
