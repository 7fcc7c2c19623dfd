#!/usr/bin/env bash
# pgBackRest backups through poststack next to pg_basebackup by hand, same run, same database (pgbench at SCALE):
#   backup:  `poststack backup` (full, zstd, the whole command)  vs  pg_basebackup -Ft --compress=zstd -X stream (exec)
#   restore: `poststack restore --to` (restore, replay of all archived WAL, promotion, the service's checks)  vs
#            by hand: the base backup extracted into a new volume, the WAL that pg_receivewal kept since the base
#            backup replayed by restore_command until its end, the server promoted and answering
#   PITR:    `poststack restore --to --target-time` to a point before the last writes  vs  the same by hand with
#            recovery_target_time
# with seconds and repository / backup size. Targets: backup <= 1.2x and restore (both kinds) <= 1.2x the manual path.
#
#   bench/backup.sh             SCALE=70 (about 1 GB, as the issue asks)
#   SCALE=10 bench/backup.sh    a smaller database on a loaded machine
#   COMPRESS=lz4 bench/backup.sh  pgBackRest's faster compression (default zst; pg_basebackup's side stays zstd)
#
# Works on a copy of the project under namespace bench-backup and POSTSTACK_PROJECT=bench-backup-<pid>; its
# containers and volumes are removed at exit.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

SCALE=${SCALE:-70}
# pgBackRest's compress-type (the manifest's database.backup.compress): zst as by default, or lz4, gz, bz2
COMPRESS=${COMPRESS:-zst}
PROJECT=bench-backup-$$
TARGET_RATIO=1.2

ensure_engine
ensure_mmdebstrap
ensure_jar

begin_project_run backup
copy_project bench-backup
sed -i 's/^  namespace: poststack$/  namespace: bench-backup/; s/^    database: {user: postgres, password: db-password, name: postgres}$/    database: {user: postgres, password: db-password, name: postgres, backup: {compress: '"$COMPRESS"'}}/' "$project/images.yaml"
grep -q "backup: {compress: $COMPRESS}" "$project/images.yaml" || { echo "could not add database.backup to images.yaml" >&2; exit 1; }
write_env "pgbench scale: $SCALE" "pgBackRest compress-type: $COMPRESS"

timed() { # command... -> seconds; fails when the command fails (errexit does not reach into $(...))
    local a b
    a=$(now)
    "$@" || return
    b=$(now)
    elapsed "$a" "$b"
}

say "build (what is missing) and up db"
pstack build.log build-images postgres
pstack up.log up db
db=$(docker ps -q --filter "label=dev.poststack.project=$PROJECT" --filter "label=dev.poststack.service=db")
[[ -n $db ]] || { echo "no running db container for project $PROJECT" >&2; exit 1; }
image=$(docker inspect -f '{{.Config.Image}}' "$db")
psql_db() { docker exec -u postgres "$db" psql -X -q -At -v ON_ERROR_STOP=1 -d postgres -c "$1"; }

say "pgbench -i -s $SCALE"
docker exec -u postgres "$db" pgbench -q -i -s "$SCALE" postgres >"$results/pgbench.log" 2>&1
size=$(psql_db "select pg_size_pretty(pg_database_size('postgres'))")

say "backups: poststack backup (full) and pg_basebackup by hand (with pg_receivewal keeping the WAL from here on)"
backup_s=$(timed pstack backup.log backup --type full) || exit 1
# The manual side's WAL archive: pg_receivewal over the socket, from before its base backup to after the writes.
docker exec -u postgres "$db" mkdir -p /var/lib/postgresql/manual-wal
docker exec -d -u postgres "$db" pg_receivewal -h /var/run/postgresql -U postgres -D /var/lib/postgresql/manual-wal --no-loop
for _ in $(seq 1 100); do # streaming (its first segment begun) before the base backup starts
    [[ -n $(docker exec -u postgres "$db" ls /var/lib/postgresql/manual-wal) ]] && break
    sleep 0.1
done
repo_bytes=$(docker exec -u postgres "$db" du -sb /var/lib/pgbackrest/backup | cut -f1)
manual_backup_s=$(timed docker exec -u postgres "$db" pg_basebackup -h /var/run/postgresql -U postgres \
    -D /var/lib/postgresql/manual -Ft --compress=zstd -X stream --checkpoint=fast) || exit 1
manual_bytes=$(docker exec -u postgres "$db" du -sb /var/lib/postgresql/manual | cut -f1)
docker cp "$db:/var/lib/postgresql/manual" "$work/manual"
# docker cp writes the files as root, mode 600: the restore below reads them as postgres.
chmod -R a+rX "$work/manual"
docker exec -u postgres "$db" rm -rf /var/lib/postgresql/manual

say "writes after the backup, a noted time, more writes"
docker exec -u postgres "$db" pgbench -n -T 10 postgres >>"$results/pgbench.log" 2>&1
target=$(psql_db "select clock_timestamp()")
docker exec -u postgres "$db" pgbench -n -T 5 postgres >>"$results/pgbench.log" 2>&1
# The last writes' segment is closed, and pg_receivewal stopped once it holds that segment complete.
last=$(psql_db "select pg_walfile_name(pg_switch_wal())")
for _ in $(seq 1 300); do
    docker exec -u postgres "$db" test -f "/var/lib/postgresql/manual-wal/$last" && break
    sleep 0.1
done
docker exec -u postgres "$db" test -f "/var/lib/postgresql/manual-wal/$last" ||
    { echo "pg_receivewal did not receive segment $last" >&2; exit 1; }
docker exec -u postgres "$db" pkill -INT pg_receivewal || true
docker cp "$db:/var/lib/postgresql/manual-wal" "$work/manual-wal"
rm -f "$work"/manual-wal/*.partial
chmod -R a+rX "$work/manual-wal"
wal_segments=$(find "$work/manual-wal" -type f | wc -l)

# Each timed restore starts with the page cache dropped (as root), so neither side reads what the other just read:
# the first restore would otherwise read the repository cold and the later ones warm.
caches=kept
cold() {
    sync
    if [[ -w /proc/sys/vm/drop_caches ]] && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then caches=dropped; fi
}

say "restores: poststack restore --to, and the base backup extracted and started by hand"
cold
restore_s=$(timed pstack restore.log restore --to db-latest) || exit 1
pstack restore.log drop-restored db-latest
cold
pitr_s=$(timed pstack restore.log restore --to db-pitr --target-time "$target") || exit 1
pstack restore.log drop-restored db-pitr
manual_volume=$PROJECT-manual
manual_restore() { # [recovery target time]: the base backup, its WAL archive replayed (to the time), promoted
    docker volume create --label "dev.poststack.project=$PROJECT" "$manual_volume" >/dev/null
    local target_lines=''
    if [[ $# -gt 0 ]]; then
        target_lines="recovery_target_time = '$1'
recovery_target_action = 'promote'"
    fi
    # A failed extraction must stop here: the server below would otherwise initialise an empty volume and answer.
    # pg_basebackup compresses base.tar, and pg_wal.tar too in some versions: tar finds out which when reading.
    docker run --rm --network none -u postgres -v "$manual_volume:/var/lib/postgresql/data" -v "$work/manual:/backup:ro" \
        -e TARGET_LINES="$target_lines" "$image" sh -c 'cd /var/lib/postgresql/data && tar -xf /backup/base.tar* \
            && tar -xf /backup/pg_wal.tar* -C pg_wal && touch recovery.signal \
            && printf "%s\n" "restore_command = '"'cp /wal/%f %p'"'" "$TARGET_LINES" >>postgresql.auto.conf' >/dev/null ||
        { echo "extracting the base backup failed" >&2; return 1; }
    docker run -d --name "$manual_volume" --label "dev.poststack.project=$PROJECT" --network none \
        -v "$manual_volume:/var/lib/postgresql/data" -v "$work/manual-wal:/wal:ro" -e POSTGRES_PASSWORD=unused "$image" >/dev/null
    until docker exec -u postgres "$manual_volume" psql -X -q -At -c 'select not pg_is_in_recovery()' 2>/dev/null | grep -q t; do
        sleep 0.1
    done
}
manual_rows() { docker exec -u postgres "$manual_volume" psql -X -q -At -c 'select count(*) from pgbench_history'; }
manual_drop() {
    docker rm -f "$manual_volume" >/dev/null
    docker volume rm "$manual_volume" >/dev/null
}
cold
manual_restore_s=$(timed manual_restore) || exit 1
manual_latest_rows=$(manual_rows)
manual_drop
cold
manual_pitr_s=$(timed manual_restore "$target") || exit 1
manual_pitr_rows=$(manual_rows)
manual_drop
source_rows=$(psql_db 'select count(*) from pgbench_history')
# The manual side must have replayed the writes after its base backup: all of them, and fewer to the noted time.
[[ $manual_latest_rows == "$source_rows" ]] ||
    { echo "the manual restore holds $manual_latest_rows pgbench_history rows, the source $source_rows" >&2; exit 1; }
(( manual_pitr_rows > 0 && manual_pitr_rows < source_rows )) ||
    { echo "the manual PITR holds $manual_pitr_rows pgbench_history rows (source $source_rows)" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; }
backup_ratio=$(ratio "$backup_s" "$manual_backup_s")
restore_ratio=$(ratio "$restore_s" "$manual_restore_s")
pitr_ratio=$(ratio "$pitr_s" "$manual_pitr_s")
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB\n", b / 1048576 }'; }
{
    printf '\npgbench scale %s, database %s\n' "$SCALE" "$size"
    printf '%-52s %10s %12s\n' "operation" "seconds" "size"
    printf '%-52s %10s %12s\n' "poststack backup (full, $COMPRESS, whole command)" "$backup_s" "$(mib "$repo_bytes")"
    printf '%-52s %10s %12s\n' "pg_basebackup -Ft --compress=zstd -X stream (exec)" "$manual_backup_s" "$(mib "$manual_bytes")"
    printf '%-52s %10s\n' "poststack restore --to (latest, checks passed)" "$restore_s"
    printf '%-52s %10s\n' "base backup + WAL archive replayed, promoted (by hand)" "$manual_restore_s"
    printf '%-52s %10s\n' "poststack restore --to --target-time (PITR)" "$pitr_s"
    printf '%-52s %10s\n' "the same by hand, recovery_target_time" "$manual_pitr_s"
    printf 'page cache before each timed restore: %s; both sides replay the 15 s of pgbench writes after the backup\n' "$caches"
    printf '(%s WAL segments kept by pg_receivewal; pgbench_history rows: source %s, manual latest %s, manual PITR %s)\n' \
        "$wal_segments" "$source_rows" "$manual_latest_rows" "$manual_pitr_rows"
    printf '\nbackup %sx, restore %sx, PITR %sx the manual path (target <= %s)\n' "$backup_ratio" "$restore_ratio" "$pitr_ratio" "$TARGET_RATIO"
} | tee "$results/summary.txt"

summary_item backup_ratio "$backup_ratio" "$(verdict "$backup_ratio" "$TARGET_RATIO")"
summary_item restore_ratio "$restore_ratio" "$(verdict "$restore_ratio" "$TARGET_RATIO")"
summary_item pitr_ratio "$pitr_ratio" "$(verdict "$pitr_ratio" "$TARGET_RATIO")"
summary_item repository_mib "$(awk -v b="$repo_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')" "no target"
echo "SUMMARY: $(summary_items)"
