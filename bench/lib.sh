# What the bench scripts share. A script sources it right after `set -euo pipefail`:
#   source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
# which sets `repo` (the repository root), exports POSTSTACK_HOME=$repo and sources bin/host-setup (ensure_engine,
# ensure_jar, ...; ensure_tool below uses its apt helpers), then defines the helpers below.
# shellcheck shell=bash
# Project runs set `PROJECT` before they use the project helpers.
# shellcheck disable=SC2154,SC2153

repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
export POSTSTACK_HOME=$repo
# shellcheck source-path=SCRIPTDIR/.. source=bin/host-setup
source "$repo/bin/host-setup"

say() { printf '\n== %s\n' "$*" >&2; }
now() { printf '%s\n' "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }
# median of the numbers on stdin, one per line ("-" when there are none); an even count's middle two are
# averaged and printed with the awk format MEDIAN_FORMAT, which a script may set after sourcing this file
MEDIAN_FORMAT=%.3f
median() { sort -g | awk -v f="$MEDIAN_FORMAT" '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf f "\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# True when side $1 is one of the script's SIDES.
has_side() { [[ " $SIDES " == *" $1 "* ]]; }
# pass when value $1 <= target $2 (compared by awk), else FAIL
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t ? "pass" : "FAIL") }'; }

# Gives up (bin/host-setup's exit 3, with the apt-get line that installs package $2) unless command $1 is
# there; installs nothing.
require_tool() { # command package
    command -v "$1" >/dev/null 2>&1 ||
        _poststack_give_up "$1 is missing" "apt-get update && apt-get install -y --no-install-recommends $2"
}
# Installs package $2 (apt-get, as root) when command $1 is missing; gives up as require_tool without them.
ensure_tool() { # command package
    command -v "$1" >/dev/null 2>&1 && return 0
    _poststack_can_apt || require_tool "$1" "$2"
    _poststack_say "installing $2 (apt-get)..."
    _poststack_apt_install "$2"
}

# The lines every run's env.txt starts its machine part with: the host (cores, memory, load), Docker (client
# and engine), Java and poststack's commit.
machine_lines() {
    echo "host: $(nproc) cores, $(awk '/MemTotal/ {printf "%d MB", $2 / 1024}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "docker: $(docker version --format '{{.Client.Version}} client, {{.Server.Version}} engine' 2>/dev/null)"
    echo "java: $(java -version 2>&1 | head -n 1)"
    echo "poststack commit: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo -)"
}

# Writes $results/env.txt (the run's date, the lines given, the project, machine_lines) and shows it on stderr.
write_env() { # line...
    {
        echo "date: $stamp"
        printf '%s\n' "$@"
        echo "project: $PROJECT"
        machine_lines
    } >"$results/env.txt"
    cat "$results/env.txt" >&2
}

# mvn with the given arguments, offline first (quick when everything is resolved), then once with the configured
# repositories; its output goes to log file $1, whose last lines are shown when both fail.
mvn_logged() { # log mvn-args...
    local log=$1
    shift
    mvn -o "$@" >"$log" 2>&1 && return 0
    echo "offline resolution failed; resolving from the configured repositories" >&2
    mvn "$@" >>"$log" 2>&1 || { tail -n 30 "$log" >&2; echo "mvn failed (log: $log)" >&2; return 1; }
}

# What a project depending on poststack gets on its classpath: poststack-core's, -junit's and -testcontainers'
# classes and their runtime dependencies (JUnit and Testcontainers are the project's own), never the command
# line's logging backend (Logback).
dependency_classpath() {
    local out=$repo/poststack-testcontainers/target/runtime-classpath.txt
    mkdir -p "${out%/*}" # the log goes beside the classpath, in this checkout, not in a /tmp path every checkout shares
    mvn_logged "${out%.txt}.log" -B -q -f "$repo/pom.xml" \
        -pl poststack-core,poststack-junit,poststack-testcontainers dependency:build-classpath \
        -Dmdep.includeScope=runtime -Dmdep.outputFile="$out" ||
        { echo "mvn dependency:build-classpath failed (install the modules first: mvn -DskipTests install)" >&2; return 1; }
    # core as installed (docker-java relocated inside it), as a depending project gets it
    printf '%s:%s:%s\n' "$repo/poststack-junit/target/classes" "$repo/poststack-testcontainers/target/classes" \
        "$(tr ':' '\n' <"$out" | grep -v 'logback-' | paste -sd:)"
}

# The version images.yaml names for group:artifact $1 (its first mention); fails when it names none.
version_of() { # group:artifact -> version, or nothing (status 0, so callers under set -e can say what is missing)
    { grep -oE "$1:[0-9][A-Za-z0-9_.-]*" "$repo/images.yaml" || true; } | head -n 1 | awk -F: '{print $NF}'
}

# Removes everything labelled with poststack project $1 (containers with their anonymous volumes, then
# networks, then volumes): what a bench run created under its own POSTSTACK_PROJECT, whatever a crash left
# of it. Prints how many objects it found to remove.
remove_project() { # project -> count
    local ids n=0
    mapfile -t ids < <(docker ps -aq --filter "label=dev.poststack.project=$1")
    ((${#ids[@]} == 0)) || { docker rm -f -v "${ids[@]}" >/dev/null 2>&1 || true; n=$((n + ${#ids[@]})); }
    mapfile -t ids < <(docker network ls -q --filter "label=dev.poststack.project=$1")
    ((${#ids[@]} == 0)) || { docker network rm "${ids[@]}" >/dev/null 2>&1 || true; n=$((n + ${#ids[@]})); }
    mapfile -t ids < <(docker volume ls -q --filter "label=dev.poststack.project=$1")
    ((${#ids[@]} == 0)) || { docker volume rm -f "${ids[@]}" >/dev/null 2>&1 || true; n=$((n + ${#ids[@]})); }
    echo "$n"
}

# For a run named $1 under POSTSTACK_PROJECT=$PROJECT: sets `results` (bench/results/$1-<UTC time>), `work` (a
# scratch folder) and `project` (where the caller copies the project), and at exit takes the stack down,
# removes whatever a crash left of it and the scratch folder (kept with KEEP=1).
begin_project_run() {
    # shellcheck disable=SC2034 # stamp, results and project are the caller's
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    results=$repo/bench/results/$1-$stamp
    mkdir -p "$results"
    work=$(mktemp -d "${TMPDIR:-/var/tmp}/poststack-bench-$1.XXXXXX")
    project=$work/project
    export POSTSTACK_PROJECT=$PROJECT
    trap end_project_run EXIT
    trap 'exit 130' INT TERM
}

end_project_run() {
    if [[ -f $project/images.yaml ]]; then
        (cd "$project" && "$repo/poststack" down --volumes >"$results/down.log" 2>&1) || true
    fi
    remove_project "$PROJECT" >/dev/null
    if [[ ${KEEP:-0} == 1 ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}

# The project copy a project run works in: images.yaml, with `tag: $1` added to its liquibase image (so the
# run never re-tags the user's poststack/liquibase:latest), and liquibase/ (the image definitions come from the catalog in the jar), into $project.
copy_project() { # liquibase_tag
    mkdir -p "$project"
    cp -a "$repo/liquibase" "$project/"
    awk -v tag="$1" '{ print } /^  liquibase:[[:space:]]*(#.*)?$/ { print "    tag: " tag; done = 1 }
        END { if (!done) exit 1 }' "$repo/images.yaml" >"$project/images.yaml" ||
        { echo "no liquibase image in images.yaml" >&2; exit 1; }
}

# poststack in the project copy of a project run, its output appended to $results/<log>; on failure the log's
# tail and the command are printed and the script exits.
pstack() { # log command...
    local log=$results/$1
    shift
    (cd "$project" && "$repo/poststack" "$@" >>"$log" 2>&1) ||
        { tail -n 40 "$log" >&2; echo "poststack $* failed (log: $log)" >&2; exit 1; }
}

# The closing line of every bench: `SUMMARY:` and each target with its measured value and pass or FAIL. Scripts
# record targets with summary_item while they print their tables (often inside `{ ...; } | tee`, a subshell: hence
# a file, $results/summary-items) and end with
#   echo "SUMMARY: $(summary_items)"
summary_item() { # name value verdict (pass, FAIL, or "no target" for a number that is only reported)
    printf '%s=%s %s\n' "$1" "$2" "$3" >>"$results/summary-items"
}
# The recorded items, `; `-separated, or a sentence saying none was measured.
summary_items() {
    local items
    items=$(paste -sd';' "$results/summary-items" 2>/dev/null | sed 's/;/; /g' || true)
    echo "${items:-no target measured (none of the sides that measure one ran)}"
}
