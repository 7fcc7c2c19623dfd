#!/usr/bin/env bash
# `./poststack setup` on a copy of the project: (a) warm, nothing changed (hyperfine), (b) after a new
# changeset file + include (the liquibase image's top layer rebuilt, one changeset applied), and the peak
# RSS of the poststack JVM (GNU time). See bench/README.md.
#
#   bench/setup.sh                   RUNS=10 warm runs, CHANGELOG_RUNS=5 changelog runs
#   RUNS=3 CHANGELOG_RUNS=2 bench/setup.sh   quick check
#
# Environment:
#   RUNS             warm runs (hyperfine, after one warm-up run; default 10)
#   CHANGELOG_RUNS   runs of the changelog scenario (default 5), each after a new changeset
#   KEEP=1           keep the work folder
#
# The copy keeps namespace poststack, so the images of ./poststack build-images are used as they are,
# except the liquibase image, which is tagged poststack/liquibase:bench-setup: the changelog scenario then
# never re-tags the user's poststack/liquibase:latest. Containers, network and volume are named after
# POSTSTACK_PROJECT=bench-setup-<pid> and removed at exit (down --volumes); images are kept.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${RUNS:-10}
CHANGELOG_RUNS=${CHANGELOG_RUNS:-5}
PROJECT=bench-setup-$$
LIQUIBASE_TAG=bench-setup
# Targets (see bench/README.md).
TARGET_WARM_S=5.0


# ---------------------------------------------------------------------------------------------
# Host: engine, mmdebstrap (setup checks it), hyperfine, GNU time, the jar.
ensure_engine
ensure_mmdebstrap
ensure_tool hyperfine hyperfine
ensure_tool /usr/bin/time time
ensure_jar

begin_project_run setup

# ---------------------------------------------------------------------------------------------
# The project copy: images.yaml (liquibase tagged bench-setup), liquibase/.
copy_project "$LIQUIBASE_TAG"
master=$project/liquibase/changelog.yaml
[[ -f $master ]] || { echo "no liquibase/changelog.yaml" >&2; exit 1; }

{
    echo "date: $stamp"
    echo "runs: warm $RUNS (hyperfine), changelog $CHANGELOG_RUNS"
    echo "project: $PROJECT, liquibase image poststack/liquibase:$LIQUIBASE_TAG"
    machine_lines
    echo "hyperfine: $(hyperfine --version)"
} >"$results/env.txt"

# Runs setup under GNU time; prints "seconds max_rss_kb". The output goes to $results/setup-<label>.log.
timed_setup() { # label
    local t0 t1 log=$results/setup-$1.log
    t0=$(now)
    if ! (cd "$project" && /usr/bin/time -v -o "$results/time-v-$1.txt" "$repo/poststack" setup >"$log" 2>&1); then
        tail -n 40 "$log" >&2
        echo "poststack setup failed (log: $log)" >&2
        exit 1
    fi
    t1=$(now)
    echo "$(elapsed "$t0" "$t1") $(awk -F': ' '/Maximum resident set size/ {print $2}' "$results/time-v-$1.txt")"
}
# The phase times of setup's summary table ("build-images 0.4 s ..."), as "build up schema" seconds.
phases() { # log
    awk '$1 == "build-images" || ($1 == "up" && $2 == "+") || $1 == "schema" {
            t = ($1 == "up") ? $4 : $2; u = ($1 == "up") ? $5 : $3
            if (u == "ms") t = t / 1000
            else if (t ~ /m/) { split(t, m, /m|s/); t = m[1] * 60 + m[2] }
            p[$1] = t }
         END { printf "%s %s %s\n", p["build-images"], p["up"], p["schema"] }' "$1"
}

# ---------------------------------------------------------------------------------------------
say "priming: setup builds what is missing (first run: the liquibase:$LIQUIBASE_TAG image), starts db, applies the schema"
line=$(timed_setup prime)
echo "prime: ${line% *} s" >&2
line=$(timed_setup check)
# Nothing changed means: nothing built, the service kept, Liquibase not run.
nothing_changed() { # log
    grep -qE '^build-images .* 0 built' "$1" && grep -qE '^up \+ verify .* reused' "$1" &&
        grep -q 'nothing to apply' "$1"
}
nothing_changed "$results/setup-check.log" ||
    { cat "$results/setup-check.log" >&2; echo "a second setup still changed something; cannot measure 'nothing changed'" >&2; exit 1; }

# (a) nothing changed
say "(a) nothing changed: hyperfine, $RUNS runs"
ps_cmd=$(printf 'cd %q && %q setup' "$project" "$repo/poststack")
hyperfine --style basic -w 1 -r "$RUNS" --export-csv "$results/warm.csv" --export-json "$results/warm.json" \
    -n "poststack setup" "$ps_cmd" >&2
for ((i = 1; i <= 3; i++)); do
    timed_setup "warm-rss-$i" >>"$results/warm-rss.txt"
    nothing_changed "$results/setup-warm-rss-$i.log" || echo "warning: warm run $i changed something" >&2
done
phases "$results/setup-warm-rss-1.log" >"$results/warm-phases.txt"

# (b) one new changeset: a new file under changes/ and its include at the end of the master changelog.
say "(b) new changeset: $CHANGELOG_RUNS runs"
echo "# seconds max_rss_kb build_s up_s schema_s" >"$results/changelog.txt"
for ((i = 1; i <= CHANGELOG_RUNS; i++)); do
    name=bench-$$-$i
    cat >"$project/liquibase/changes/900-$name.yaml" <<EOF
# Added by bench/setup.sh (run $i).
databaseChangeLog:
  - changeSet:
      id: $name
      author: bench
      changes:
        - createTable:
            tableName: bench_${$}_$i
            columns:
              - column: {name: id, type: bigint}
EOF
    printf '  - include:\n      file: changes/900-%s.yaml\n      relativeToChangelogFile: true\n' "$name" >>"$master"
    line=$(timed_setup "changelog-$i")
    log=$results/setup-changelog-$i.log
    grep -q "applied 1 changeset" "$log" ||
        { cat "$log" >&2; echo "setup did not apply exactly one changeset" >&2; exit 1; }
    echo "$line $(phases "$log")" >>"$results/changelog.txt"
    echo "changelog $i: ${line% *} s, max RSS ${line#* } kB (build, up, schema s: $(phases "$log"))" >&2
done
# The last run's Jib layers of the liquibase image, from logs/build-report.json (when python3 is there).
if command -v python3 >/dev/null 2>&1; then
    layers=$(python3 -c 'import json, sys
for i in json.load(open(sys.argv[1]))["images"]:
    if i["name"] == "liquibase":
        print(i["status"] + ": " + ", ".join(l["name"] + "=" + str(l.get("cache")).lower() for l in i.get("layers") or []))
' "$project/logs/build-report.json" 2>/dev/null || true)
    echo "last changelog run, liquibase image $layers" >>"$results/env.txt"
fi

# ---------------------------------------------------------------------------------------------
hyperfine_col() { # csv column(1-based) -> value of the first row
    awk -F, -v c="$2" 'NR == 2 { printf "%.3f\n", $c }' "$1"
}
say "results"
{
    w=$(hyperfine_col "$results/warm.csv" 4)
    printf '%-44s | %9s | %-14s | %s\n' scenario "median" target pass/fail
    printf '%s\n' "---------------------------------------------+-----------+----------------+----------"
    printf '%-44s | %7s s | %-14s | %s\n' "(a) setup, nothing changed (hyperfine)" "$w" "<= $TARGET_WARM_S s" "$(verdict "$w" "$TARGET_WARM_S")"
    summary_item "setup nothing changed (<= ${TARGET_WARM_S}s)" "${w}s" "$(verdict "$w" "$TARGET_WARM_S")"
    c=$(awk '!/^#/ {print $1}' "$results/changelog.txt" | median)
    printf '%-44s | %7s s | %-14s | %s\n' "(b) setup after one new changeset" "$c" "-" "-"
    r=$(awk '{printf "%d\n", $2 / 1024}' "$results/warm-rss.txt" | median)
    printf '%-44s | %6s MB | %-14s | %s\n' "peak RSS, nothing changed (3 runs)" "$r" "-" "-"
    r=$(awk '!/^#/ {printf "%d\n", $2 / 1024}' "$results/changelog.txt" | median)
    printf '%-44s | %6s MB | %-14s | %s\n' "peak RSS, new changeset" "$r" "-" "-"
    echo
    printf '(a) hyperfine: mean %s s, min %s s, max %s s over %s runs\n' "$(hyperfine_col "$results/warm.csv" 2)" \
        "$(hyperfine_col "$results/warm.csv" 7)" "$(hyperfine_col "$results/warm.csv" 8)" "$RUNS"
    read -r pb pu ps <"$results/warm-phases.txt"
    printf '(a) setup'"'"'s own phase times, one run [s]: build-images %s, up + verify %s, schema %s\n' "$pb" "$pu" "$ps"
    printf '(b) per run [s]: %s\n' "$(awk '!/^#/ {print $1}' "$results/changelog.txt" | paste -sd' ')"
    printf '(b) setup'"'"'s own phase times, medians [s]: build-images %s, up + verify %s, schema %s\n' \
        "$(awk '!/^#/ {print $3}' "$results/changelog.txt" | median)" \
        "$(awk '!/^#/ {print $4}' "$results/changelog.txt" | median)" \
        "$(awk '!/^#/ {print $5}' "$results/changelog.txt" | median)"
} | tee "$results/summary.txt"
echo "raw numbers: $results" >&2
echo "SUMMARY: $(summary_items)"