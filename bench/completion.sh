#!/usr/bin/env bash
# How long `poststack completion bash` takes to offer the image names of a manifest (`poststack build-images <TAB>`),
# timed with hyperfine in one run, side by side:
#   - cached:   the script reads the names from its cache (.poststack/state/completion-images.yaml.names), the case
#               of every completion after the first since the manifest last changed;
#   - uncached: the cache is removed before each run, so the script starts the CLI (`poststack __complete`) once,
#               what the first completion after an edit costs;
#   - jvm:      `poststack __complete` alone, the JVM start a completion without any cache would pay every time.
# Target: cached <= 300 ms (issue 15).
#
#   bench/completion.sh          RUNS=20 per side
#
# Environment: RUNS (default 20), KEEP=1 keeps the work folder. Needs no Docker engine.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${RUNS:-20}
TARGET_MS=300

ensure_jar
ensure_tool hyperfine hyperfine

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=$repo/bench/results/completion-$stamp
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/var/tmp}/poststack-bench-completion.XXXXXX")
trap 'if [[ ${KEEP:-0} == 1 ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi' EXIT

cp "$repo/images.yaml" "$work/images.yaml"
"$repo/poststack" completion bash >"$work/poststack.bash"
cache=$work/.poststack/state/completion-images.yaml.names
# shellcheck disable=SC2016 # expanded by the bash that completes, not here
complete_line='source ./poststack.bash; COMP_WORDS=(poststack build-images ""); COMP_CWORD=2; _poststack; echo "${COMPREPLY[*]}"'

say "what the completion offers"
offered=$(cd "$work" && bash -c "$complete_line")
echo "build-images <TAB>: $offered" | tee "$results/offered.txt"
names=$(wc -w <<<"$offered")
if ((names == 0)) || [[ ! -f $cache ]]; then
    echo "the completion offered no names (cache: $cache)" >&2
    exit 1
fi

{ machine_lines; echo "hyperfine: $(hyperfine --version)"; echo "runs: $RUNS"; } >"$results/env.txt"

say "hyperfine: cached, uncached, jvm ($RUNS runs each)"
# One --prepare per command, in the commands' order (a single one would apply to all three).
(cd "$work" && hyperfine --style basic --warmup 3 --runs "$RUNS" --export-json "$results/hyperfine.json" \
    --prepare true --prepare "rm -f '$cache'" --prepare true \
    --command-name cached --command-name uncached --command-name jvm \
    "bash -c '$complete_line'" "bash -c '$complete_line'" \
    "POSTSTACK_NO_HOST_SETUP=1 '$repo/poststack' __complete --manifest images.yaml") \
    | tee "$results/hyperfine.txt" >&2

median_ms() { # command name
    python3 -c 'import json,sys; r={x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}; print("%.0f" % (r[sys.argv[2]]["median"] * 1000))' \
        "$results/hyperfine.json" "$1"
}
cached=$(median_ms cached)
uncached=$(median_ms uncached)
jvm=$(median_ms jvm)

printf '\n%-10s %10s\n' SIDE "MEDIAN ms" | tee "$results/summary.txt"
for side in cached uncached jvm; do printf '%-10s %10s\n' "$side" "${!side}"; done | tee -a "$results/summary.txt"
echo "results: $results"
echo "SUMMARY: completion of image names (cached) ${cached} ms (target <= ${TARGET_MS} ms) $(verdict "$cached" "$TARGET_MS");" \
    "uncached ${uncached} ms, jvm ${jvm} ms (peers, no target); ${names} image names offered"
