#!/usr/bin/env bash
# What the command line itself costs: the wall time of a warm no-op `./poststack build-images` (every image
# cached) next to a bare JVM start of the same jar (`--version`, the floor no command gets below) and the number
# of classes each loads, and the peak memory (RSS) of the CLI during a cold build of every image.
#
#   bench/cli-cost.sh               both (the cold build takes minutes)
#   COLD=0 bench/cli-cost.sh        the warm no-op only
#
# Environment:
#   RUNS   runs of each warm command (default 10; medians are reported)
#   COLD   1 (default): also the cold build, under its own namespace (bench-clicost), removed afterwards
#
# The warm no-op reads ./images.yaml of the repository (namespace poststack: run `./poststack setup` first so its
# images are in the engine). Talks only to the local Docker engine.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${RUNS:-10}
COLD=${COLD:-1}
NS=bench-clicost
TARGET_WARM_S=1.0
TARGET_RSS_MB=300
MEDIAN_FORMAT=%.3f

ensure_engine
ensure_tool /usr/bin/time time
ensure_jar
jar=$(poststack_cli_jar)

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=$repo/bench/results/cli-cost-$stamp
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/var/tmp}/poststack-bench-clicost.XXXXXX")
cleanup() {
    if [[ $COLD == 1 ]]; then
        mapfile -t ids < <(docker images -q --filter "reference=$NS/*" | sort -u)
        ((${#ids[@]} == 0)) || docker rmi -f "${ids[@]}" >/dev/null 2>&1 || true
    fi
    if [[ ${KEEP:-0} == 1 ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
{
    echo "date: $stamp"
    machine_lines
    echo "jar: $jar ($(du -k "$jar" | cut -f1) KB)"
} >"$results/env.txt"
cat "$results/env.txt" >&2

# seconds of one run of "$@" (output to $results/last.log), failing when the command fails
timed() {
    local t0 t1
    t0=$(now)
    "$@" >"$results/last.log" 2>&1 || { cat "$results/last.log" >&2; return 1; }
    t1=$(now)
    elapsed "$t0" "$t1"
}

# The archive is made by the first run after a build; make it before measuring.
(cd "$repo" && POSTSTACK_NO_HOST_SETUP=1 ./poststack --version >/dev/null)
(cd "$repo" && ./poststack build-images >"$results/first.log" 2>&1) || { cat "$results/first.log" >&2; exit 1; }

say "warm no-op build-images, $RUNS runs, against the JVM floor (--version)"
: >"$results/noop.txt"
: >"$results/version.txt"
for _ in $(seq "$RUNS"); do
    (cd "$repo" && timed env POSTSTACK_NO_HOST_SETUP=1 ./poststack build-images) >>"$results/noop.txt"
    (cd "$repo" && timed env POSTSTACK_NO_HOST_SETUP=1 ./poststack --version) >>"$results/version.txt"
done
noop=$(median <"$results/noop.txt")
floor=$(median <"$results/version.txt")

# Classes loaded, and from where (the class-data archive or the jar), by one run of each.
classes_of() { # what -> "N loaded (M from the archive)"
    local log=$results/classes-$1.log
    shift
    (cd "$repo" && JAVA_OPTS='-Xlog:class+load=info:file='"$log" POSTSTACK_NO_HOST_SETUP=1 POSTSTACK_CDS=0 \
        ./poststack "$@" >/dev/null 2>&1) || true
    printf '%s loaded (%s of them poststack'"'"'s own or its libraries'"'"')\n' "$(grep -c 'source:' "$log")" \
        "$(grep -c 'source: file:' "$log")"
}
noop_classes=$(classes_of noop build-images)
version_classes=$(classes_of version --version)
rss_noop=$(cd "$repo" && POSTSTACK_NO_HOST_SETUP=1 /usr/bin/time -v ./poststack build-images 2>&1 >/dev/null |
    awk '/Maximum resident set size/ { printf "%d", $NF / 1024 }')

printf '%-28s %10s %s\n' "warm no-op build-images" "${noop} s" "classes: $noop_classes; peak RSS ${rss_noop} MB" >&2
printf '%-28s %10s %s\n' "JVM floor (--version)" "${floor} s" "classes: $version_classes" >&2

rss_cold=-
if [[ $COLD == 1 ]]; then
    say "cold build of every image (namespace $NS), peak RSS of the CLI"
    ensure_mmdebstrap
    mkdir -p "$work/project"
    cp -a "$repo/liquibase" "$work/project/"  # the image definitions come from the catalog in the jar
    sed -E "s/^(  namespace:).*/\1 $NS/" "$repo/images.yaml" >"$work/project/images.yaml"
    grep -q "namespace: $NS" "$work/project/images.yaml" || { echo "images.yaml has no defaults.namespace" >&2; exit 1; }
    t0=$(now)
    (cd "$work/project" && POSTSTACK_NO_HOST_SETUP=1 /usr/bin/time -v -o "$results/cold-time.txt" \
        "$repo/poststack" build-images --no-cache >"$results/cold.log" 2>&1) || { tail -n 40 "$results/cold.log" >&2; exit 1; }
    t1=$(now)
    rss_cold=$(awk '/Maximum resident set size/ { printf "%d", $NF / 1024 }' "$results/cold-time.txt")
    printf '%-28s %10s %s\n' "cold build-images" "$(elapsed "$t0" "$t1") s" "peak RSS ${rss_cold} MB" >&2
fi

{
    echo "warm no-op: $noop s (JVM floor $floor s), classes $noop_classes vs $version_classes"
    echo "peak RSS: no-op $rss_noop MB, cold build $rss_cold MB"
} >"$results/summary.txt"
rss_verdict=-
[[ $rss_cold == - ]] || rss_verdict=$(verdict "$rss_cold" "$TARGET_RSS_MB")
echo "SUMMARY: warm no-op build-images ${noop} s (target <= ${TARGET_WARM_S} s) $(verdict "$noop" "$TARGET_WARM_S");" \
    "cold build peak RSS ${rss_cold} MB (target <= ${TARGET_RSS_MB} MB) ${rss_verdict}; JVM floor ${floor} s"
