#!/usr/bin/env bash
# `poststack clone` of the example schema's database holding 100k rows: the whole command (JVM start, finding the
# running service, ending the source's sessions, CREATE DATABASE ... TEMPLATE, the owner's settings), next to the
# same copy made by hand in the same run: CREATE DATABASE ... TEMPLATE through docker exec (the floor: the copy alone, no
# JVM) and pg_dump | psql (what teams do without template copies; pg_cron left out, as it lives in one database only). Target: clone median <= 1 s.
#
#   bench/clone.sh            RUNS=10 clones of each kind
#   RUNS=3 bench/clone.sh     quick check
#
# Environment:
#   RUNS   copies of each kind (default 10; medians are reported), pg_dump | psql runs 3 at most
#   ROWS   rows written into the example schema's account and document tables together (default 100000)
#   KEEP=1 keep the work folder
#
# Works on a copy of the project (images from the catalog, as ./poststack setup builds them) under
# POSTSTACK_PROJECT=bench-clone-<pid>; its containers, network and volume are removed at exit.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${RUNS:-10}
ROWS=${ROWS:-100000}
PROJECT=bench-clone-$$
LIQUIBASE_TAG=bench-clone
TARGET_CLONE_S=1.0

ensure_engine
ensure_mmdebstrap
ensure_jar

begin_project_run clone
copy_project "$LIQUIBASE_TAG"
{
    echo "date: $stamp"
    echo "runs: $RUNS per kind; rows: $ROWS"
    echo "project: $PROJECT"
    machine_lines
} >"$results/env.txt"
cat "$results/env.txt" >&2

say "setup (builds what is missing, starts db, applies the schema)"
pstack setup.log setup
db=$(docker ps -q --filter "label=dev.poststack.project=$PROJECT" --filter "label=dev.poststack.service=db")
[[ -n $db ]] || { echo "no running db container for project $PROJECT" >&2; exit 1; }
psql_db() { # database sql -> psql in the db container as the postgres OS user (peer authentication)
    docker exec -u postgres "$db" psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}
app=$(awk '/^schema:/ { s = 1 } s && /^  database:/ { print $2; exit }' "$project/images.yaml")
[[ -n $app ]] || { echo "images.yaml has no schema database" >&2; exit 1; }

say "writing $ROWS rows into $app (accounts and their documents)"
accounts=$((ROWS / 2))
psql_db "$app" "insert into account (email, display_name)
                 select 'user' || g || '@example.org', 'User ' || g from generate_series(1, $accounts) g;
                insert into document (owner_id, title, body)
                 select id, 'doc ' || id, repeat('x', 200) from account;"
psql_db "$app" "vacuum analyze"
size=$(psql_db "$app" "select pg_size_pretty(pg_database_size(current_database()))")
rows=$(psql_db "$app" "select (select count(*) from account) + (select count(*) from document)")
echo "database $app: $rows rows, $size" | tee -a "$results/env.txt" >&2

timed() { # log command... -> seconds of one run of the command, its output appended to $results/<log>.log
    local t0 t1 log=$results/$1.log
    shift
    t0=$(now)
    "$@" >>"$log" 2>&1 || { tail -n 20 "$log" >&2; return 1; }
    t1=$(now)
    elapsed "$t0" "$t1"
}
# the whole command; its JSON's tookMillis (the copy's own statements, JDBC included) goes to copy-ms.txt
clone_cmd() {
    local out
    out=$(cd "$project" && "$repo/poststack" clone "$1" --json) || return 1
    printf '%s\n' "$out"
    grep -oE '"tookMillis" *: *[0-9]+' <<<"$out" | grep -oE '[0-9]+$' >>"$results/copy-ms.txt"
}
drop_cmd() { pstack drop.log drop-clone "$1"; }
createdb_cmd() { # as poststack does it: end the source's sessions (pg_cron's launcher), copy; again if one came back
    local attempt
    for attempt in 1 2 3 4 5; do
        docker exec -u postgres "$db" psql -X -q -At -v ON_ERROR_STOP=1 -d postgres \
            -c "select pg_terminate_backend(pid) from pg_stat_activity where datname = '$app' and pid <> pg_backend_pid()" \
            -c "create database $1 template $app strategy wal_log" && return 0
        echo "attempt $attempt failed" >&2
    done
    return 1
}
dump_cmd() {
    docker exec -u postgres "$db" createdb "$1" &&
        docker exec -u postgres "$db" sh -c "pg_dump --no-owner --exclude-extension=pg_cron -d '$app' | psql -X -q -v ON_ERROR_STOP=1 -d '$1'"
}

for kind in clone createdb dump copy-ms; do : >"$results/$kind.txt"; done
say "$RUNS x poststack clone, $RUNS x CREATE DATABASE ... TEMPLATE, pg_dump | psql (each copy dropped before the next)"
for ((i = 1; i <= RUNS; i++)); do
    timed clone clone_cmd "bench_clone_$i" >>"$results/clone.txt"
    drop_cmd "bench_clone_$i"
    timed createdb createdb_cmd "bench_createdb_$i" >>"$results/createdb.txt"
    psql_db postgres "drop database bench_createdb_$i"
    if ((i <= 3)); then
        timed dump dump_cmd "bench_dump_$i" >>"$results/dump.txt"
        psql_db postgres "drop database bench_dump_$i"
    fi
done
copied=$( (cd "$project" && "$repo/poststack" clone bench_check >/dev/null 2>&1) &&
    psql_db bench_check "select (select count(*) from account) + (select count(*) from document)")

clone_s=$(median <"$results/clone.txt")
copy_s=$(awk '{ print $1 / 1000 }' "$results/copy-ms.txt" | median)
createdb_s=$(median <"$results/createdb.txt")
dump_s=$(median <"$results/dump.txt")
{
    printf '\n%-44s %10s %8s\n' "copy of $app ($rows rows, $size)" "median s" "runs"
    printf '%-44s %10s %8s\n' "poststack clone (whole command)" "$clone_s" "$(wc -l <"$results/clone.txt")"
    printf '%-44s %10s %8s\n' "  of which the copy's statements (tookMillis)" "$copy_s" "$(wc -l <"$results/copy-ms.txt")"
    printf '%-44s %10s %8s\n' "CREATE DATABASE ... TEMPLATE by hand (exec)" "$createdb_s" "$(wc -l <"$results/createdb.txt")"
    printf '%-44s %10s %8s\n' "pg_dump | psql by hand (docker exec)" "$dump_s" "$(wc -l <"$results/dump.txt")"
    printf '\nrows in a clone: %s (source: %s)\n' "$copied" "$rows"
} | tee "$results/summary.txt"

same=$([[ $copied == "$rows" ]] && echo pass || echo FAIL)
summary_item clone_median_s "$clone_s" "$(verdict "$clone_s" "$TARGET_CLONE_S")"
summary_item clone_copy_statements_median_s "$copy_s" "no target"
summary_item createdb_template_median_s "$createdb_s" "no target"
summary_item pg_dump_restore_median_s "$dump_s" "no target"
summary_item clone_rows_equal "$copied/$rows" "$same"
echo "SUMMARY: $(summary_items)"