#!/usr/bin/env bash
# Cold-JVM costs, one at a time, in fresh JVMs: what explains bench/junit-start.sh's phases. Not a
# comparison with a peer; see bench/README.md (junit-start).
#   - docker-java before a first create, on one thread: its config, the client, the first ping, the first
#     image inspect (poststack's `engine.Engine`, which Testcontainers' shaded docker-java resembles);
#   - the PostgreSQL driver: a JVM's first connection + `select 1`, against its second and third.
#
#   bench/cold-jvm.sh            RUNS=5 fresh JVMs per program
#
# Environment: RUNS (default 5), KEEP=1 keeps the work folder. The database is the project's `db` service,
# started under POSTSTACK_PROJECT=bench-coldjvm-<pid> on a copy of the project and removed at exit.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${RUNS:-5}
PROJECT=bench-coldjvm-$$
MEDIAN_FORMAT=%d

ensure_engine
ensure_jar
begin_project_run cold-jvm
copy_project bench-coldjvm

cp=$(dependency_classpath)
mkdir -p "$work/classes"
javac -d "$work/classes" -cp "$cp" "$repo"/bench/cold-jvm/*.java

say "database: ./poststack up db (not timed)"
(cd "$project" && "$repo/poststack" up db >"$results/up.log" 2>&1) ||
    { tail -n 30 "$results/up.log" >&2; echo "poststack up failed" >&2; exit 1; }
container=$PROJECT-db
port=$(docker port "$container" 5432/tcp | head -n 1)
port=${port##*:}
image=$(docker inspect -f '{{.Config.Image}}' "$container")
password_file=$project/.poststack/secrets/db-password

{
    echo "date: $stamp"
    echo "runs: $RUNS fresh JVMs per program"
    machine_lines
} >"$results/env.txt"

for ((i = 1; i <= RUNS; i++)); do
    say "run $i of $RUNS"
    java -cp "$work/classes:$cp" EngineStart "$image" 2>/dev/null | sed "s/^/engine $i /" | tee -a "$results/raw.txt"
    java -cp "$work/classes:$cp" FirstConnection "$port" "$password_file" 2>/dev/null |
        sed "s/^/jdbc $i /" | tee -a "$results/raw.txt"
done

row() { # program step label
    local ms
    ms=$(awk -v p="$1" -v s="$2" '$1 == p && $3 == s { print $4 }' "$results/raw.txt" | median)
    printf '%-58s %6s\n' "$3" "$ms"
    # No targets: this bench explains junit-start's phases; its numbers are reported as they are.
    summary_item "$1-$2" "${ms}ms" "no target"
}
{
    printf '%-58s %6s\n' "step (medians of $RUNS fresh JVMs)" "ms"
    row engine config "docker-java DefaultDockerClientConfig"
    row engine client "docker-java client (engine.Engine.create)"
    row engine ping "first ping"
    row engine inspect "first image inspect"
    row jdbc first "first PostgreSQL connection + select 1"
    row jdbc second "second"
    row jdbc third "third"
} | tee "$results/summary.txt"
echo "raw numbers: $results"
echo "SUMMARY: $(summary_items)"