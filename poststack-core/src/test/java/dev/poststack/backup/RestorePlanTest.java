package dev.poststack.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poststack.api.BackupSet;
import dev.poststack.api.BackupType;
import dev.poststack.api.PoststackException;
import dev.poststack.api.RestoreOptions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pgBackRest's info document read, and a restore's options checked against it and turned into restore options. */
class RestorePlanTest {

    /** A trimmed `pgbackrest info --output=json` of pgBackRest 2.55 (one full, one diff, another stanza). */
    private static final String INFO = """
            [{"archive":[{"id":"17-1","max":"000000010000000000000007","min":"000000010000000000000002"}],
              "backup":[
               {"archive":{"start":"000000010000000000000002","stop":"000000010000000000000002"},"database":{"id":1,"repo-key":1},
                "error":false,"info":{"delta":23480363,"repository":{"delta":2801856,"size":2801856},"size":23480363},
                "label":"20261202-054447F","lsn":{"start":"0/2000028","stop":"0/2000120"},"prior":null,"reference":null,
                "timestamp":{"start":1796190287,"stop":1796190292},"type":"full"},
               {"archive":{"start":"000000010000000000000005","stop":"000000010000000000000005"},"database":{"id":1,"repo-key":2},
                "error":false,"info":{"delta":1000,"repository":{"delta":500,"size":600},"size":23480363},
                "label":"20261202-054447F_20261202-060000D","prior":"20261202-054447F",
                "timestamp":{"start":1796191200,"stop":1796191210},"type":"diff"}],
              "name":"db","status":{"code":0,"message":"ok"}},
             {"archive":[],"backup":[],"name":"other","status":{"code":2,"message":"no valid backups"}}]
            """;
    private static final Instant FULL_STOP = Instant.ofEpochSecond(1796190292);
    private static final Optional<Instant> NEWEST_WAL = Optional.of(Instant.ofEpochSecond(1796192000));

    @Test
    void readsTheStanzasBackupsOldestFirst() {
        List<BackupSet> sets = BackupInfoJson.parse(INFO, "db");

        assertThat(sets).extracting(BackupSet::label).containsExactly("20261202-054447F",
                "20261202-054447F_20261202-060000D");
        BackupSet full = sets.get(0);
        assertThat(full.type()).isEqualTo(BackupType.FULL);
        assertThat(full.stopped()).isEqualTo(FULL_STOP);
        assertThat(full.databaseBytes()).isEqualTo(23480363);
        assertThat(full.repositoryBytes()).isEqualTo(2801856);
        assertThat(full.walStart()).isEqualTo("000000010000000000000002");
        assertThat(full.prior()).isEmpty();
        assertThat(sets.get(1).prior()).contains("20261202-054447F");
        assertThat(sets.get(1).repository()).isEqualTo(2);
        assertThat(BackupInfoJson.parse(INFO, "other")).isEmpty();
        assertThatThrownBy(() -> BackupInfoJson.parse("ERROR: [055]: unable to load info file", "db"))
                .isInstanceOf(PoststackException.class).hasMessageContaining("printed no JSON");
    }

    @Test
    void refusesWhatTheRepositoryCannotGive() {
        List<BackupSet> sets = BackupInfoJson.parse(INFO, "db");
        RestoreOptions latest = RestoreOptions.latest();

        assertThatThrownBy(() -> RestorePlan.check("db", List.of(), NEWEST_WAL, latest))
                .hasMessageContaining("has no backup to restore yet").hasMessageContaining("poststack backup");
        assertThatThrownBy(() -> RestorePlan.check("db", sets, NEWEST_WAL, latest.withSet("20200101-000000F")))
                .hasMessageContaining("no backup set 20200101-000000F").hasMessageContaining("20261202-054447F");
        assertThatThrownBy(() -> RestorePlan.check("db", sets, NEWEST_WAL, latest.withSet("last-tuesday")))
                .hasMessageContaining("is not a pgBackRest backup label");
        assertThatThrownBy(() -> RestorePlan.check("db", sets, NEWEST_WAL, latest.withTargetTime(FULL_STOP.minusSeconds(1))))
                .hasMessageContaining("is before the first backup (20261202-054447F) ended at " + FULL_STOP);
        assertThatThrownBy(() -> RestorePlan.check("db", sets, NEWEST_WAL,
                latest.withTargetTime(NEWEST_WAL.get().plusSeconds(1)))).hasMessageContaining("after the newest archived WAL");
        assertThatThrownBy(() -> RestorePlan.check("db", sets, Optional.empty(), latest.withTargetTime(FULL_STOP)))
                .hasMessageContaining("none is archived");
        assertThatThrownBy(() -> RestorePlan.parseTime("yesterday")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> RestorePlan.checkLsn("0/XYZ")).hasMessageContaining("is not a WAL position");
        assertThatThrownBy(() -> latest.withTargetTime(FULL_STOP).withTargetLsn("0/1")).hasMessageContaining("not both");
    }

    @Test
    void picksTheNewestBackupBeforeTheTargetAndWritesPgBackRestsOptions() {
        List<BackupSet> sets = BackupInfoJson.parse(INFO, "db");
        Instant between = FULL_STOP.plusSeconds(60);

        assertThat(RestorePlan.check("db", sets, NEWEST_WAL, RestoreOptions.latest().withTargetTime(between)).label())
                .isEqualTo("20261202-054447F");
        assertThat(RestorePlan.check("db", sets, NEWEST_WAL, RestoreOptions.latest()).label())
                .isEqualTo("20261202-054447F_20261202-060000D");
        BackupSet full = sets.get(0);
        assertThat(RestorePlan.restoreOptions(RestoreOptions.latest().withTargetTime(
                RestorePlan.parseTime("2026-12-02 05:44:55.706538+00")), full)).containsExactly(
                "--set=20261202-054447F", "--type=time", "--target=2026-12-02 05:44:55.706538+00:00",
                "--target-action=promote");
        assertThat(RestorePlan.restoreOptions(RestoreOptions.latest().withTargetLsn("0/3000060"), full))
                .containsExactly("--type=lsn", "--target=0/3000060", "--target-action=promote");
        assertThat(RestorePlan.restoreOptions(RestoreOptions.latest().withSet("20261202-054447F"), full))
                .containsExactly("--set=20261202-054447F", "--type=immediate", "--target-action=promote");
        assertThat(RestorePlan.restoreOptions(RestoreOptions.latest(), full)).isEmpty();
        assertThat(RestorePlan.parseTime("2026-12-02T06:44:55+01:00")).isEqualTo(Instant.parse("2026-12-02T05:44:55Z"));
    }

    @Test
    void aTargetInTheSecondTheBackupEndedNamesThatBackup() {
        // pgBackRest keeps stop times in whole seconds and on its own finds no set with stop < 05:44:52.48.
        List<BackupSet> sets = BackupInfoJson.parse(INFO, "db");
        Instant sameSecond = FULL_STOP.plusMillis(484);

        BackupSet from = RestorePlan.check("db", sets, NEWEST_WAL, RestoreOptions.latest().withTargetTime(sameSecond));

        assertThat(from.label()).isEqualTo("20261202-054447F");
        assertThat(RestorePlan.restoreOptions(RestoreOptions.latest().withTargetTime(sameSecond), from))
                .startsWith("--set=20261202-054447F", "--type=time");
    }
}
