#!/usr/bin/env bash
# Compares, in one run, plain `docker build` (bench/plain/) with `./poststack build-images` on the
# same image set: base-debian (mmdebstrap trixie minbase), postgres, liquibase (JRE + jars +
# changelogs). See bench/README.md for what each number means.
#
#   bench/build-images.sh                 all scenarios, both sides (about 10 minutes)
#   RUNS=1 bench/build-images.sh          quick check: one run per scenario
#
# Environment:
#   RUNS        runs per scenario (default: 3 for cold builds, 10 for the warm scenarios)
#   SIDES       "plain poststack" (default), or just one of them
#   SCENARIOS   any of "cold warm changelog" (default: all three; memory comes with cold and warm)
#   SUITE       Debian suite of the base image (default trixie)
#   KEEP=1      keep the work folder (default: removed at exit)
#
# Talks only to the local Docker engine. Tags: bench-plain/* for the plain side, and
# bench-poststack/* (a copy of images.yaml with defaults.namespace: bench-poststack) for poststack.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

SIDES=${SIDES:-plain poststack}
SCENARIOS=${SCENARIOS:-cold warm changelog}
SUITE=${SUITE:-trixie}
RUNS_COLD=${RUNS:-3}
RUNS_WARM=${RUNS:-10}
PLAIN_NS=bench-plain
PS_NS=bench-poststack
PLAIN_LABEL=dev.poststack.bench=plain
# Targets (see bench/README.md).
TARGET_COLD_RATIO=0.8
TARGET_WARM_S=1.0
TARGET_CHANGELOG_S=2.0
TARGET_RSS_MB=300

has_scenario() { [[ " $SCENARIOS " == *" $1 "* ]]; }

# ---------------------------------------------------------------------------------------------
# Host: engine, mmdebstrap, hyperfine, GNU time, the jar.
ensure_engine
ensure_mmdebstrap
ensure_tool hyperfine hyperfine
ensure_tool /usr/bin/time time
require_tool mvn maven
if has_side poststack; then
    ensure_jar
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=$repo/bench/results/$stamp
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/var/tmp}/poststack-bench.XXXXXX")
cleanup() {
    if [[ ${KEEP:-0} == 1 ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
echo "results: $results" >&2
{
    echo "date: $stamp"
    echo "sides: $SIDES"
    echo "scenarios: $SCENARIOS"
    echo "runs: cold=$RUNS_COLD warm=$RUNS_WARM"
    echo "suite: $SUITE"
    machine_lines
} >"$results/env.txt"

# ---------------------------------------------------------------------------------------------
# Changelogs: the repository's liquibase/ folder (a placeholder when it does not exist yet).
changelogs=$work/changelogs
if [[ -d $repo/liquibase ]]; then
    cp -a "$repo/liquibase" "$changelogs"
else
    echo "note: $repo/liquibase does not exist; using a placeholder changelog" >&2
    mkdir -p "$changelogs"
    printf '%s\n' '--liquibase formatted sql' '--changeset bench:1' 'CREATE TABLE bench (id int);' >"$changelogs/changelog.sql"
fi
# The file scenario (c) appends a comment line to, and how a comment is written in it.
changed_file=$(cd "$changelogs" && find . -type f \( -name '*.xml' -o -name '*.yaml' -o -name '*.yml' -o -name '*.sql' \) | sort | head -n 1)
changed_file=${changed_file#./}
comment_line() { # file -> a comment line for that file's language
    case $1 in
        *.xml) printf '<!-- bench %s -->\n' "$EPOCHREALTIME" ;;
        *.sql) printf -- '-- bench %s\n' "$EPOCHREALTIME" ;;
        *) printf '# bench %s\n' "$EPOCHREALTIME" ;;
    esac
}

# ---------------------------------------------------------------------------------------------
# Plain side: build contexts with the same jars and changelogs.
plain=$work/plain
if has_side plain; then
    say "plain: preparing build contexts"
    mkdir -p "$plain"
    cp -a "$repo/bench/plain/postgres" "$plain/postgres"
    cp -a "$repo/bench/plain/liquibase" "$plain/liquibase"
    cp -a "$changelogs" "$plain/liquibase/changelog"
    # Same versions as images.yaml when it names them.
    mvn_props=()
    if [[ -f $repo/images.yaml ]]; then
        for ga in org.liquibase:liquibase-core:liquibase info.picocli:picocli:picocli org.postgresql:postgresql:postgresql; do
            v=$(version_of "${ga%:*}")
            [[ -n $v ]] && mvn_props+=("-D${ga##*:}.version=$v")
        done
    fi
    t0=$(now)
    (cd "$plain/liquibase" && mvn -B -q "${mvn_props[@]}" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory=lib >"$results/plain-mvn.log" 2>&1) ||
        { cat "$results/plain-mvn.log" >&2; exit 1; }
    rm -f "$plain/liquibase/pom.xml"
    echo "plain: jars resolved in $(elapsed "$t0" "$(now)") s (not counted): $(cd "$plain/liquibase/lib" && echo *)" \
        | tee -a "$results/env.txt" >&2
fi

plain_build() { # name context
    docker build -q --network host --label "$PLAIN_LABEL" -t "$PLAIN_NS/$1:latest" "$2" >>"$results/plain-build.log" 2>&1 ||
        { tail -n 30 "$results/plain-build.log" >&2; echo "docker build of $1 failed" >&2; exit 1; }
}
remove_images() { # namespace
    local refs
    mapfile -t refs < <(docker images --format '{{.Repository}}:{{.Tag}}' | grep "^$1/" || true)
    ((${#refs[@]} == 0)) || docker rmi -f "${refs[@]}" >/dev/null
    docker builder prune -af >/dev/null 2>&1 || true
}
plain_remove() {
    remove_images "$PLAIN_NS"
    remove_dangling_plain
}
# Rebuilds in the warm scenarios leave the previous plain images untagged.
remove_dangling_plain() {
    local ids
    mapfile -t ids < <(docker images -q --filter dangling=true --filter "label=$PLAIN_LABEL")
    ((${#ids[@]} == 0)) || docker rmi "${ids[@]}" >/dev/null 2>&1 || true
}
# One cold plain run: prints "total base import postgres liquibase" seconds.
plain_cold_run() {
    local t0 t1 t2 t3 t4
    rm -f "$work/rootfs.tar"
    t0=$(now)
    mmdebstrap --quiet --variant=minbase "$SUITE" "$work/rootfs.tar" >>"$results/plain-mmdebstrap.log" 2>&1 ||
        { tail -n 20 "$results/plain-mmdebstrap.log" >&2; exit 1; }
    t1=$(now)
    docker import "$work/rootfs.tar" "$PLAIN_NS/base-debian:latest" >/dev/null
    t2=$(now)
    plain_build postgres "$plain/postgres"
    t3=$(now)
    plain_build liquibase "$plain/liquibase"
    t4=$(now)
    rm -f "$work/rootfs.tar"
    echo "$(elapsed "$t0" "$t4") $(elapsed "$t0" "$t1") $(elapsed "$t1" "$t2") $(elapsed "$t2" "$t3") $(elapsed "$t3" "$t4")"
}

# ---------------------------------------------------------------------------------------------
# poststack side: a copy of the manifest with its own namespace, next to copies of what it uses.
ps=$work/poststack
if has_side poststack; then
    say "poststack: preparing a copy of images.yaml (namespace $PS_NS)"
    [[ -f $repo/images.yaml ]] || { echo "no $repo/images.yaml yet (run with SIDES=plain)" >&2; exit 1; }
    mkdir -p "$ps"
    [[ -d $repo/containers ]] && cp -a "$repo/containers" "$ps/containers"
    cp -a "$changelogs" "$ps/liquibase"
    # defaults.namespace: bench-poststack (replaced, or added to defaults, or a defaults block added)
    awk -v ns="$PS_NS" '
        function flush_defaults() { if (in_defaults && !done) { print (indent == "" ? "  " : indent) "namespace: " ns; done = 1 } in_defaults = 0 }
        /^defaults:[[:space:]]*(#.*)?$/ { print; in_defaults = 1; indent = ""; next }
        in_defaults && /^[^[:space:]#]/ { flush_defaults() }
        in_defaults && /^[[:space:]]+[^[:space:]#]/ {
            match($0, /^[[:space:]]+/); cur = substr($0, 1, RLENGTH)
            if (indent == "") indent = cur
            if (cur == indent && $0 ~ /^[[:space:]]+namespace:/) { print indent "namespace: " ns; done = 1; next }
        }
        { print }
        END { flush_defaults(); if (!done) { print "defaults:"; print "  namespace: " ns } }
    ' "$repo/images.yaml" >"$ps/images.yaml"
    grep -qE "^[[:space:]]+namespace: $PS_NS\$" "$ps/images.yaml" ||
        { echo "could not set defaults.namespace in the manifest copy" >&2; exit 1; }
fi

ps_remove() {
    remove_images "$PS_NS"
    rm -rf "$ps/.poststack"
}
# Runs poststack build-images in the manifest copy under /usr/bin/time -v; prints "seconds rss_kb".
ps_timed_run() { # xdg_cache_home label
    local t0 t1 log=$results/poststack-$2.log
    t0=$(now)
    if ! (cd "$ps" && XDG_CACHE_HOME=$1 /usr/bin/time -v -o "$results/time-v-$2.txt" "$repo/poststack" build-images >"$log" 2>&1); then
        tail -n 30 "$log" >&2
        echo "poststack build-images failed (log: $log)" >&2
        exit 1
    fi
    t1=$(now)
    echo "$(elapsed "$t0" "$t1") $(awk -F': ' '/Maximum resident set size/ {print $2}' "$results/time-v-$2.txt")"
}

# ---------------------------------------------------------------------------------------------
# (a) cold: everything from nothing, alternating sides run by run.
if has_scenario cold; then
    for ((i = 1; i <= RUNS_COLD; i++)); do
        if has_side plain; then
            say "cold $i/$RUNS_COLD: plain (mmdebstrap + docker import + 2 docker builds)"
            plain_remove
            line=$(plain_cold_run)
            echo "$line" >>"$results/cold-plain.txt"
            echo "plain: total ${line%% *} s (base, import, postgres, liquibase: ${line#* })" >&2
        fi
        if has_side poststack; then
            say "cold $i/$RUNS_COLD: poststack build-images"
            ps_remove
            line=$(ps_timed_run "$work/xdg-cold-$i" "cold-$i")
            echo "$line" >>"$results/cold-poststack.txt"
            echo "poststack: ${line% *} s, max RSS ${line#* } kB" >&2
        fi
    done
    # Header lines for whoever reads the raw files later.
    sed -i '1i # total_s base_s import_s postgres_s liquibase_s' "$results/cold-plain.txt" 2>/dev/null || true
    sed -i '1i # total_s max_rss_kb' "$results/cold-poststack.txt" 2>/dev/null || true
fi

# Both sides need their images for the warm scenarios.
warm_xdg=$work/xdg-warm
if has_scenario warm || has_scenario changelog; then
    if has_side plain && ! docker image inspect "$PLAIN_NS/base-debian:latest" >/dev/null 2>&1; then
        say "plain: building once for the warm scenarios"
        plain_cold_run >/dev/null
    fi
    if has_side poststack; then
        if [[ -d $work/xdg-cold-$RUNS_COLD ]] && has_scenario cold; then
            warm_xdg=$work/xdg-cold-$RUNS_COLD
        fi
        say "poststack: building once for the warm scenarios"
        ps_timed_run "$warm_xdg" warm-prime >/dev/null
    fi
fi

# Shell commands for hyperfine (it discards their output).
plain_liquibase_cmd=$(printf 'docker build -q --network host --label %q -t %q %q' "$PLAIN_LABEL" "$PLAIN_NS/liquibase:latest" "$plain/liquibase")
plain_warm_cmd=$(printf 'docker build -q --network host --label %q -t %q %q && ' "$PLAIN_LABEL" "$PLAIN_NS/postgres:latest" "$plain/postgres")$plain_liquibase_cmd
ps_shell_cmd=$(printf 'cd %q && XDG_CACHE_HOME=%q %q build-images' "$ps" "$warm_xdg" "$repo/poststack")

hyperfine_median() { # csv -> median seconds of row n (1-based)
    awk -F, -v n="$2" 'NR == n + 1 { printf "%.3f\n", $4 }' "$1"
}

# (b) nothing changed
if has_scenario warm; then
    say "warm (nothing changed): hyperfine, $RUNS_WARM runs"
    cmds=()
    has_side plain && cmds+=(-n plain "$plain_warm_cmd")
    has_side poststack && cmds+=(-n poststack "$ps_shell_cmd")
    hyperfine --style basic -w 1 -r "$RUNS_WARM" --export-csv "$results/warm.csv" --export-json "$results/warm.json" "${cmds[@]}"
    if has_side poststack; then
        for ((i = 1; i <= 3; i++)); do
            ps_timed_run "$warm_xdg" "warm-rss-$i" >>"$results/warm-poststack-rss.txt"
        done
    fi
fi

# (c) one changelog changed (a comment line appended before every run)
if has_scenario changelog; then
    say "one changelog changed ($changed_file): hyperfine, $RUNS_WARM runs"
    cmds=()
    append() { printf "printf '%%s\\\\n' %q >> %q" "$(comment_line "$changed_file")" "$1/$changed_file"; }
    has_side plain && cmds+=(--prepare "$(append "$plain/liquibase/changelog")" -n plain "$plain_liquibase_cmd")
    has_side poststack && cmds+=(--prepare "$(append "$ps/liquibase")" -n poststack "$ps_shell_cmd")
    hyperfine --style basic -r "$RUNS_WARM" --export-csv "$results/changelog.csv" --export-json "$results/changelog.json" "${cmds[@]}"
fi

has_side plain && remove_dangling_plain

# ---------------------------------------------------------------------------------------------
# Summary table.
row() { # scenario plain_median poststack_median target_kind(ratio|max) target
    local ratio=- verdict=-
    if [[ $2 != - && $3 != - ]]; then
        ratio=$(awk -v a="$3" -v b="$2" 'BEGIN { printf "%.2f", a / b }')
    fi
    case $4 in
        ratio) [[ $ratio != - ]] && verdict=$(verdict "$ratio" "$5") ;;
        max) [[ $3 != - ]] && verdict=$(verdict "$3" "$5") ;;
    esac
    local target
    case $4 in ratio) target="ratio <= $5" ;; max) target="poststack <= $5" ;; esac
    printf '%-34s | %12s | %16s | %5s | %-20s | %s\n' "$1" "$2" "$3" "$ratio" "$target" "$verdict"
    [[ $verdict == - ]] || summary_item "$1 ($target)" "$([[ $4 == ratio ]] && echo "$ratio" || echo "$3")" "$verdict"
}
file_median() { # file column -> median of that column ("-" when there is no file)
    if [[ -f $1 ]]; then awk -v c="$2" '!/^#/ {print $c}' "$1" | median; else echo -; fi
}
col() { # side: passes stdin through, or "-" (stdin drained) when the side was not run
    if has_side "$1"; then cat; else cat >/dev/null; echo -; fi
}
{
    printf '%-34s | %12s | %16s | %5s | %-20s | %s\n' scenario "plain median" "poststack median" ratio target pass/fail
    printf '%s\n' "-----------------------------------+--------------+------------------+-------+----------------------+----------"
    if has_scenario cold; then
        p=$(file_median "$results/cold-plain.txt" 1 | col plain)
        q=$(file_median "$results/cold-poststack.txt" 1 | col poststack)
        row "(a) cold, whole set [s]" "$p" "$q" ratio "$TARGET_COLD_RATIO"
    fi
    if has_scenario warm; then
        n=0; p=-; q=-
        has_side plain && { n=$((n + 1)); p=$(hyperfine_median "$results/warm.csv" "$n"); }
        has_side poststack && { n=$((n + 1)); q=$(hyperfine_median "$results/warm.csv" "$n"); }
        row "(b) nothing changed [s]" "$p" "$q" max "$TARGET_WARM_S"
    fi
    if has_scenario changelog; then
        n=0; p=-; q=-
        has_side plain && { n=$((n + 1)); p=$(hyperfine_median "$results/changelog.csv" "$n"); }
        has_side poststack && { n=$((n + 1)); q=$(hyperfine_median "$results/changelog.csv" "$n"); }
        row "(c) one changelog changed [s]" "$p" "$q" max "$TARGET_CHANGELOG_S"
    fi
    if has_side poststack && has_scenario cold; then
        q=$(awk '!/^#/ {printf "%d\n", $2 / 1024}' "$results/cold-poststack.txt" | median)
        row "(d) peak RSS, cold [MB]" - "$q" max "$TARGET_RSS_MB"
    fi
    if has_side poststack && has_scenario warm; then
        q=$(awk '{printf "%d\n", $2 / 1024}' "$results/warm-poststack-rss.txt" | median)
        row "(d) peak RSS, nothing changed [MB]" - "$q" max "$TARGET_RSS_MB"
    fi
} | tee "$results/summary.txt"
if has_side plain && has_scenario cold; then
    printf '\nplain cold, medians of the steps [s]: base %s, import %s, postgres %s, liquibase %s\n' \
        "$(grep -v '^#' "$results/cold-plain.txt" | awk '{print $2}' | median)" \
        "$(grep -v '^#' "$results/cold-plain.txt" | awk '{print $3}' | median)" \
        "$(grep -v '^#' "$results/cold-plain.txt" | awk '{print $4}' | median)" \
        "$(grep -v '^#' "$results/cold-plain.txt" | awk '{print $5}' | median)" | tee -a "$results/summary.txt"
fi
echo "raw numbers: $results" >&2
echo "SUMMARY: $(summary_items)"