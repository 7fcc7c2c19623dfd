#!/usr/bin/env bash
# Test isolation, side by side in one run (see bench/README.md, "Test isolation"):
#   (a) per-test database ready (copy from the pool + first connection), median and p95 over READY tests, and
#       the bare copy time of CREATE DATABASE ... STRATEGY WAL_LOG vs FILE_COPY; the data is in memory, as test
#       stacks keep it by default, and the same again (READY_VOLUME tests) on a named volume, for comparison;
#   (b) JVM start to first test body: poststack's extension on a second run with stack reuse (REUSE_RUNS runs
#       after one that leaves the stack) against Testcontainers' PostgreSQLContainer on the same image
#       (REUSE_RUNS runs), alternating;
#   (c) the isolation suite of examples/consumer (50 tests, 10 classes of 5, each needing an empty migrated
#       `orders` schema; com.example.orders.isolation) three ways: poststack DATABASE_PER_TEST, poststack shared
#       stack + TRUNCATE (both on a fresh stack, reuse off), Testcontainers PostgreSQLContainer (the consumer's
#       postgres image) with a container per class + Liquibase + TRUNCATE; and, for information,
#       DATABASE_PER_TEST on a reused stack (a run leaving it, then the timed one);
#   (d) the per-test suite again with JUnit parallel execution on 2 threads (exact row counts in every test
#       prove no test saw another's rows; the tests' time spans show how many ran at once).
#
#   bench/test-isolation.sh                      about 5 minutes
#   READY=50 REUSE_RUNS=1 bench/test-isolation.sh   quicker
#
# Environment: READY (200), READY_VOLUME (50), REUSE_RUNS (3), RUN_LIMIT_S (900: a JVM still running then is stopped and the
# bench fails), KEEP=1 (keep the scratch folder).
#
# Each run is one plain `java ... ConsoleLauncher` (no Maven around it), timed from just before exec to its
# exit. The poststack side runs this checkout's poststack-core and poststack-junit, packaged here (never the
# shared ~/.m2 copies); the consumer's suite is compiled here against them (javac), and runs in a copy of
# examples/consumer (its images.yaml, changelogs and web/). Talks only to the local Docker engine and the databases of its own runs on 127.0.0.1.
# Testcontainers runs with TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_HOST_OVERRIDE=localhost, its
# password generated per run and never printed. Leftovers are removed: poststack's by label
# dev.poststack.project=pstest-<pid of that JVM> and the reused stack by the project its runs noted,
# Testcontainers' by the labels dev.poststack.bench=<this run> and com.example.orders.isolation.run=<this run>;
# the consumer's reused stack by the checkout label of its copy.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

READY=${READY:-200}
REUSE_RUNS=${REUSE_RUNS:-3}
READY_VOLUME=${READY_VOLUME:-50}
RUN_LIMIT_S=${RUN_LIMIT_S:-900}
helper=$repo/bench/test-isolation

ensure_engine
ensure_jar # the CLI, for build-images
require_tool mvn maven

stamp=$(date -u +%Y%m%dT%H%M%SZ)
run_id=test-isolation-$stamp
results=$repo/bench/results/$run_id
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/tmp}/poststack-test-isolation.XXXXXX")
echo "results: $results" >&2

# The runs' JVM pids (their stacks are pstest-<pid>) and the reused stack's project, in files: run() is called
# inside $(...), whose variables the parent never sees.
cleanup() {
    local pid project ids
    if [[ -f $work/pids ]]; then
        while read -r pid; do remove_project "pstest-$pid" >/dev/null; done <"$work/pids"
    fi
    while read -r project; do
        [[ $project == pstest-r-* ]] || continue
        remove_project "$project" >/dev/null
        rm -f "$HOME/.poststack/reused/$project"
    done < <(awk '$1 == "project" { print $2 }' "$results"/marks-*.txt 2>/dev/null | sort -u)
    while read -r project; do
        [[ $project == pstest-r-* ]] || continue
        remove_project "$project" >/dev/null
        rm -f "$HOME/.poststack/reused/$project"
    done < <(docker ps -a --filter "label=dev.poststack.checkout=$work/consumer" --format '{{.Label "dev.poststack.project"}}' | sort -u)
    mapfile -t ids < <({ docker ps -aq --filter "label=dev.poststack.bench=$run_id"
        docker ps -aq --filter "label=com.example.orders.isolation.run=$run_id"; })
    ((${#ids[@]} == 0)) || docker rm -f -v "${ids[@]}" >/dev/null 2>&1 || true
    if [[ ${KEEP:-0} == 1 ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "poststack: package core and junit of this checkout (no tests), their runtime classpath"
# offline first, then from the configured repositories: a new machine has the build's plugins but not yet the
# dependency plugin's own dependencies
mvn_logged "$results/modules.log" -B -q -f "$repo/pom.xml" -DskipTests -Dinvoker.skip=true -pl poststack-junit -am \
    package dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt ||
    exit 1
module_jar() { find "$repo/$1/target" -maxdepth 1 -name "$1-*.jar" ! -name '*-tests.jar' ! -name '*-sources.jar' | head -n 1; }
core_jar=$(module_jar poststack-core)
junit_jar=$(module_jar poststack-junit)

say "helper project: compile, classpaths"
mvn_args=(-B -q -f "$helper/pom.xml" "-Dpoststack.core.jar=$core_jar" "-Dpoststack.junit.jar=$junit_jar"
    compile dependency:build-classpath@testcontainers dependency:build-classpath@console)
mvn_logged "$results/mvn.log" "${mvn_args[@]}" || exit 1
classes=$helper/target/classes
# poststack-junit's runtime classpath holds this checkout's core jar (the reactor's, packaged above)
ps_cp="$classes:$(<"$helper/target/classpath-console.txt"):$junit_jar:$(tr ':' '\n' <"$repo/poststack-junit/target/runtime-classpath.txt" | grep -v 'logback-' | paste -sd:)"
tc_cp="$classes:$(<"$helper/target/classpath-testcontainers.txt")"

# The projects: this repository's manifest (readiness and start) and the consumer's (the 50-test suite), with
# what they refer to (the image definitions come from the catalog in the jar)
cp -a "$repo/images.yaml" "$repo/liquibase" "$work/"
[[ ! -d $repo/containers ]] || cp -a "$repo/containers" "$work/"
consumer=$work/consumer
mkdir -p "$consumer"
cp -a "$repo/examples/consumer/images.yaml" "$repo/examples/consumer/liquibase" "$repo/examples/consumer/web" "$consumer/"
say "images: ./poststack build-images postgres liquibase, and the consumer's (cached when nothing changed; not timed)"
(cd "$work" && "$repo/poststack" build-images postgres liquibase >"$results/build.log" 2>&1) ||
    { tail -n 30 "$results/build.log" >&2; echo "poststack build-images failed" >&2; exit 1; }
(cd "$consumer" && "$repo/poststack" build-images >>"$results/build.log" 2>&1) ||
    { tail -n 30 "$results/build.log" >&2; echo "poststack build-images (consumer) failed" >&2; exit 1; }

say "the consumer's isolation suite: compile (javac) against both sides' classpaths"
suite_classes=$work/suite-classes
mapfile -t suite_sources < <(find "$repo/examples/consumer/src/test/java/com/example/orders/isolation" -name '*.java')
javac -d "$suite_classes" -cp "$ps_cp:$tc_cp" "${suite_sources[@]}" >"$results/javac.log" 2>&1 ||
    { cat "$results/javac.log" >&2; echo "javac of the consumer's isolation suite failed" >&2; exit 1; }
ps_cp=$suite_classes:$ps_cp
tc_cp=$suite_classes:$tc_cp
{
    echo "date: $stamp"
    machine_lines
    echo "image: poststack/postgres:latest $(docker image inspect -f '{{.Id}}' poststack/postgres:latest)"
} >"$results/env.txt"

parallel_args=(--config junit.jupiter.execution.parallel.enabled=true
    --config junit.jupiter.execution.parallel.mode.default=concurrent
    --config junit.jupiter.execution.parallel.mode.classes.default=concurrent
    --config junit.jupiter.execution.parallel.config.strategy=fixed
    --config junit.jupiter.execution.parallel.config.fixed.parallelism=2)

# One JVM: run NAME SIDE SELECTORS...; SIDE is poststack (a fresh stack: reuse off), poststack-reuse (reuse on)
# or tc; it runs in RUN_DIR (default: the repository manifest's copy). Prints its wall time in ms; fails on a failed test or when it is still running after RUN_LIMIT_S.
run() {
    local name=$1 side=$2 marks=$results/marks-$1.txt log=$results/run-$1.log t0 t1 rc=0 cp jpid wpid done_pid
    local props=()
    shift 2
    rm -f "$marks"
    case $side in
        tc) cp=$tc_cp ;;
        poststack) cp=$ps_cp props=(-Dpoststack.reuse=false) ;;
        poststack-reuse) cp=$ps_cp props=(-Dpoststack.reuse=true) ;;
        poststack-volume) cp=$ps_cp props=(-Dpoststack.reuse=false -Dpoststack.data-in-memory=false) ;;
    esac
    t0=${EPOCHREALTIME//[!0-9]/}
    (
        export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost BENCH_RUN=$run_id
        BENCH_PG_PASSWORD=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true)
        export BENCH_PG_PASSWORD
        cd "${RUN_DIR:-$work}"
        printf 'exec %s\n' "${EPOCHREALTIME//[!0-9]/}" >"$marks"
        exec java "${props[@]}" "-Dbench.marks=$marks" "-Dbench.manifest=$work/images.yaml" \
            "-Dorders.isolation.spans=$marks" "-Dorders.isolation.run=$run_id" \
            "-Dbench.changelogs=$work/liquibase" "-Dbench.ready.count=${RUN_READY:-$READY}" -cp "$cp" \
            org.junit.platform.console.ConsoleLauncher execute \
            --disable-banner --disable-ansi-colors --details=summary --fail-if-no-tests "$@"
    ) >"$log" 2>&1 &
    jpid=$! # the subshell exec'd java: the JVM's pid, which names its stack pstest-<pid>
    echo "$jpid" >>"$work/pids"
    sleep "$RUN_LIMIT_S" &
    wpid=$!
    wait -n -p done_pid "$jpid" "$wpid" || rc=$?
    if [[ $done_pid == "$jpid" ]]; then
        kill "$wpid" 2>/dev/null || true
        wait "$wpid" 2>/dev/null || true
    else
        echo "run $name still running after ${RUN_LIMIT_S} s (RUN_LIMIT_S): stopping it" >&2
        kill -TERM "$jpid" 2>/dev/null || true
        local i
        for ((i = 0; i < 30; i++)); do kill -0 "$jpid" 2>/dev/null || break; sleep 1; done
        kill -KILL "$jpid" 2>/dev/null || true
        wait "$jpid" 2>/dev/null || true
        rc=124
    fi
    t1=${EPOCHREALTIME//[!0-9]/}
    if ((rc != 0)); then
        tail -n 40 "$log" >&2
        echo "run $name failed (exit $rc); log: $log" >&2
        exit 1
    fi
    echo $(((t1 - t0) / 1000))
}
percentile() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; printf "%.1f\n", v[i] }'; }
values() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
mark() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }
# JVM start (the exec mark) to the first test body, in ms, of run $1
start_ms() { awk '$1 == "exec" { e = $2 } $1 == "body" && !b { b = $2 } END { printf "%.0f\n", (b - e) / 1000 }' "$results/marks-$1.txt"; }
tests_in() { grep -oE '[0-9]+ tests successful' "$results/run-$1.log" | awk '{ print $1 }'; }
# most test bodies of run $1 running at the same moment (from the per-test suite's spans)
overlap() { awk '$1 == "span" { print $2, 1; print $3, -1 }' "$results/marks-$1.txt" | sort -k1,1n -k2,2n |
    awk '{ n += $2; if (n > m) m = n } END { print m + 0 }'; }
threads() { awk '$1 == "span" { print $4 }' "$results/marks-$1.txt" | sort -u | wc -l; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; }

say "per-test readiness: $READY tests, and 10 bare copies per strategy"
run ready poststack --select-class bench.isolation.ReadyTimes >/dev/null
rm=$results/marks-ready.txt
ready_median=$(values ready "$rm" | percentile 50)
ready_p95=$(values ready "$rm" | percentile 95)
wal=$(values copy-WAL_LOG "$rm" | percentile 50)
file=$(values copy-FILE_COPY "$rm" | percentile 50)
take_median=$(values take "$rm" | percentile 50)
connect_median=$(values connect "$rm" | percentile 50)
cold_connect=$(values cold-connect "$rm" | percentile 50)
pool_strategy=$(mark strategy "$rm")

say "the same on a named volume (-Dpoststack.data-in-memory=false): $READY_VOLUME tests, and 10 bare copies per strategy"
RUN_READY=$READY_VOLUME run ready-volume poststack-volume --select-class bench.isolation.ReadyTimes >/dev/null
rv=$results/marks-ready-volume.txt
v_ready_median=$(values ready "$rv" | percentile 50)
v_ready_p95=$(values ready "$rv" | percentile 95)
v_wal=$(values copy-WAL_LOG "$rv" | percentile 50)
v_file=$(values copy-FILE_COPY "$rv" | percentile 50)

say "JVM start to first test body: poststack with reuse (1 run leaving the stack, then $REUSE_RUNS), Testcontainers ($REUSE_RUNS), alternating"
run reuse-0 poststack-reuse --select-class bench.isolation.start.PoststackStart >/dev/null
for ((i = 1; i <= REUSE_RUNS; i++)); do
    run tc-start-$i tc --select-class bench.isolation.start.TestcontainersStart >/dev/null
    run reuse-$i poststack-reuse --select-class bench.isolation.start.PoststackStart >/dev/null
done
reuse_first=$(start_ms reuse-0)
reuse_ms=$(for ((i = 1; i <= REUSE_RUNS; i++)); do start_ms "reuse-$i"; done | percentile 50)
tc_start_ms=$(for ((i = 1; i <= REUSE_RUNS; i++)); do start_ms "tc-start-$i"; done | percentile 50)
# Every later run must have found the first one's stack: the same project, every service REUSED.
reuse_project=$(mark project "$results/marks-reuse-0.txt")
reused_runs=0
for ((i = 1; i <= REUSE_RUNS; i++)); do
    m=$results/marks-reuse-$i.txt
    if [[ $(mark project "$m") == "$reuse_project" ]] && ! awk '$1 == "action" && $2 !~ /=REUSED$/ { bad = 1 } END { exit !bad }' "$m"; then
        reused_runs=$((reused_runs + 1))
    fi
done

all=(--include-classname '.*') # the suites' classes are C01..C10
suite=com.example.orders.isolation
export RUN_DIR=$consumer
say "the consumer's 50-test suite, sequential, fresh stacks: per-test databases, shared stack + TRUNCATE, Testcontainers per class"
per_test=$(run per-test poststack "${all[@]}" --select-package "$suite.pertest")
truncate=$(run truncate poststack "${all[@]}" --select-package "$suite.truncate")
tc=$(run tc tc "${all[@]}" --select-package "$suite.tc")
say "the 50-test suite, per-test databases, parallel on 2 threads (fresh stack)"
per_test_par=$(run per-test-parallel poststack "${parallel_args[@]}" "${all[@]}" --select-package "$suite.pertest")
say "the 50-test suite, per-test databases, on a reused stack (one run leaving it, then the timed one; for information)"
run per-test-reuse-0 poststack-reuse "${all[@]}" --select-package "$suite.pertest" >/dev/null
per_test_reused=$(run per-test-reused poststack-reuse "${all[@]}" --select-package "$suite.pertest")
unset RUN_DIR

r_tc=$(ratio "$per_test" "$tc")
r_tr=$(ratio "$per_test" "$truncate")
r_start=$(ratio "$reuse_ms" "$tc_start_ms")
par_tests=$(tests_in per-test-parallel)
par_overlap=$(overlap per-test-parallel)
par_threads=$(threads per-test-parallel)
par_ok=$([[ $par_tests == 50 && $par_overlap -ge 2 ]] && echo pass || echo FAIL)
reuse_verdict=$( ((reused_runs == REUSE_RUNS)) && verdict "$reuse_ms" 1500 || echo FAIL)
r_start_verdict=$( ((reused_runs == REUSE_RUNS)) && verdict "$r_start" 0.5 || echo FAIL)
{
    echo
    echo "per-test database ready (pool take + first connection and query), $READY tests: median ${ready_median} ms, p95 ${ready_p95} ms"
    echo "  its parts, medians: pool take ${take_median} ms, first connection and query ${connect_median} ms (opened ahead by the pool, $pool_strategy copies)"
    echo "bare CREATE DATABASE ... TEMPLATE (no pool), median of 10: WAL_LOG ${wal} ms, FILE_COPY ${file} ms"
    echo "the same with the data on a named volume: ready median ${v_ready_median} ms, p95 ${v_ready_p95} ms ($READY_VOLUME tests); bare WAL_LOG ${v_wal} ms, FILE_COPY ${v_file} ms"
    echo "first connection and query opened by the test itself on those fresh copies, median of 20: ${cold_connect} ms"
    echo
    printf '%-58s | %9s | %s\n' "JVM start to first test body" "ms" "runs"
    printf '%s\n' "-----------------------------------------------------------+-----------+-------------"
    printf '%-58s | %9s | %s\n' "poststack, first run (stack made, left for the next)" "$reuse_first" "1"
    printf '%-58s | %9s | %s\n' "poststack, later runs reusing it (median)" "$reuse_ms" "$reused_runs of $REUSE_RUNS reused"
    printf '%-58s | %9s | %s\n' "Testcontainers PostgreSQLContainer, same image (median)" "$tc_start_ms" "$REUSE_RUNS"
    echo
    printf '%-58s | %9s | %s\n' "50-test suite, whole JVM (stack or containers included)" "wall ms" "tests passed"
    printf '%s\n' "-----------------------------------------------------------+-----------+-------------"
    printf '%-58s | %9s | %s\n' "poststack DATABASE_PER_TEST (fresh stack)" "$per_test" "$(tests_in per-test)"
    printf '%-58s | %9s | %s\n' "poststack shared stack + TRUNCATE (fresh stack)" "$truncate" "$(tests_in truncate)"
    printf '%-58s | %9s | %s\n' "Testcontainers PostgreSQLContainer per class + TRUNCATE" "$tc" "$(tests_in tc)"
    printf '%-58s | %9s | %s\n' "poststack DATABASE_PER_TEST, parallel, 2 threads" "$per_test_par" "$par_tests"
    printf '%-58s | %9s | %s\n' "poststack DATABASE_PER_TEST, reused stack" "$per_test_reused" "$(tests_in per-test-reused)"
    echo
    echo "per-test / Testcontainers: $r_tc; per-test / TRUNCATE: $r_tr; reused start / Testcontainers start: $r_start"
    echo "parallel run: $par_tests of 50 passed (each checks exact row counts), on $par_threads threads, at most $par_overlap test bodies at once"
    echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: absolute times are noisy, ratios less so)"
    summary_item "ready median (<= 50ms)" "${ready_median}ms" "$(verdict "$ready_median" 50)"
    summary_item "ready p95 (<= 150ms)" "${ready_p95}ms" "$(verdict "$ready_p95" 150)"
    summary_item "reused start (<= 1500ms)" "${reuse_ms}ms" "$reuse_verdict"
    summary_item "reused start / TC start (<= 0.5)" "$r_start" "$r_start_verdict"
    summary_item "per-test / TC per class (<= 0.5)" "$r_tc" "$(verdict "$r_tc" 0.5)"
    summary_item "per-test / TRUNCATE (<= 1.3)" "$r_tr" "$(verdict "$r_tr" 1.3)"
    summary_item "suite parallel 2 threads" "${per_test_par}ms" "no target"
    summary_item "parallel isolated (50/50, overlapping)" "$par_tests/50 x$par_overlap" "$par_ok"
    echo "SUMMARY: $(summary_items)"
} | tee "$results/summary.txt"
