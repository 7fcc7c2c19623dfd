#!/usr/bin/env bash
# The framework as another project adopts it: examples/consumer (a separate Maven project that depends on the
# installed poststack artifacts through the BOM) run with `mvn verify`, timed. Side by side in one run:
#   first   the consumer's first `mvn verify` after its images were removed (COLD=1: every image poststack
#           built is removed first, so they come from the catalog again, base-debian from mmdebstrap);
#           without COLD=1 the images stay and "first" is a run on the images as they are
#   second  the next `mvn verify`, images cached: its wall time and the time from `mvn verify` start to the first
#           test body (after @PoststackTest's stack is up), taken by a JUnit listener this script puts on the
#           consumer's test class path
# Usage: bench/consumer.sh            COLD=1 bench/consumer.sh (removes poststack's images first)
#        TC=1.21.4 bench/consumer.sh  (the consumer on Testcontainers 1.21; default: its POM's 2.0.x)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=bench/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

ensure_engine
ensure_mmdebstrap
export TESTCONTAINERS_RYUK_DISABLED=${TESTCONTAINERS_RYUK_DISABLED:-true}
export TESTCONTAINERS_HOST_OVERRIDE=${TESTCONTAINERS_HOST_OVERRIDE:-localhost}
export TESTCONTAINERS_CHECKS_DISABLE=${TESTCONTAINERS_CHECKS_DISABLE:-true}
# @PoststackTest starts its stack from nothing in both runs and removes it (reuse across runs, on by default
# outside CI, would keep it running after the bench); POSTSTACK_REUSE=true bench/consumer.sh measures reuse.
export POSTSTACK_REUSE=${POSTSTACK_REUSE:-false}

consumer=$repo/examples/consumer
out=$repo/bench/results/consumer-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
{ machine_lines; echo "testcontainers: ${TC:-as in the POM}"; echo "cold: ${COLD:-0}"; } >"$out/env.txt"

say "installing poststack (mvn install, no tests)"
(cd "$repo" && mvn -B -q install -DskipTests -Dinvoker.skip=true >"$out/install.log" 2>&1) ||
    { tail -n 30 "$out/install.log" >&2; exit 1; }

say "the first-test-body listener"
listener=$out/listener
mkdir -p "$listener/classes/META-INF/services"
launcher_jar=$(find ~/.m2/repository/org/junit/platform/junit-platform-launcher -name 'junit-platform-launcher-1.*.jar' | sort -V | tail -n 1)
engine_jar=$(find ~/.m2/repository/org/junit/platform/junit-platform-engine -name 'junit-platform-engine-1.*.jar' | sort -V | tail -n 1)
javac -d "$listener/classes" -cp "$launcher_jar:$engine_jar" "$repo/bench/consumer/src/bench/FirstTestBody.java"
cp "$repo/bench/consumer/META-INF/services/org.junit.platform.launcher.TestExecutionListener" \
    "$listener/classes/META-INF/services/"

if [[ ${COLD:-0} == 1 ]]; then
    say "COLD=1: removing every image poststack built (label dev.poststack.fingerprint) and the consumer's stacks"
    (cd "$consumer" && { "$repo/poststack" down --volumes >/dev/null 2>&1 || true; })
    docker images -q --filter label=dev.poststack.fingerprint | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
fi

# One `mvn verify` of the consumer: prints "<wall seconds> <seconds to first test body>".
verify_once() { # name
    local name=$1 first=$out/$1.first start end
    rm -f "$first"
    start=$(date +%s%3N)
    (cd "$consumer" && BENCH_FIRST_TEST_FILE=$first mvn -B verify ${TC:+-Dtestcontainers.version=$TC} \
        -Dmaven.test.additionalClasspath="$listener/classes" >"$out/$name.log" 2>&1) ||
        { tail -n 40 "$out/$name.log" >&2; echo "the consumer's mvn verify failed ($out/$name.log)" >&2; return 1; }
    end=$(date +%s%3N)
    local body=-
    [[ -s $first ]] && body=$(awk -v s="$start" 'NR == 1 { printf "%.1f", ($1 - s) / 1000 }' "$first")
    awk -v s="$start" -v e="$end" -v b="$body" 'BEGIN { printf "%.1f %s\n", (e - s) / 1000, b }'
}

say "first mvn verify"
read -r first_wall first_body < <(verify_once first)
say "second mvn verify (images cached)"
read -r second_wall second_body < <(verify_once second)

printf '\n%-8s %10s %22s\n' run "wall (s)" "to first test body (s)"
printf '%-8s %10s %22s\n' first "$first_wall" "$first_body" second "$second_wall" "$second_body"
tests=$(grep -h 'Tests run:' "$out/second.log" | grep -v ' in ' | tail -n 2 | paste -sd' ' -)
echo "second run: $tests"
echo "results: $out"
echo "SUMMARY: consumer first($([[ ${COLD:-0} == 1 ]] && echo cold || echo as-is))=${first_wall}s pass;" \
    "second=${second_wall}s (target <=90s) $(verdict "$second_wall" 90);" \
    "second-to-first-test-body=${second_body}s (target <=20s) $(verdict "${second_body/-/999}" 20)"
