#!/usr/bin/env bash
# A major-version upgrade (PostgreSQL 17 to 18, pg_upgrade --link) through poststack next to the same upgrade by
# hand, same run, same database (pgbench at SCALE, one volume each):
#   poststack:  `poststack upgrade --to 18 --mode link` (inspection, extension inventory, stop, pg_upgrade --check and
#               --link in the upgrade image, swap, the 18 server started and its checks, old cluster removed; then
#               extension updates and vacuumdb --missing-stats-only, after the downtime)
#   by hand:    pg_attver stripped online (see postgres-upgrade/poststack-upgrade), docker stop, pg_upgrade --check and
#               --link in a container of the same upgrade image, the new cluster moved into place, a container of the
#               18 image started on the volume until it answers
# Reported: the whole command's seconds, and the downtime as a prober saw it (pg_isready against 127.0.0.1 every 0.1 s:
# from the first refused probe to the next accepted one). No target: the issue asks for the numbers.
#
#   bench/upgrade.sh            SCALE=70 (about 1 GB, as the issue asks)
#   SCALE=5 bench/upgrade.sh    a small database on a loaded machine
#
# Works on a copy of the project under namespace bench-upgrade and POSTSTACK_PROJECT=bench-upgrade-<pid>; its
# containers and volumes are removed at exit.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

SCALE=${SCALE:-70}
PROJECT=bench-upgrade-$$
PORT=${PORT:-55417}
MANUAL_PORT=${MANUAL_PORT:-55418}

ensure_engine
ensure_mmdebstrap
ensure_jar

begin_project_run upgrade
copy_project bench-upgrade
manifest=$project/images.yaml
sed -i 's/^  namespace: poststack$/  namespace: bench-upgrade/' "$manifest"
sed -i 's/^  postgres: {catalog: postgres}$/  postgres: {catalog: postgres}\n  base-debian-sid: {catalog: base-debian-sid}\n  postgres18: {catalog: postgres18}\n  postgres-upgrade: {catalog: postgres-upgrade}/' "$manifest"
sed -i "s/^    ports: \[5432\]$/    ports: [\"$PORT:5432\"]/" "$manifest"
if ! grep -q 'postgres-upgrade: {catalog' "$manifest" || ! grep -q "\"$PORT:5432\"" "$manifest"; then
    echo "could not add the PostgreSQL 18 images and a fixed port to images.yaml" >&2
    exit 1
fi
write_env "pgbench scale: $SCALE"

timed() { # command... -> seconds
    local a b
    a=$(now)
    "$@"
    b=$(now)
    elapsed "$a" "$b"
}

say "build (what is missing): postgres, postgres18, postgres-upgrade"
pstack build.log build-images postgres postgres-upgrade
image17=bench-upgrade/postgres:latest
image18=bench-upgrade/postgres18:latest
upgrade_image=bench-upgrade/postgres-upgrade:latest

# A prober on the host's network asking 127.0.0.1:$1 every 0.1 s; one line per probe: epoch seconds, up|down.
start_prober() { # port name
    docker run -d --name "$PROJECT-$2" --label "dev.poststack.project=$PROJECT" --network host --user postgres \
        --entrypoint bash "$image18" -c "while :; do if pg_isready -q -t 1 -h 127.0.0.1 -p $1; then s=up; else s=down; fi;
            echo \"\$EPOCHREALTIME \$s\"; sleep 0.1; done" >/dev/null
}
# The longest stretch without an answer in a prober's lines: from its first refused probe to the next accepted one.
downtime() { # name -> seconds
    docker logs "$PROJECT-$1" 2>/dev/null | awk '
        $2 == "down" && !down { down = 1; from = $1 }
        $2 == "up" && down { down = 0; if ($1 - from > worst) worst = $1 - from }
        END { printf "%.2f\n", worst }'
}
wait_answering() { # port
    local i
    for ((i = 0; i < 600; i++)); do
        docker exec "$PROJECT-probe" pg_isready -q -t 1 -h 127.0.0.1 -p "$1" && return 0
        sleep 0.2
    done
    echo "nothing answers on 127.0.0.1:$1" >&2
    return 1
}
strip_sql="UPDATE pg_catalog.pg_attribute SET attoptions = (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE array_agg(o) END FROM unnest(attoptions) o WHERE o NOT LIKE 'pg_attver=%') WHERE attrelid >= 16384 AND attoptions::text LIKE '%pg_attver=%'"

say "poststack side: up db on PostgreSQL 17, pgbench -i -s $SCALE"
pstack up.log up db
db=$PROJECT-db
docker exec -u postgres "$db" pgbench -q -i -s "$SCALE" postgres >"$results/pgbench.log" 2>&1
size=$(docker exec -u postgres "$db" psql -X -At -c "select pg_size_pretty(pg_database_size('postgres'))")
rows=$(docker exec -u postgres "$db" psql -X -At -c "select count(*) from pgbench_accounts")
sed -i 's/^    image: postgres$/    image: postgres18/; s/^    database: {user: postgres, password: db-password, name: postgres}$/    database: {user: postgres, password: db-password, name: postgres, upgrade: {from: postgres, image: postgres-upgrade}}/' "$manifest"
grep -q 'upgrade: {from: postgres' "$manifest" || { echo "could not add database.upgrade to images.yaml" >&2; exit 1; }
start_prober "$PORT" probe
wait_answering "$PORT"
poststack_s=$(timed pstack upgrade.log upgrade --to 18 --mode link --json)
sleep 0.5
poststack_down=$(downtime probe)
poststack_reported=$(tail -n 1 "$results/upgrade.log" | sed -n 's/.*"downtimeMillis":\([0-9]*\).*/\1/p')
after=$(docker exec -u postgres "$db" psql -X -At -c "select current_setting('server_version_num')::int / 10000 || ' ' || count(*) from pgbench_accounts")
[[ $after == "18 $rows" ]] || { echo "after poststack's upgrade: $after, expected 18 $rows" >&2; exit 1; }

say "by hand: a PostgreSQL 17 container on a volume of its own, pgbench -i -s $SCALE"
manual=$PROJECT-manual
docker volume create --label "dev.poststack.project=$PROJECT" "$manual" >/dev/null
docker run -d --name "$manual" --label "dev.poststack.project=$PROJECT" -p "127.0.0.1:$MANUAL_PORT:5432" \
    -v "$manual:/var/lib/postgresql/data" -e POSTGRES_PASSWORD=bench "$image17" >/dev/null
wait_answering "$MANUAL_PORT"
docker exec -u postgres "$manual" pgbench -q -i -s "$SCALE" postgres >>"$results/pgbench.log" 2>&1
start_prober "$MANUAL_PORT" manual-probe
manual_upgrade() {
    docker exec -u postgres "$manual" psql -X -q -d postgres -c "$strip_sql" >/dev/null
    docker stop "$manual" >/dev/null
    docker rm "$manual" >/dev/null
    docker run --rm --network none -u postgres -v "$manual:/var/lib/postgresql/data" --entrypoint bash "$upgrade_image" -c '
        set -e
        new=$PGDATA/.new
        mkdir -m 700 "$new" && cd "$new"
        /usr/lib/postgresql/18/bin/initdb -D "$new/data" -U postgres --no-sync --no-data-checksums --auth=peer \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        preload=$(/usr/lib/postgresql/17/bin/postgres -D "$PGDATA" -C shared_preload_libraries)
        args=(-b /usr/lib/postgresql/17/bin -B /usr/lib/postgresql/18/bin -d "$PGDATA" -D "$new/data" -U postgres
            --socketdir="$new" -O "-c shared_preload_libraries=$preload")
        /usr/lib/postgresql/18/bin/pg_upgrade "${args[@]}" --check --link >/dev/null
        /usr/lib/postgresql/18/bin/pg_upgrade "${args[@]}" --link >/dev/null
        for f in postgresql.conf postgresql.auto.conf pg_hba.conf pg_ident.conf; do cp "$PGDATA/$f" "$new/data/"; done
        cp -a "$PGDATA/conf.d" "$new/data/"
        mkdir "$new/old"
        find "$PGDATA" -mindepth 1 -maxdepth 1 ! -name .new -exec mv -t "$new/old" {} +
        find "$new/data" -mindepth 1 -maxdepth 1 -exec mv -t "$PGDATA" {} +
        rm -rf "$new"'
    docker run -d --name "$manual" --label "dev.poststack.project=$PROJECT" -p "127.0.0.1:$MANUAL_PORT:5432" \
        -v "$manual:/var/lib/postgresql/data" -e POSTGRES_PASSWORD=bench "$image18" >/dev/null
    wait_answering "$MANUAL_PORT"
}
manual_s=$(timed manual_upgrade)
sleep 0.5
manual_down=$(downtime manual-probe)
manual_after=$(docker exec -u postgres "$manual" psql -X -At -c "select current_setting('server_version_num')::int / 10000 || ' ' || count(*) from pgbench_accounts")
[[ $manual_after == "18 $rows" ]] || { echo "after the upgrade by hand: $manual_after, expected 18 $rows" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; }
{
    printf '\npgbench scale %s, database %s (%s rows in pgbench_accounts), pg_upgrade --link\n' "$SCALE" "$size" "$rows"
    printf '%-62s %10s %14s\n' "upgrade 17 -> 18" "seconds" "downtime s"
    printf '%-62s %10s %14s\n' "poststack upgrade --to 18 --mode link (whole command)" "$poststack_s" "$poststack_down"
    printf '%-62s %10s %14s\n' "  (its own report: stop until the 18 server passed its checks)" "" \
        "$(awk -v m="${poststack_reported:-0}" 'BEGIN { printf "%.2f", m / 1000 }')"
    printf '%-62s %10s %14s\n' "pg_upgrade --check + --link by hand (docker stop to answering)" "$manual_s" "$manual_down"
    printf '\npoststack %sx the seconds, %sx the downtime of the upgrade by hand\n' "$(ratio "$poststack_s" "$manual_s")" \
        "$(ratio "$poststack_down" "$manual_down")"
} | tee "$results/summary.txt"

summary_item upgrade_s "$poststack_s" "no target"
summary_item downtime_s "$poststack_down" "no target"
summary_item manual_upgrade_s "$manual_s" "no target"
summary_item manual_downtime_s "$manual_down" "no target"
echo "SUMMARY: $(summary_items)"
