#!/usr/bin/env bash
# Time from "start the database service" to "ready": poststack's `up` (library API, health and side-effect
# checks) side by side with Testcontainers' log-message wait on the same image, in the same JVM and run,
# with a first-query poller (JDBC `select 1` every POLL_MS ms against the published 127.0.0.1 port) on both
# sides. See bench/README.md.
#
#   bench/up-ready.sh                 RUNS=5 rounds per side (plus one warm-up round each), sides alternating
#   RUNS=1 WARMUP=0 bench/up-ready.sh quick check
#
# Environment:
#   RUNS      counted rounds per side (default 5); medians are reported
#   WARMUP    warm-up rounds per side before them, not counted (default 1: class loading, JIT, first JDBC)
#   POLL_MS   pause between two first-query attempts (default 5)
#   SIDES     which sides run (default "poststack testcontainers tc-network"); tc-network is Testcontainers
#             again with its container on a network of its own, as poststack's are: a reference, not the peer
#   IMAGE     image to run (default poststack/postgres:latest; built with ./poststack build-images postgres
#             only when missing)
#   KEEP=1    keep the work folder
#
# Talks only to the local Docker engine and to 127.0.0.1. poststack's side runs in a copy of the project
# with POSTSTACK_PROJECT=bench-upready-<pid> (its own container, network and volume); Testcontainers'
# containers are labelled dev.poststack.bench=up-ready-<pid>. Everything is removed at exit; images are not.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
POLL_MS=${POLL_MS:-5}
SIDES=${SIDES:-poststack testcontainers tc-network}
IMAGE=${IMAGE:-poststack/postgres:latest}
PROJECT=bench-upready-$$
LABEL_KEY=dev.poststack.bench
LABEL=$LABEL_KEY=up-ready-$$
TARGET_LAG_MS=100
src=$repo/bench/up-ready
cache=$repo/bench/.cache/up-ready

MEDIAN_FORMAT=%.1f # lib.sh's median: an even count's average in tenths of a millisecond

# ---------------------------------------------------------------------------------------------
# Host: engine, java/javac, mvn, the jar.
ensure_engine
require_tool javac openjdk-17-jdk-headless
require_tool mvn maven
ensure_jar

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=$repo/bench/results/up-ready-$stamp
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/var/tmp}/poststack-bench-upready.XXXXXX")

cleanup() {
    local ids
    mapfile -t ids < <(docker ps -aq --filter "label=$LABEL")
    ((${#ids[@]} == 0)) || docker rm -f -v "${ids[@]}" >/dev/null 2>&1 || true
    mapfile -t ids < <(docker ps -aq --filter "label=$LABEL-net")
    ((${#ids[@]} == 0)) || docker rm -f -v "${ids[@]}" >/dev/null 2>&1 || true
    mapfile -t ids < <(docker network ls -q --filter "label=$LABEL-net")
    ((${#ids[@]} == 0)) || docker network rm "${ids[@]}" >/dev/null 2>&1 || true
    remove_project "$PROJECT" >/dev/null
    if [[ ${KEEP:-0} == 1 ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
if ! image_id=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null); then
    [[ $IMAGE == poststack/postgres:latest ]] || { echo "image $IMAGE is not in the engine" >&2; exit 1; }
    say "building $IMAGE (./poststack build-images postgres)"
    (cd "$repo" && ./poststack build-images postgres >"$results/build.log" 2>&1) ||
        { tail -n 30 "$results/build.log" >&2; echo "poststack build-images postgres failed" >&2; exit 1; }
    image_id=$(docker image inspect -f '{{.Id}}' "$IMAGE")
fi

say "preparing the bench program (Testcontainers jars from Maven Central into $cache, cached)"
mkdir -p "$cache"
if [[ ! -f $cache/tc-lib/.complete || $src/pom.xml -nt $cache/tc-lib/.complete ]]; then
    rm -rf "$cache/tc-lib"
    mvn -B -q -f "$src/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
        -DoutputDirectory="$cache/tc-lib" >"$results/mvn.log" 2>&1 || { cat "$results/mvn.log" >&2; exit 1; }
    touch "$cache/tc-lib/.complete"
fi
classes=$work/classes
mkdir -p "$classes/main" "$classes/poststack" "$classes/testcontainers"
ps_deps=$(dependency_classpath)
jdbc=$(tr ':' '\n' <<<"$ps_deps" | grep '/postgresql-[0-9]' | head -n 1)
join_jars() { find "$@" -maxdepth 1 -name '*.jar' | sort | paste -sd:; }
ps_cp=$classes/poststack:$ps_deps
tc_cp=$classes/testcontainers:$(join_jars "$cache/tc-lib")
javac -nowarn -d "$classes/main" "$src"/src/main/upready/*.java
javac -nowarn -proc:none -d "$classes/poststack" -cp "$classes/main:$ps_cp" "$src"/src/poststack/upready/*.java
cp "$src/src/poststack/logback.xml" "$classes/poststack/"
javac -nowarn -proc:none -d "$classes/testcontainers" -cp "$classes/main:$tc_cp" "$src"/src/testcontainers/upready/*.java

# poststack's side: a copy of the project (namespace poststack, so its images are used as they are).
project=$work/project
mkdir -p "$project"
cp -a "$repo/images.yaml" "$repo/containers" "$project/"
[[ -d $repo/liquibase ]] && cp -a "$repo/liquibase" "$project/"
if [[ $IMAGE != poststack/postgres:latest ]]; then
    echo "note: poststack's side runs the manifest's image (poststack/postgres:latest), not $IMAGE" >&2
fi

{
    echo "date: $stamp"
    echo "rounds: $RUNS counted + $WARMUP warm-up per side, poll every $POLL_MS ms"
    echo "image: $IMAGE $image_id"
    machine_lines
    echo "testcontainers: $(cd "$cache/tc-lib" && echo testcontainers-*.jar)"
} >"$results/env.txt"

# ---------------------------------------------------------------------------------------------
say "rounds ($RUNS per side after $WARMUP warm-up; ms since the start call)"
# Testcontainers: no Ryuk (its image would come from a registry), no startup checks (they run an alpine
# container), the Docker socket as is; its user config and JNA's temp files go to the work folder.
mkdir -p "$work/home"
t_begin=$EPOCHREALTIME
POSTSTACK_PROJECT=$PROJECT TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true \
    TESTCONTAINERS_HOST_OVERRIDE=localhost \
    java -Xshare:auto -Duser.home="$work/home" -Djna.tmpdir="$work/home" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -Dbench.rounds="$RUNS" -Dbench.warmup="$WARMUP" -Dbench.poll.ms="$POLL_MS" \
    -Dbench.manifest="$project/images.yaml" -Dbench.image="$IMAGE" -Dbench.label="$LABEL" \
    -Dbench.raw="$results/raw.txt" -Dbench.events="$results/events.txt" \
    -Dbench.sides="$SIDES" -Dbench.cp.poststack="$ps_cp" -Dbench.cp.testcontainers="$tc_cp" -Dbench.cp.tc-network="$tc_cp" \
    -cp "$classes/main:$jdbc" upready.UpReady 2>&1 | tee "$results/rounds.txt" >&2

# The engine's own view of each round: when it created the network and the containers and started them.
docker events --since "$t_begin" --until "$EPOCHREALTIME" --filter type=container --filter type=network \
    --filter event=create --filter event=extract-to-dir --filter event=start \
    --format "{{.TimeNano}} {{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}} {{index .Actor.Attributes \"$LABEL_KEY\"}}" \
    >"$results/engine-events.txt"
# -> "side network_to_create create_to_secrets secrets_to_start create_to_start" (ms) per counted round
awk -v p="$PROJECT" -v l="${LABEL#*=}" -v w="$WARMUP" '
    $2 == "network" && $3 == "create" && $5 == p "-net" { net = $1 }
    $2 == "container" && $5 == p "-db" && $3 == "create" { pc = $1; px = 0 }
    $2 == "container" && $5 == p "-db" && $3 == "extract-to-dir" { px = $1 }
    $2 == "container" && $5 == p "-db" && $3 == "start" && pc {
        if (++np > w) printf "poststack %.1f %.1f %.1f %.1f\n", (pc - net) / 1e6, (px - pc) / 1e6, ($1 - px) / 1e6, ($1 - pc) / 1e6
        pc = 0 }
    $2 == "container" && $6 == l && $3 == "create" { tc[$4] = $1 }
    $2 == "container" && $6 == l && $3 == "start" && ($4 in tc) { if (++nt > w) printf "testcontainers - - - %.1f\n", ($1 - tc[$4]) / 1e6 }
    $2 == "container" && $6 == l "-net" && $3 == "create" { tn[$4] = $1 }
    $2 == "container" && $6 == l "-net" && $3 == "start" && ($4 in tn) { if (++nn > w) printf "tc-network - - - %.1f\n", ($1 - tn[$4]) / 1e6 }
' "$results/engine-events.txt" >"$work/engine.txt"

[[ $(docker image inspect -f '{{.Id}}' "$IMAGE") == "$image_id" ]] ||
    echo "warning: $IMAGE was re-tagged during the run (another build); rounds may have run different images" >&2

# ---------------------------------------------------------------------------------------------
# raw.txt columns: side round open started port first_query first_query_end attempts health ready returned lag
col() { # side column -> values, one per line
    awk -v s="$1" -v c="$2" '!/^#/ && $1 == s && $c != "-" { print $c }' "$results/raw.txt"
}
per_round() { col "$1" "$2" | paste -sd' '; }
say "results (ms since the start call; medians of $RUNS rounds)"
{
    printf '%-15s | %13s | %10s | %11s | %13s | %s\n' side "ready (total)" "container" "first query" "lag ready-1st" "per round: ready / lag"
    printf '%s\n' "----------------+---------------+------------+-------------+---------------+------------------------"
    for side in $SIDES; do
        printf '%-15s | %13s | %10s | %11s | %13s | %s / %s\n' "$side" "$(col "$side" 10 | median)" \
            "$(col "$side" 4 | median)" "$(col "$side" 6 | median)" "$(col "$side" 12 | median)" \
            "$(per_round "$side" 10)" "$(per_round "$side" 12)"
    done
    echo
    echo "container = the engine's State.StartedAt; first query = start of the first JDBC select 1 that succeeded;"
    echo "lag = ready - first query (negative: the side said ready before a query could succeed)."
    echo
    p_ready=$(col poststack 10 | median)
    t_ready=$(col testcontainers 10 | median)
    p_lag=$(col poststack 12 | median)
    p_lag_max=$(col poststack 12 | sort -g | tail -n 1)
    n_ready=$(col tc-network 10 | median)
    wins=$(paste <(col poststack 10) <(col testcontainers 10) | awk '$1 <= $2 { n++ } END { print n + 0 }')
    printf 'poststack ready no later than Testcontainers: median %s vs %s ms, %s of %s rounds: %s\n' \
        "$p_ready" "$t_ready" "$wins" "$RUNS" "$(verdict "$p_ready" "$t_ready")"
    printf 'poststack ready at most %s ms after the first query: median lag %s ms, max %s ms: %s\n' \
        "$TARGET_LAG_MS" "$p_lag" "$p_lag_max" "$(verdict "$p_lag" "$TARGET_LAG_MS")"
    summary_item "poststack ready (<= testcontainers ${t_ready}ms)" "${p_ready}ms" "$(verdict "$p_ready" "$t_ready")"
    summary_item "ready lag (<= ${TARGET_LAG_MS}ms)" "${p_lag}ms" "$(verdict "$p_lag" "$TARGET_LAG_MS")"
    [[ $n_ready == - ]] || printf 'reference, Testcontainers on a network of its own (as poststack): median %s ms; poststack %s\n' \
        "$n_ready" "$(awk -v a="$p_ready" -v b="$n_ready" 'BEGIN { printf "%+.1f ms", a - b }')"
    echo
    diff_med() { paste <(col "$1" "$2") <(col "$1" "$3") | awk '{ printf "%.1f\n", $1 - $2 }' | median; }
    ev_med() { awk -v s="$1" -v c="$2" '$1 == s { print $c }' "$work/engine.txt" | median; }
    printf '%-64s %9s   %14s   %s\n' "where the time goes (medians, ms)" poststack testcontainers tc-network
    line() { printf '  %-62s %9s   %14s   %s\n' "$@"; }
    line "start call to the side's own API call (open / new container)" "$(col poststack 3 | median)" "$(col testcontainers 3 | median)" "$(col tc-network 3 | median)"
    line "start call to container started (State.StartedAt)" "$(col poststack 4 | median)" "$(col testcontainers 4 | median)" "$(col tc-network 4 | median)"
    line "  engine: project network created to container created" "$(ev_med poststack 2)" "-" "-"
    line "  engine: container created to started" "$(ev_med poststack 5)" "$(ev_med testcontainers 5)" "$(ev_med tc-network 5)"
    line "    of which: created to secret files copied in (archive API)" "$(ev_med poststack 3)" "-" "-"
    line "    of which: secret files copied in to started" "$(ev_med poststack 4)" "-" "-"
    line "container started to first query possible (postgres init)" "$(diff_med poststack 6 4)" "$(diff_med testcontainers 6 4)" "$(diff_med tc-network 6 4)"
    line "first query possible to health check passed (sql select 1)" "$(diff_med poststack 9 6)" "-" "-"
    line "health check passed to ready (side-effect checks)" "$(diff_med poststack 10 9)" "-" "-"
    # Each check's share: the time from the previous check's end (the first: from the health check's).
    awk '!/^#/ && $1 == "poststack" && $2 != "warmup" && $3 ~ /^check~verify/ { print $2, $3, $4 }
         !/^#/ && $1 == "poststack" && $2 != "warmup" && $3 ~ /^check~health/ { print $2, "-", $4 }' "$results/events.txt" |
        awk '$1 != round { round = $1; prev = $3; next }
             { if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } print $2, $3 - prev; prev = $3 }' >"$work/checks.txt"
    awk '!($1 in seen) { seen[$1] = 1; print $1 }' "$work/checks.txt" | while read -r name; do
        shown=${name#check~verify~}
        printf '    %-84s %6s\n' "${shown//\~/ }" "$(awk -v n="$name" '$1 == n { print $2 }' "$work/checks.txt" | median)"
    done
} | tee "$results/summary.txt"
echo "raw numbers: $results" >&2
echo "SUMMARY: $(summary_items)"