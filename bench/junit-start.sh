#!/usr/bin/env bash
# Time from test-JVM start to the first test body, images cached: poststack's JUnit 5 extension against
# Testcontainers' stock GenericContainer + log wait on the same image, in the same run. See bench/README.md.
#
#   bench/junit-start.sh              ROUNDS=5 rounds of every side, sides alternating; about 2 minutes
#   ROUNDS=1 WARMUP=0 bench/junit-start.sh   quick check
#
# Environment:
#   ROUNDS    rounds (default 5); each round runs every side once, the order reversed every other round
#   WARMUP    untimed runs of every side before the rounds (default 1: page cache, engine)
#   SIDES     any of "poststack testcontainers poststack-schema" (default: all three)
#   SETTLE_S  pause between two runs, so the engine has finished removing the last stack (default 1)
#   KEEP=1    keep the temporary project folder (default: removed at exit)
#
# Each run is one plain `java ... ConsoleLauncher execute --select-class bench.<Class>` (JUnit Platform
# Console Standalone 1.14.1; no Maven around it). The script writes epoch microseconds to the run's marks
# file just before exec'ing java; the test body's first statement appends its epoch milliseconds. The
# helper project bench/junit-start/ (own pom.xml) compiles the classes and resolves the classpaths; Maven
# Central is used the first time only, offline afterwards.
#
# Talks only to the local Docker engine (and the databases of its own runs on 127.0.0.1). Testcontainers
# runs with TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_HOST_OVERRIDE=localhost; its superuser
# password is generated per run and never printed. Whatever a run leaves behind (a killed JVM) is removed:
# poststack's stack by its label dev.poststack.project=pstest-<pid of that JVM>, Testcontainers' container
# by its id.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-1}
SIDES=${SIDES:-poststack testcontainers poststack-schema}
SETTLE_S=${SETTLE_S:-1}
IMAGE=poststack/postgres:latest # the image both sides start (images.yaml, namespace poststack)
helper=$repo/bench/junit-start
jar=$repo/target/poststack.jar

MEDIAN_FORMAT=%d # lib.sh's median: an even count's average in whole milliseconds (truncated)
# min, max of the integers on stdin, one per line
minimum() { sort -n | head -n 1; }
maximum() { sort -n | tail -n 1; }

for side in $SIDES; do
    case $side in
        poststack | testcontainers | poststack-schema) ;;
        *) echo "unknown side '$side' in SIDES (poststack, testcontainers, poststack-schema)" >&2; exit 2 ;;
    esac
done

# ---------------------------------------------------------------------------------------------
# Host: engine, the jar, the helper project.
ensure_engine
ensure_jar
require_tool mvn maven

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=$repo/bench/results/junit-start-$stamp
mkdir -p "$results"
raw=$results/raw.txt
work=$(mktemp -d "${TMPDIR:-/tmp}/poststack-junit-start.XXXXXX")
echo "results: $results" >&2

# Leftovers of our own runs only: projects pstest-<pid> of the JVMs started here, Testcontainers
# containers whose ids the runs reported (or that appeared during a run that did not report one).
our_pids=()
our_tc=()
remove_leftovers() { # -> prints how many objects it removed
    local pid id k n=0
    for pid in "${our_pids[@]}"; do
        k=$(remove_project "pstest-$pid")
        n=$((n + k))
    done
    for id in "${our_tc[@]}"; do
        if docker container inspect "$id" >/dev/null 2>&1; then
            docker rm -f -v "$id" >/dev/null 2>&1 || true
            n=$((n + 1))
        fi
    done
    echo "$n"
}
cleanup() {
    local n
    n=$(remove_leftovers)
    ((n == 0)) || echo "removed $n objects left by the runs" >&2
    if [[ ${KEEP:-0} == 1 ]]; then echo "project folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "helper project: compile, classpaths (mvn, offline when everything is resolved)"
mvn_args=(-B -q -f "$helper/pom.xml" "-Dpoststack.jar=$jar"
    compile dependency:build-classpath@testcontainers dependency:build-classpath@console)
mvn_logged "$results/mvn.log" "${mvn_args[@]}" || exit 1
classes=$helper/target/classes
console_cp=$(<"$helper/target/classpath-console.txt")
tc_cp=$(<"$helper/target/classpath-testcontainers.txt")
ps_cp=$(dependency_classpath)

# The poststack project: a copy of the manifest and what it refers to, namespace poststack unchanged, so
# the extension finds the images of `./poststack build-images` cached.
cp -a "$repo/images.yaml" "$work/"
for d in containers liquibase; do
    [[ -d $repo/$d ]] && cp -a "$repo/$d" "$work/"
done
say "images: ./poststack build-images postgres liquibase (cached when nothing changed; not timed)"
(cd "$work" && "$repo/poststack" build-images postgres liquibase >"$results/build.log" 2>&1) ||
    { tail -n 30 "$results/build.log" >&2; echo "poststack build-images failed" >&2; exit 1; }
image_id=$(docker image inspect -f '{{.Id}}' "$IMAGE")

{
    echo "date: $stamp"
    echo "rounds: $ROUNDS (warm-up runs per side: $WARMUP)"
    echo "sides: $SIDES"
    echo "image: $IMAGE $image_id"
    machine_lines
    echo "poststack jar: $jar $(sha256sum "$jar" | cut -c1-16)"
    echo "classpath poststack: $classes:$console_cp:$ps_cp"
    echo "classpath testcontainers: $classes:$tc_cp"
} >"$results/env.txt"

# ---------------------------------------------------------------------------------------------
# One run: a fresh JVM, one test class. Appends one line to $raw.
echo "# side round total_ms jvm_junit_ms before_engine_ms create_to_start_ms db_init_ms ready_to_body_ms schema_ms left load1" >"$raw"

class_of() {
    case $1 in
        poststack) echo bench.PoststackStart ;;
        poststack-schema) echo bench.PoststackSchemaStart ;;
        testcontainers) echo bench.TestcontainersStart ;;
    esac
}

mark() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }
diff_ms() { [[ -n $1 && -n $2 ]] && echo $(($2 - $1)) || echo -; }

# docker events of the run's window: creates, starts and exits, with nanosecond times.
run_events() { # since_us until_us
    docker events --since "${1:0:-6}.${1: -6}" --until "${2:0:-6}.${2: -6}" \
        --filter event=create --filter event=start --filter event=die \
        --format '{{.TimeNano}} {{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}' 2>/dev/null || true
}

run_one() { # side round(0 = warm-up)
    local side=$1 round=$2 tag marks log pidfile pid rc cls t0_us t_end_us events first_create db_create db_start
    local exec_ms clinit body postmaster id left schema_ms liq_create liq_die
    tag=$side-$round
    marks=$results/marks-$tag.txt
    log=$results/run-$tag.log
    pidfile=$work/pid
    cls=$(class_of "$side")
    rm -f "$marks" "$pidfile"
    local load1
    read -r load1 _ </proc/loadavg # the machine's load when the run starts, to judge its noise
    local before_tc=()
    if [[ $side == testcontainers ]]; then
        mapfile -t before_tc < <(docker ps -aq --no-trunc --filter label=org.testcontainers=true)
    fi

    rc=0
    (
        echo "$BASHPID" >"$pidfile"
        if [[ $side == testcontainers ]]; then
            export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost
            BENCH_PG_PASSWORD=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true)
            export BENCH_PG_PASSWORD
            cp=$classes:$tc_cp
        else
            cp="$classes:$console_cp:$ps_cp"
        fi
        # every run starts its stack from nothing (reuse across runs is on by default outside CI)
        export POSTSTACK_REUSE=false
        printf 'exec %s\n' "${EPOCHREALTIME//[!0-9]/}" >"$marks"
        exec java "-Dbench.marks=$marks" "-Dbench.manifest=$work/images.yaml" -cp "$cp" \
            org.junit.platform.console.ConsoleLauncher execute --disable-banner --disable-ansi-colors \
            --details=summary --fail-if-no-tests --select-class "$cls"
    ) >"$log" 2>&1 || rc=$?
    t_end_us=${EPOCHREALTIME//[!0-9]/}
    pid=$(<"$pidfile")
    our_pids+=("$pid")
    id=$(mark container "$marks")
    if [[ $side == testcontainers ]]; then
        if [[ -n $id ]]; then
            our_tc+=("$id")
        else # no id reported: whatever appeared during the run
            local now_tc c
            mapfile -t now_tc < <(docker ps -aq --no-trunc --filter label=org.testcontainers=true --filter "ancestor=$IMAGE")
            for c in "${now_tc[@]}"; do [[ " ${before_tc[*]} " == *" $c "* ]] || our_tc+=("$c"); done
        fi
    fi
    left=$(remove_leftovers)

    body=$(mark body "$marks")
    if ((rc != 0)) || [[ -z $body ]]; then
        tail -n 40 "$log" >&2
        echo "run $tag failed (exit $rc); log: $log" >&2
        exit 1
    fi
    t0_us=$(mark exec "$marks")
    exec_ms=$((t0_us / 1000))
    clinit=$(mark clinit "$marks")
    postmaster=$(mark postmaster-start "$marks")

    # Engine side, from the daemon's events: the run's own objects only.
    events=$(run_events "$t0_us" "$t_end_us")
    printf '%s\n' "$events" >"$results/events-$tag.txt"
    local ours
    if [[ $side == testcontainers ]]; then
        ours=$(awk -v id="$id" '$4 == id' <<<"$events")
        db_create=$(awk '$2 == "container" && $3 == "create" { print substr($1, 1, length($1) - 6); exit }' <<<"$ours")
        db_start=$(awk '$2 == "container" && $3 == "start" { print substr($1, 1, length($1) - 6); exit }' <<<"$ours")
        first_create=$db_create
    else
        ours=$(awk -v p="pstest-$pid" 'index($4, p) == 1 || index($5, p) == 1' <<<"$events")
        first_create=$(awk '$3 == "create" { print substr($1, 1, length($1) - 6); exit }' <<<"$ours")
        db_create=$(awk -v n="pstest-$pid-db" '$2 == "container" && $3 == "create" && $5 == n { print substr($1, 1, length($1) - 6); exit }' <<<"$ours")
        db_start=$(awk -v n="pstest-$pid-db" '$2 == "container" && $3 == "start" && $5 == n { print substr($1, 1, length($1) - 6); exit }' <<<"$ours")
        liq_create=$(awk '$2 == "container" && $3 == "create" && $5 ~ /-liquibase-/ { print substr($1, 1, length($1) - 6); exit }' <<<"$ours")
        liq_die=$(awk '$2 == "container" && $3 == "die" && $5 ~ /-liquibase-/ { print substr($1, 1, length($1) - 6); exit }' <<<"$ours")
    fi
    schema_ms=$(diff_ms "${liq_create:-}" "${liq_die:-}")

    local line
    line="$side $round $((body - exec_ms)) $(diff_ms "$exec_ms" "$clinit") $(diff_ms "$clinit" "$first_create")"
    line+=" $(diff_ms "$first_create" "$db_start") $(diff_ms "$db_start" "$postmaster") $(diff_ms "$postmaster" "$body")"
    line+=" $schema_ms $left $load1"
    if ((round == 0)); then
        echo "# warm-up: $line" >>"$raw"
    else
        echo "$line" >>"$raw"
    fi
    printf '  %-17s round %-2s %6s ms to first test body%s\n' "$side" "$round" "$((body - exec_ms))" \
        "$( ((left == 0)) || echo " ($left objects left behind, removed)")" >&2
}

read -r -a sides <<<"$SIDES"
reversed=()
for ((i = ${#sides[@]} - 1; i >= 0; i--)); do reversed+=("${sides[i]}"); done

if ((WARMUP > 0)); then
    say "warm-up ($WARMUP untimed run(s) of every side)"
    for ((w = 1; w <= WARMUP; w++)); do
        for side in "${sides[@]}"; do run_one "$side" 0; sleep "$SETTLE_S"; done
    done
fi
for ((round = 1; round <= ROUNDS; round++)); do
    say "round $round of $ROUNDS"
    if ((round % 2)); then order=("${sides[@]}"); else order=("${reversed[@]}"); fi
    for side in "${order[@]}"; do run_one "$side" "$round"; sleep "$SETTLE_S"; done
done

# ---------------------------------------------------------------------------------------------
col() { awk -v s="$1" -v c="$2" '$1 == s { print $c }' "$raw" | grep -v '^-$' || true; }
label() {
    case $1 in
        poststack) echo "poststack extension (db, withoutSchema)" ;;
        testcontainers) echo "Testcontainers GenericContainer + log wait" ;;
        poststack-schema) echo "poststack extension, schema applied (more work)" ;;
    esac
}
say "results (ms from just before exec java to the first test body)"
{
    printf '%-48s | %6s | %6s | %6s | %s\n' "side (rounds: $ROUNDS)" median min max "per round"
    printf '%s\n' "-------------------------------------------------+--------+--------+--------+----------------------------"
    for side in "${sides[@]}"; do
        printf '%-48s | %6s | %6s | %6s | %s\n' "$(label "$side")" "$(col "$side" 3 | median)" \
            "$(col "$side" 3 | minimum)" "$(col "$side" 3 | maximum)" "$(col "$side" 3 | paste -sd ' ')"
    done
    echo
    echo "where the time goes (medians, ms; from the marks and the engine's events):"
    printf '%-18s | %9s | %13s | %15s | %9s | %15s | %9s\n' side "JVM+JUnit" "to 1st create" "create->start" "DB init" "postmaster->body" "(schema)"
    printf '%s\n' "-------------------+-----------+---------------+-----------------+-----------+------------------+----------"
    for side in "${sides[@]}"; do
        printf '%-18s | %9s | %13s | %15s | %9s | %16s | %9s\n' "$side" "$(col "$side" 4 | median)" \
            "$(col "$side" 5 | median)" "$(col "$side" 6 | median)" "$(col "$side" 7 | median)" \
            "$(col "$side" 8 | median)" "$(col "$side" 9 | median)"
    done
    echo
    echo "  JVM+JUnit:        exec java -> the test class's static initialiser (JVM, launcher, discovery)"
    echo "  to 1st create:    -> first object the run creates on the engine (client, image/build checks, reaping)"
    echo "  create->start:    -> the database container's start (network, volumes, container, secrets)"
    echo "  DB init:          -> pg_postmaster_start_time() (entrypoint, initdb, configuration)"
    echo "  postmaster->body: -> the first test body (waiting for ready, checks, schema, JUnit)"
    echo "  (schema):         the Liquibase container, create -> exit (inside postmaster->body)"
    echo
    echo "load average (1 min) at the start of the runs: $(awk '$1 !~ /^#/ { print $11 }' "$raw" | sort -g | awk '{ v[NR] = $1 } END { printf "%s to %s", v[1], v[NR] }') on $(nproc) cores"
    if has_side poststack && has_side testcontainers; then
        p=$(col poststack 3 | median)
        t=$(col testcontainers 3 | median)
        echo
        awk -v p="$p" -v t="$t" 'BEGIN { printf "poststack / Testcontainers (medians): %.2f; aim: poststack no slower (<= 1.00): %s\n", p / t, (p <= t ? "pass" : "FAIL") }'
        summary_item "poststack/testcontainers first test body (<= 1.00)" \
            "$(awk -v p="$p" -v t="$t" 'BEGIN { printf "%.2f", p / t }')" "$(verdict "$p" "$t")"
    fi
} | tee "$results/summary.txt"
echo "raw numbers: $results" >&2
echo "SUMMARY: $(summary_items)"