package dev.poststack.backup;

import dev.poststack.api.BackupSet;
import dev.poststack.api.PoststackException;
import dev.poststack.api.RestoreOptions;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a restore's options against what the repository holds, before anything is stopped, and turns them
 * into {@code pgbackrest restore} options.
 */
public final class RestorePlan {

    private static final Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");
    private static final Pattern LABEL = Pattern.compile("[0-9]{8}-[0-9]{6}F(_[0-9]{8}-[0-9]{6}[DI])?");
    /** recovery_target_time as PostgreSQL reads it, to the microsecond, in UTC. */
    private static final DateTimeFormatter TARGET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");

    private RestorePlan() {
    }

    /**
     * A {@code --target-time} value: ISO-8601 with an offset ({@code 2026-12-02T05:44:55.7Z},
     * {@code 2026-12-02 05:44:55+01:00}) or as {@code psql} prints {@code now()} ({@code 2026-12-02 05:44:55.706538+00}).
     */
    public static Instant parseTime(String text) {
        String iso = text.strip().replace(' ', 'T');
        if (iso.matches(".*[+-][0-9]{2}$")) {
            iso = iso + ":00";
        }
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            throw PoststackException.invalidInput("--target-time `" + text + "` is not a time with a UTC offset\nfix:"
                    + " write it as ISO-8601, e.g. 2026-12-02T05:44:55Z or \"2026-12-02 05:44:55.706538+00\" (as psql"
                    + " prints select now())");
        }
    }

    /** @throws PoststackException {@code INVALID_INPUT} for a malformed {@code --target-lsn} */
    public static String checkLsn(String lsn) {
        if (!LSN.matcher(lsn).matches()) {
            throw PoststackException.invalidInput("--target-lsn `" + lsn + "` is not a WAL position\nfix: write it as"
                    + " PostgreSQL prints pg_current_wal_lsn(), e.g. 0/3000060");
        }
        return lsn.toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The backup the restore starts from, after checking the options against the repository.
     *
     * @param sets      the stanza's backups, oldest first
     * @param newestWal when the newest archived WAL segment was written to the repository (empty: none)
     * @throws PoststackException {@code INVALID_INPUT} naming what is wrong: no backup, an unknown set, a target
     *                            time before the first backup ended or after the newest archived WAL
     */
    public static BackupSet check(String service, List<BackupSet> sets, Optional<Instant> newestWal,
                                  RestoreOptions options) {
        if (sets.isEmpty()) {
            throw PoststackException.invalidInput("service `" + service + "` has no backup to restore yet\nfix: make"
                    + " one with `poststack backup` (full by default), then restore");
        }
        options.set().ifPresent(label -> {
            if (!LABEL.matcher(label).matches() && sets.stream().noneMatch(s -> s.label().equals(label))) {
                throw PoststackException.invalidInput("--set `" + label + "` is not a pgBackRest backup label\nfix:"
                        + " `poststack backups` lists the labels, e.g. " + sets.get(sets.size() - 1).label());
            }
        });
        Optional<BackupSet> named = options.set().map(label -> sets.stream().filter(s -> s.label().equals(label))
                .findFirst().orElseThrow(() -> PoststackException.invalidInput("service `" + service + "` has no backup"
                        + " set " + label + "\nfix: `poststack backups` lists them: " + labels(sets))));
        BackupSet first = sets.get(0);
        BackupSet from = named.orElse(sets.get(sets.size() - 1));
        if (options.targetTime().isPresent()) {
            Instant target = options.targetTime().get();
            Instant earliest = named.map(BackupSet::stopped).orElse(first.stopped());
            if (target.isBefore(earliest)) {
                throw PoststackException.invalidInput("--target-time " + target + " is before "
                        + (named.isPresent() ? "backup " + from.label() : "the first backup (" + first.label() + ")")
                        + " ended at " + earliest + ": no backup holds the database as it was then\nfix: give a time"
                        + " from " + earliest + " on" + (named.isPresent() ? ", or leave --set out" : ""));
            }
            if (newestWal.isEmpty() || target.isAfter(newestWal.get())) {
                throw PoststackException.invalidInput("--target-time " + target + " is after the newest archived WAL"
                        + newestWal.map(t -> " (written to the repository at " + t + ")").orElse(" (none is archived)")
                        + ": the repository cannot replay up to it\nfix: give an earlier time, or restore without a"
                        + " target to replay all archived WAL");
            }
            if (named.isEmpty()) {
                // pgBackRest picks the newest backup that ended before the target.
                from = sets.stream().filter(s -> !s.stopped().isAfter(target)).reduce((a, b) -> b).orElse(first);
            }
        }
        return from;
    }

    /**
     * {@code pgbackrest restore}'s options for {@code options}, without the stanza.
     *
     * @param from the set {@link #check} chose (the named one, when {@code --set} was given); named with
     *             {@code --set} for a target time too, because pgBackRest's own choice compares whole seconds
     *             (stop &lt; target) and finds no set for a target in the second the backup ended
     */
    public static List<String> restoreOptions(RestoreOptions options, BackupSet from) {
        List<String> args = new ArrayList<>();
        if (options.set().isPresent() || options.targetTime().isPresent()) {
            args.add("--set=" + from.label());
        }
        options.targetTime().ifPresent(time -> {
            args.add("--type=time");
            args.add("--target=" + TARGET.format(time.atOffset(ZoneOffset.UTC)));
        });
        options.targetLsn().ifPresent(lsn -> {
            args.add("--type=lsn");
            args.add("--target=" + checkLsn(lsn));
        });
        if (options.set().isPresent() && options.targetTime().isEmpty() && options.targetLsn().isEmpty()) {
            // A set alone means the database as that backup holds it, not that backup plus all later WAL.
            args.add("--type=immediate");
        }
        if (options.set().isPresent() || options.targetTime().isPresent() || options.targetLsn().isPresent()) {
            args.add("--target-action=promote");
        }
        return args;
    }

    private static String labels(List<BackupSet> sets) {
        return String.join(", ", sets.stream().map(BackupSet::label).toList());
    }
}
