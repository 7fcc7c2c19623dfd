#!/usr/bin/env bash
# Test isolation, side by side in one run (see bench/README.md, "Test isolation"):
#   (a) per-test database ready (copy from the pool + first connection), median and p95 over READY tests, and
#       the bare copy time of CREATE DATABASE ... STRATEGY WAL_LOG vs FILE_COPY;
#   (b) the example suite (50 tests, 10 classes of 5, each needing an empty migrated schema) three ways:
#       poststack DATABASE_PER_TEST, poststack shared stack + TRUNCATE, Testcontainers PostgreSQLContainer
#       (same image) with a container per class + Liquibase + TRUNCATE;
#   (c) the per-test suite again with JUnit parallel execution on 2 threads (exact row counts in every test
#       prove no test saw another's rows).
#
#   bench/test-isolation.sh            about 3 minutes
#   READY=50 bench/test-isolation.sh   quicker
#
# Each run is one plain `java ... ConsoleLauncher` (no Maven around it), timed from just before exec to its
# exit. Talks only to the local Docker engine and the databases of its own runs on 127.0.0.1. Testcontainers
# runs with TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_HOST_OVERRIDE=localhost, its password
# generated per run and never printed. Leftovers are removed: poststack's by label
# dev.poststack.project=pstest-<pid of that JVM>, Testcontainers' by the label dev.poststack.bench=<this run>.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

READY=${READY:-200}
helper=$repo/bench/test-isolation
jar=$repo/target/poststack.jar

ensure_engine
ensure_jar
require_tool mvn maven

stamp=$(date -u +%Y%m%dT%H%M%SZ)
run_id=test-isolation-$stamp
results=$repo/bench/results/$run_id
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/tmp}/poststack-test-isolation.XXXXXX")
echo "results: $results" >&2

our_pids=()
cleanup() {
    local pid ids
    for pid in "${our_pids[@]}"; do remove_project "pstest-$pid" >/dev/null; done
    mapfile -t ids < <(docker ps -aq --filter "label=dev.poststack.bench=$run_id")
    ((${#ids[@]} == 0)) || docker rm -f -v "${ids[@]}" >/dev/null 2>&1 || true
    if [[ ${KEEP:-0} == 1 ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "helper project: compile, classpaths"
mvn_args=(-B -q -f "$helper/pom.xml" "-Dpoststack.jar=$jar"
    compile dependency:build-classpath@testcontainers dependency:build-classpath@console)
if ! mvn -o "${mvn_args[@]}" >"$results/mvn.log" 2>&1; then
    mvn "${mvn_args[@]}" >>"$results/mvn.log" 2>&1 || { tail -n 30 "$results/mvn.log" >&2; echo "mvn failed" >&2; exit 1; }
fi
classes=$helper/target/classes
ps_cp="$classes:$(<"$helper/target/classpath-console.txt"):$(dependency_classpath)"
tc_cp="$classes:$(<"$helper/target/classpath-testcontainers.txt")"

cp -a "$repo/images.yaml" "$repo/containers" "$repo/liquibase" "$work/"
say "images: ./poststack build-images postgres liquibase (cached when nothing changed; not timed)"
(cd "$work" && "$repo/poststack" build-images postgres liquibase >"$results/build.log" 2>&1) ||
    { tail -n 30 "$results/build.log" >&2; echo "poststack build-images failed" >&2; exit 1; }
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

# One JVM: run NAME SIDE(poststack|tc) SELECTORS...; prints its wall time in ms, fails on a failed test.
run() {
    local name=$1 side=$2 marks=$results/marks-$1.txt log=$results/run-$1.log pidfile=$work/pid t0 t1 rc=0 cp
    shift 2
    rm -f "$marks"
    [[ $side == tc ]] && cp=$tc_cp || cp=$ps_cp
    t0=${EPOCHREALTIME//[!0-9]/}
    (
        echo "$BASHPID" >"$pidfile"
        export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost BENCH_RUN=$run_id
        BENCH_PG_PASSWORD=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true)
        export BENCH_PG_PASSWORD
        exec java "-Dbench.marks=$marks" "-Dbench.manifest=$work/images.yaml" "-Dbench.changelogs=$work/liquibase" \
            "-Dbench.ready.count=$READY" -cp "$cp" org.junit.platform.console.ConsoleLauncher execute \
            --disable-banner --disable-ansi-colors --details=summary --fail-if-no-tests "$@"
    ) >"$log" 2>&1 || rc=$?
    t1=${EPOCHREALTIME//[!0-9]/}
    our_pids+=("$(<"$pidfile")")
    if ((rc != 0)); then
        tail -n 40 "$log" >&2
        echo "run $name failed (exit $rc); log: $log" >&2
        exit 1
    fi
    echo $(((t1 - t0) / 1000))
}
percentile() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; printf "%.1f\n", v[i] }'; }
values() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

say "per-test readiness: $READY tests, and 10 bare copies per strategy"
run ready poststack --select-class bench.isolation.ReadyTimes >/dev/null
rm=$results/marks-ready.txt
ready_median=$(values ready "$rm" | percentile 50)
ready_p95=$(values ready "$rm" | percentile 95)
wal=$(values copy-WAL_LOG "$rm" | percentile 50)
file=$(values copy-FILE_COPY "$rm" | percentile 50)

all=(--include-classname '.*') # the suites' classes are C01..C10
say "the 50-test suite, sequential: per-test databases, shared stack + TRUNCATE, Testcontainers per class"
per_test=$(run per-test poststack "${all[@]}" --select-package bench.isolation.pertest)
truncate=$(run truncate poststack "${all[@]}" --select-package bench.isolation.truncate)
tc=$(run tc tc "${all[@]}" --select-package bench.isolation.tc)
say "the 50-test suite, per-test databases, parallel on 2 threads"
per_test_par=$(run per-test-parallel poststack "${parallel_args[@]}" "${all[@]}" --select-package bench.isolation.pertest)
tests_in() { grep -oE '[0-9]+ tests successful' "$results/run-$1.log" | awk '{ print $1 }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; }
r_tc=$(ratio "$per_test" "$tc")
r_tr=$(ratio "$per_test" "$truncate")
{
    echo
    echo "per-test database ready (pool take + first connection and query), $READY tests: median ${ready_median} ms, p95 ${ready_p95} ms"
    echo "bare CREATE DATABASE ... TEMPLATE (no pool), median of 10: WAL_LOG ${wal} ms, FILE_COPY ${file} ms"
    echo
    printf '%-58s | %9s | %s\n' "50-test suite, whole JVM (stack or containers included)" "wall ms" "tests passed"
    printf '%s\n' "-----------------------------------------------------------+-----------+-------------"
    printf '%-58s | %9s | %s\n' "poststack DATABASE_PER_TEST" "$per_test" "$(tests_in per-test)"
    printf '%-58s | %9s | %s\n' "poststack shared stack + TRUNCATE" "$truncate" "$(tests_in truncate)"
    printf '%-58s | %9s | %s\n' "Testcontainers PostgreSQLContainer per class + TRUNCATE" "$tc" "$(tests_in tc)"
    printf '%-58s | %9s | %s\n' "poststack DATABASE_PER_TEST, parallel, 2 threads" "$per_test_par" "$(tests_in per-test-parallel)"
    echo
    echo "per-test / Testcontainers: $r_tc; per-test / TRUNCATE: $r_tr"
    echo "JVM start to first test body with a reused stack: not measured (stack reuse across runs is not implemented yet)"
    par_ok=$([[ $(tests_in per-test-parallel) == 50 ]] && echo pass || echo FAIL)
    echo "SUMMARY: ready median ${ready_median} ms (<= 50) $(verdict "$ready_median" 50); ready p95 ${ready_p95} ms (<= 150) $(verdict "$ready_p95" 150);" \
        "per-test/TC-per-class ${r_tc} (<= 0.5) $(verdict "$r_tc" 0.5); per-test/TRUNCATE ${r_tr} (<= 1.3) $(verdict "$r_tr" 1.3);" \
        "parallel 2 threads ${per_test_par} ms, 50/50 isolated $par_ok; reuse start: not measured FAIL"
} | tee "$results/summary.txt"
