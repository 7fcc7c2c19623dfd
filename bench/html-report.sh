#!/usr/bin/env bash
# What writing logs/build-report.html costs: a warm no-op `./poststack build-images` (every image cached)
# with the HTML report and without it (POSTSTACK_HTML_REPORT=0, a switch that exists only to measure this),
# side by side in one hyperfine run. See bench/README.md.
#
#   bench/html-report.sh            15 runs per side (the first call builds what is missing, not timed)
#   RUNS=5 bench/html-report.sh     quicker
#
# Environment:
#   RUNS        timed runs per side (default 15)
#   IMAGES      images to build, e.g. "base-debian jre" (default: all of images.yaml); fewer images make a
#               quicker first run on a machine where bench-poststack/* is not built yet
#   KEEP=1      keep the work folder (default: removed at exit)
#
# Talks only to the local Docker engine. Images: bench-poststack/* (the tag namespace bench/build-images.sh
# uses too, so either bench warms the other); the first run builds whatever of them is missing.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${RUNS:-15}
IMAGES=${IMAGES:-}
NS=bench-poststack
# Target (see bench/README.md): the HTML report adds at most this much to a warm no-op build.
TARGET_MS=50

ensure_engine
ensure_mmdebstrap
ensure_tool hyperfine hyperfine
ensure_jar

PROJECT=bench-html
begin_project_run html-report
echo "results: $results" >&2
{
    echo "date: $stamp"
    echo "runs: $RUNS"
    echo "images: ${IMAGES:-all}"
    machine_lines
} >"$results/env.txt"

mkdir -p "$project"
# The image definitions come from the catalog in the jar; the project holds only its changelogs.
cp -a "$repo/liquibase" "$project/"
sed "s/^  namespace: poststack\$/  namespace: $NS/" "$repo/images.yaml" >"$project/images.yaml"
grep -q "^  namespace: $NS\$" "$project/images.yaml" ||
    { echo "images.yaml no longer declares \`namespace: poststack\`" >&2; exit 1; }

say "warm-up: build-images (builds whatever of $NS/* is missing; not timed)"
# shellcheck disable=SC2086 # IMAGES is a list of names
(cd "$project" && "$repo/poststack" build-images $IMAGES >"$results/warm-up.log" 2>&1) ||
    { tail -n 40 "$results/warm-up.log" >&2; echo "the warm-up build failed" >&2; exit 1; }
# shellcheck disable=SC2086
(cd "$project" && "$repo/poststack" build-images $IMAGES >"$results/no-op.log" 2>&1)
grep -q '"built" : 0' "$project/logs/build-report.json" ||
    { echo "the second build still built something; see $results/no-op.log" >&2; exit 1; }
html_bytes=$(stat -c %s "$project/logs/build-report.html")
cp "$project/logs/build-report.html" "$results/build-report.html"

say "warm no-op build-images, with and without the HTML report: hyperfine, $RUNS runs each"
with="cd '$project' && '$repo/poststack' build-images $IMAGES >/dev/null 2>&1"
without="cd '$project' && POSTSTACK_HTML_REPORT=0 '$repo/poststack' build-images $IMAGES >/dev/null 2>&1"
hyperfine --style basic -w 2 -r "$RUNS" --export-csv "$results/html.csv" --export-json "$results/html.json" \
    -n "build-images (HTML report)" "$with" -n "build-images (POSTSTACK_HTML_REPORT=0)" "$without"

median_of() { # csv row (1-based) -> median seconds
    awk -F, -v row="$(($1 + 1))" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median") c = i } NR == row { print $c }' \
        "$results/html.csv"
}
cpu_of() { # csv row (1-based) -> mean user+system seconds: steadier than wall time on a machine others load
    awk -F, -v row="$(($1 + 1))" 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "user") u = i; if ($i == "system") s = i } }
        NR == row { print $u + $s }' "$results/html.csv"
}
cpu_added_ms=$(awk -v a="$(cpu_of 1)" -v b="$(cpu_of 2)" 'BEGIN { printf "%.0f\n", (a - b) * 1000 }')
with_s=$(median_of 1)
without_s=$(median_of 2)
added_ms=$(awk -v a="$with_s" -v b="$without_s" 'BEGIN { printf "%.0f\n", (a - b) * 1000 }')
{
    printf '%-42s %10s\n' "warm no-op build-images" "median"
    printf '%-42s %8.0f ms\n' "with logs/build-report.html" "$(awk -v s="$with_s" 'BEGIN { print s * 1000 }')"
    printf '%-42s %8.0f ms\n' "without (POSTSTACK_HTML_REPORT=0)" "$(awk -v s="$without_s" 'BEGIN { print s * 1000 }')"
    printf '%-42s %8s ms\n' "added by the HTML report (wall, median)" "$added_ms"
    printf '%-42s %8s ms\n' "added by the HTML report (CPU, mean)" "$cpu_added_ms"
    printf '%-42s %8s bytes\n' "build-report.html" "$html_bytes"
} | tee "$results/summary.txt"
summary_item "html-report added, wall median (<= ${TARGET_MS}ms)" "${added_ms}ms" "$(verdict "$added_ms" "$TARGET_MS")"
summary_item "html-report added, CPU mean" "${cpu_added_ms}ms" "no target"
summary_item "with the HTML report" "$(awk -v s="$with_s" 'BEGIN { printf "%.0f", s * 1000 }')ms" "no target"
summary_item "without it" "$(awk -v s="$without_s" 'BEGIN { printf "%.0f", s * 1000 }')ms" "no target"
summary_item "load" "$(cut -d' ' -f1 /proc/loadavg)" "no target"
summary_item "build-report.html" "${html_bytes}B" "no target"
echo "SUMMARY: $(summary_items)"