#!/usr/bin/env bash
# Applying the example schema (liquibase/, 11 changesets) to a fresh database: `./poststack init-schema`
# (Liquibase in the liquibase image, run as a one-off container) side by side with Liquibase's own command
# line run directly on the host against the same database service. See bench/README.md.
#
#   bench/liquibase-apply.sh             RUNS=5 rounds, sides alternating
#   RUNS=1 bench/liquibase-apply.sh      quick check
#
# Environment:
#   RUNS    rounds per side (default 5); medians are reported
#   SIDES   any of "host host-c1 poststack" (default: all three; host-c1 is the host command line with the
#           JVM options of the liquibase image's entrypoint, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
#   KEEP=1  keep the work folder
#
# Before every round of every side the database service starts from nothing (`down --volumes`, `up db`),
# untimed. The host side's jars (liquibase-core, picocli, PostgreSQL JDBC, in the versions images.yaml
# names) come from Maven Central into bench/.cache/. The copy of the project is run with
# POSTSTACK_PROJECT=bench-lbapply-<pid> and its liquibase image is tagged poststack/liquibase:bench-apply;
# containers, network and volume are removed at exit, images are kept. Talks to 127.0.0.1 and the engine only.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${RUNS:-5}
SIDES=${SIDES:-host host-c1 poststack}
PROJECT=bench-lbapply-$$
LIQUIBASE_TAG=bench-apply
DB_CONTAINER=$PROJECT-db
cache=$repo/bench/.cache/liquibase-host

# ---------------------------------------------------------------------------------------------
ensure_engine
ensure_mmdebstrap
require_tool mvn maven
ensure_jar

begin_project_run liquibase

# ---------------------------------------------------------------------------------------------
# Host Liquibase: the versions of images.yaml, resolved once into the bench cache.
lb_version=$(version_of org.liquibase:liquibase-core)
picocli_version=$(version_of info.picocli:picocli)
pg_version=$(version_of org.postgresql:postgresql)
[[ -n $lb_version && -n $picocli_version && -n $pg_version ]] ||
    { echo "images.yaml does not name liquibase-core, picocli and postgresql versions" >&2; exit 1; }
lib=$cache/$lb_version-$picocli_version-$pg_version
if [[ ! -f $lib/.complete ]]; then
    say "resolving liquibase-core $lb_version, picocli $picocli_version, postgresql $pg_version (Maven Central)"
    rm -rf "$lib"
    mvn -B -q -f "$repo/bench/plain/liquibase/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
        -Dliquibase.version="$lb_version" -Dpicocli.version="$picocli_version" -Dpostgresql.version="$pg_version" \
        -DoutputDirectory="$lib" >"$results/mvn.log" 2>&1 || { cat "$results/mvn.log" >&2; exit 1; }
    touch "$lib/.complete"
fi

# The project copy: images.yaml (liquibase tagged bench-apply), containers/, liquibase/.
copy_project "$LIQUIBASE_TAG"
expected=$(cat "$project"/liquibase/changes/*.yaml | grep -cE '^[[:space:]]*- changeSet:' || true)

{
    echo "date: $stamp"
    echo "runs: $RUNS per side; sides: $SIDES"
    echo "project: $PROJECT, liquibase image poststack/liquibase:$LIQUIBASE_TAG; changesets: $expected"
    machine_lines
    echo "host jars: $(cd "$lib" && echo ./*.jar)"
} >"$results/env.txt"

psql_db() { # database sql -> psql in the database container, as the postgres OS user (peer)
    docker exec -u postgres "$DB_CONTAINER" psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

say "priming: setup builds what is missing (the liquibase:$LIQUIBASE_TAG image) and starts db"
pstack prime.log setup
echo "container java: $(grep -m1 -o 'using Java [^ ]*' "$project/logs/containers/liquibase-update.log" 2>/dev/null || echo -)" >>"$results/env.txt"

# A database service started from nothing: no cluster, no role app, no database app.
fresh_db() { # round side
    local t0
    t0=$(now)
    pstack "fresh.log" down --volumes
    pstack "fresh.log" up db
    echo "$1 $2 $(elapsed "$t0" "$(now)")" >>"$results/fresh.txt"
}
db_port() {
    docker port "$DB_CONTAINER" 5432/tcp | awk -F: '/^127\.0\.0\.1:/ {print $NF; exit}'
}
check_applied() { # side round
    local n
    n=$(psql_db app "select count(*) from databasechangelog where exectype = 'EXECUTED'")
    [[ $n == "$expected" ]] || { echo "$1 round $2: $n changesets applied, expected $expected" >&2; exit 1; }
}

# Host: role and database as poststack's init-schema makes them (untimed, measured apart), then Liquibase.
host_round() { # side round
    local side=$1 round=$2 port t0 t1 t2 log=$results/$1-$2.log jvm=()
    [[ $side == host-c1 ]] && jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
    # target/lib's Logback set up as poststack's command line has it (warnings only), not Logback's default.
    jvm+=(-Dpoststack.cli=true)
    port=$(db_port)
    t0=$(now)
    psql_db postgres "create role app login" >/dev/null
    psql_db postgres "create database app owner app" >/dev/null
    t1=$(now)
    LIQUIBASE_COMMAND_PASSWORD=$(head -n 1 "$project/.poststack/secrets/db-password") LIQUIBASE_ANALYTICS_ENABLED=false \
        java "${jvm[@]}" -cp "$lib/*" liquibase.integration.commandline.LiquibaseCommandLine \
        --show-banner=false --analytics-enabled=false --log-level=WARNING \
        --search-path="$project/liquibase" update --changelog-file=changelog.yaml \
        --url="jdbc:postgresql://127.0.0.1:$port/app?options=-c%20role%3Dapp" --username=postgres >"$log" 2>&1 ||
        { tail -n 40 "$log" >&2; echo "host liquibase failed (log: $log)" >&2; exit 1; }
    t2=$(now)
    check_applied "$side" "$round"
    echo "$side $round $(elapsed "$t1" "$t2") $(elapsed "$t0" "$t1")" >>"$results/raw.txt"
    printf '  %-9s round %s: liquibase %s s (role + database before it: %s s)\n' "$side" "$round" \
        "$(elapsed "$t1" "$t2")" "$(elapsed "$t0" "$t1")" >&2
}

# poststack: the whole init-schema command; the Liquibase container's own start-to-exit from engine events.
poststack_round() { # round
    local round=$1 t0 t1 log=$results/poststack-$1.log task
    t0=$(now)
    pstack "poststack-$round.log" init-schema
    t1=$(now)
    grep -q "applied $expected changesets" "$log" || { cat "$log" >&2; echo "init-schema did not apply $expected changesets" >&2; exit 1; }
    check_applied poststack "$round"
    # The Liquibase container's life from the engine's events: create, start, die, destroy (ns since epoch).
    docker events --since "$t0" --until "$(now)" --filter "label=dev.poststack.project=$PROJECT" \
        --filter "label=dev.poststack.task=liquibase-update" --filter event=create --filter event=start \
        --filter event=die --filter event=destroy --format '{{.TimeNano}} {{.Action}}' >"$work/events.txt"
    # Phases in s: before the container (JVM start, role and database, changelog check), create to start
    # (secret file copied in), start to exit (Liquibase itself), exit to removal, removal to the command's end.
    task=$(awk -v t0="$t0" -v t1="$t1" '{ sub(/:.*/, "", $2); e[$2] = $1 / 1e9 }
        END { if (!("create" in e) || !("destroy" in e)) { print "- - - - -"; exit }
              printf "%.3f %.3f %.3f %.3f %.3f\n", e["create"] - t0, e["start"] - e["create"], e["die"] - e["start"],
                     e["destroy"] - e["die"], t1 - e["destroy"] }' "$work/events.txt")
    echo "poststack $round $(elapsed "$t0" "$t1") $task" >>"$results/raw.txt"
    read -r a b c d e <<<"$task"
    printf '  %-9s round %s: init-schema %s s (before the container %s, create to start %s, Liquibase %s, exit to removal %s, after %s)\n' \
        poststack "$round" "$(elapsed "$t0" "$t1")" "$a" "$b" "$c" "$d" "$e" >&2
}

echo "# side round seconds; host: role + database s; poststack: before-container create-to-start liquibase exit-to-removal after (s)" >"$results/raw.txt"
read -r -a sides <<<"$SIDES"
for ((round = 1; round <= RUNS; round++)); do
    say "round $round of $RUNS"
    # Rotate the order so that no side always runs first.
    order=("${sides[@]:$(((round - 1) % ${#sides[@]}))}" "${sides[@]:0:$(((round - 1) % ${#sides[@]}))}")
    for side in "${order[@]}"; do
        fresh_db "$round" "$side"
        case $side in
            host | host-c1) host_round "$side" "$round" ;;
            poststack) poststack_round "$round" ;;
            *) echo "unknown side $side" >&2; exit 2 ;;
        esac
    done
done

# ---------------------------------------------------------------------------------------------
col() { awk -v s="$1" -v c="$2" '!/^#/ && $1 == s && $c != "-" { print $c }' "$results/raw.txt"; }
say "results (seconds, medians of $RUNS rounds; a fresh database before each)"
{
    printf '%-60s | %7s | %s\n' "what is timed" median "per round"
    printf '%s\n' "-------------------------------------------------------------+---------+------------------------------"
    row() { printf '%-60s | %7s | %s\n' "$1" "$(median)" "$2"; }
    if has_side host; then
        col host 3 | row "host: liquibase update (command line, host JVM)" "$(col host 3 | paste -sd' ')"
        # role + database + liquibase update, per round
        paste <(col host 3) <(col host 4) | awk '{ printf "%.3f\n", $1 + $2 }' >"$work/host-total.txt"
        per_round=$(paste -sd' ' "$work/host-total.txt")
        row "host: create role + database (psql) + liquibase update" "$per_round" <"$work/host-total.txt"
    fi
    if has_side host-c1; then
        col host-c1 3 | row "host-c1: same, with the image's JVM options (C1, serial GC)" "$(col host-c1 3 | paste -sd' ')"
    fi
    if has_side poststack; then
        col poststack 3 | row "poststack: ./poststack init-schema (whole command)" "$(col poststack 3 | paste -sd' ')"
        col poststack 4 | row "  before the container: JVM, role + database, checks" "$(col poststack 4 | paste -sd' ')"
        col poststack 5 | row "  container created to started (secret file copied)" "$(col poststack 5 | paste -sd' ')"
        col poststack 6 | row "  Liquibase in its container, start to exit" "$(col poststack 6 | paste -sd' ')"
        col poststack 7 | row "  container exit to removal" "$(col poststack 7 | paste -sd' ')"
        col poststack 8 | row "  removal to the end of the command" "$(col poststack 8 | paste -sd' ')"
    fi
    if has_side host && has_side poststack; then
        echo
        summary_item "poststack init-schema / host liquibase update" \
            "$(awk -v a="$(col poststack 3 | median)" -v b="$(col host 3 | median)" 'BEGIN { printf "%.2f", a / b }')" \
            "no target"
        printf 'ratio poststack init-schema / host liquibase update: %s (/ host role + database + update: %s)\n' \
            "$(awk -v a="$(col poststack 3 | median)" -v b="$(col host 3 | median)" 'BEGIN { printf "%.2f", a / b }')" \
            "$(awk -v a="$(col poststack 3 | median)" -v b="$(median <"$work/host-total.txt")" 'BEGIN { printf "%.2f", a / b }')"
    fi
    printf 'fresh database before each round (down --volumes + up db, not counted): median %s s\n' \
        "$(awk '{print $3}' "$results/fresh.txt" | median)"
} | tee "$results/summary.txt"
echo "raw numbers: $results" >&2
echo "SUMMARY: $(summary_items)"