#!/usr/bin/env bash
# Start and stop times of the postgres image built by `./poststack build-images postgres`, against a
# peer in the same run: a bare `initdb --auth=trust` + `postgres` in a container of the same image
# (no entrypoint). See bench/README.md.
#
#   bench/postgres-start.sh          RUNS=5 runs of every scenario, both sides alternating
#   RUNS=1 bench/postgres-start.sh   quick check
#
# Three sides more in the same run: `old`, the same image with the entrypoint of OLD_REF (before the
# temporary init server logged to the container's output), for the fresh start with POSTGRES_DB set (a
# temporary server runs); and `tc-peer` / `tc-poststack`, the same scenarios through Testcontainers' own
# PostgreSQLContainer (bench/tc-start/TcStart.java) on a bare initdb peer and on the image.
#
# Environment:
#   RUNS      runs per scenario (default 5); medians are reported
#   IMAGE     image to measure (default poststack/postgres:latest, built first)
#   OLD_REF   git revision whose containers/postgres/entrypoint is the `old` side (default b7c33c1, the last
#             one before the drop-in change of issue 13)
#   IDLE_S    how long the idle client of the "SIGTERM, idle client" scenario stays connected
#             (default 15 s; it bounds the peer, whose smart shutdown waits for that client)
#
# Talks only to the local Docker engine. Every container and volume it creates is named
# bench-start-<pid>-*, labelled dev.poststack.bench=start and removed at exit; ports are published
# on 127.0.0.1 only. The superuser password is generated and never printed.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${RUNS:-5}
IMAGE=${IMAGE:-poststack/postgres:latest}
IDLE_S=${IDLE_S:-15}
OLD_REF=${OLD_REF:-b7c33c1}
LABEL=dev.poststack.bench=start
PREFIX=bench-start-$$
POLL_S=0.02       # poll interval for the first query
QUERY_LIMIT_S=60  # give up waiting for a first query after this long
# Targets (see bench/README.md).
TARGET_FRESH_S=1.5
TARGET_RESTART_S=0.6
TARGET_TERM_S=2.0
TARGET_SLOWER_PCT=5


# ---------------------------------------------------------------------------------------------
# Host: engine, psql client, the jar.
ensure_engine
ensure_tool psql postgresql-client
ensure_tool ss iproute2
ensure_jar

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=$repo/bench/results/start-$stamp
mkdir -p "$results"
raw=$results/raw.txt
echo "# scenario side run seconds" >"$raw"

cleanup() {
    local ids
    mapfile -t ids < <(docker ps -aq --filter "label=$LABEL" --filter "name=^$PREFIX-")
    ((${#ids[@]} == 0)) || docker rm -f "${ids[@]}" >/dev/null 2>&1 || true
    mapfile -t ids < <(docker volume ls -q --filter "label=$LABEL" --filter "name=^$PREFIX-")
    ((${#ids[@]} == 0)) || docker volume rm -f "${ids[@]}" >/dev/null 2>&1 || true
    # Testcontainers' containers (the tc sides) carry the label but names of their own.
    mapfile -t ids < <(docker ps -aq --filter "label=$LABEL" --filter "label=org.testcontainers=true")
    ((${#ids[@]} == 0)) || docker rm -f -v "${ids[@]}" >/dev/null 2>&1 || true
    docker image rm -f "bench-start-old/postgres:$$" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
say "building $IMAGE (./poststack build-images postgres; cached when nothing changed)"
if [[ $IMAGE == poststack/postgres:latest ]]; then
    (cd "$repo" && ./poststack build-images postgres >"$results/build.log" 2>&1) ||
        { tail -n 30 "$results/build.log" >&2; echo "poststack build-images postgres failed" >&2; exit 1; }
fi
image_id=$(docker image inspect -f '{{.Id}}' "$IMAGE")

# The old side: this image with OLD_REF's entrypoint files on top (same packages, same layers below).
OLD_IMAGE=bench-start-old/postgres:$$
say "building $OLD_IMAGE (the entrypoint of $OLD_REF on $IMAGE)"
old_ctx=$(mktemp -d)
git -C "$repo" archive "$OLD_REF" containers/postgres/entrypoint containers/postgres/healthcheck.sh | tar -x -C "$old_ctx"
# git archive keeps the files' modes (644 there): the image's Dockerfile made them executable, so this one does.
printf '%s\n' "FROM $IMAGE" 'COPY containers/postgres/entrypoint/docker-entrypoint.sh containers/postgres/healthcheck.sh /usr/local/bin/' \
    'COPY containers/postgres/entrypoint/lib/ /usr/local/lib/poststack-postgres/' 'USER root' \
    'RUN chmod 755 /usr/local/bin/docker-entrypoint.sh /usr/local/bin/healthcheck.sh && chmod 644 /usr/local/lib/poststack-postgres/*.sh' \
    'USER postgres' >"$old_ctx/Dockerfile"
docker build -q --label "$LABEL" -t "$OLD_IMAGE" "$old_ctx" >/dev/null
rm -rf "$old_ctx"

{
    echo "date: $stamp"
    echo "runs: $RUNS"
    echo "image: $IMAGE $image_id"
    echo "old entrypoint: $OLD_REF"
    echo "idle client: $IDLE_S s"
    machine_lines
    echo "psql: $(psql --version)"
} >"$results/env.txt"

# Generated password, handed to docker and psql through the environment only.
PGPASSWORD=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true)
POSTGRES_PASSWORD=$PGPASSWORD
export PGPASSWORD POSTGRES_PASSWORD PGCONNECT_TIMEOUT=2

# A free TCP port on 127.0.0.1, chosen before the timed command so it costs nothing there.
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 30000))
        ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
    done
}

query_ok() { # port
    psql -X -q -A -t -h 127.0.0.1 -p "$1" -U postgres -d postgres -c 'select 1' >/dev/null 2>&1
}
# Polls every POLL_S until a query succeeds; prints seconds since t0. Fails after QUERY_LIMIT_S.
until_query() { # t0 port container
    local t
    while :; do
        if query_ok "$2"; then elapsed "$1" "$(now)"; return 0; fi
        t=$(elapsed "$1" "$(now)")
        if awk -v t="$t" -v l="$QUERY_LIMIT_S" 'BEGIN { exit !(t > l) }'; then
            echo "no successful query on $3 after $QUERY_LIMIT_S s; its log:" >&2
            docker logs --tail 30 "$3" >&2 || true
            return 1
        fi
        sleep "$POLL_S"
    done
}

# The peer: initdb on the first start only (so `docker start` restarts on the existing cluster),
# then postgres as PID 1, trust authentication, listening on all addresses. initdb's pg_hba.conf
# trusts only loopback; the published port arrives from the bridge's gateway, hence the extra line.
peer_cmd='{ test -s /tmp/d/PG_VERSION || { initdb -D /tmp/d --auth=trust >/dev/null &&
    echo "host all all all trust" >>/tmp/d/pg_hba.conf; }; } && exec postgres -D /tmp/d -c "listen_addresses=*"'

create_and_start() { # side name port [docker run options] -> starts the container
    local side=$1 name=$2 port=$3
    shift 3
    case $side in
        poststack | old)
            local image=$IMAGE
            [[ $side == poststack ]] || image=$OLD_IMAGE
            docker volume create --label "$LABEL" "$name" >/dev/null
            docker run -d --name "$name" --label "$LABEL" -p "127.0.0.1:$port:5432" "$@" \
                -e POSTGRES_PASSWORD -v "$name:/var/lib/postgresql/data" "$image" >/dev/null
            ;;
        peer)
            docker run -d --name "$name" --label "$LABEL" -p "127.0.0.1:$port:5432" \
                --entrypoint sh "$IMAGE" -c "$peer_cmd" >/dev/null
            ;;
    esac
}

# Seconds from `docker kill -s TERM` to the container's exit (docker wait), bounded.
term_time() { # name limit_s
    local t0 t
    t0=$(now)
    docker kill -s TERM "$1" >/dev/null
    timeout "$2" docker wait "$1" >/dev/null || { echo "$1 still running $2 s after SIGTERM" >&2; return 1; }
    t=$(elapsed "$t0" "$(now)")
    echo "$t"
}

# One idle client: psql over the Unix socket inside the container, reading from a pipe that stays
# open IDLE_S seconds. Returns once the server counts it in pg_stat_activity.
connect_idle_client() { # name port
    local i n
    docker exec -d "$1" sh -c "sleep $IDLE_S | psql -X -q -h /var/run/postgresql -U postgres -d postgres"
    for ((i = 0; i < 250; i++)); do
        n=$(psql -X -q -A -t -h 127.0.0.1 -p "$2" -U postgres -d postgres \
            -c "select count(*) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()" 2>/dev/null || true)
        [[ ${n:-0} -ge 1 ]] && return 0
        sleep "$POLL_S"
    done
    echo "the idle client of $1 did not connect" >&2
    return 1
}

record() { # scenario side run seconds
    echo "$1 $2 $3 $4" >>"$raw"
    printf '  %-24s %-9s %7s s\n' "$1" "$2" "$4" >&2
}

# All four scenarios for one side, on one fresh container.
one_side() { # side run
    local side=$1 run=$2 name=$PREFIX-$1-$2 port t0 t
    port=$(free_port)
    t0=$(now)
    create_and_start "$side" "$name" "$port"
    t=$(until_query "$t0" "$port" "$name")
    record fresh "$side" "$run" "$t"

    t=$(term_time "$name" 30)
    record term "$side" "$run" "$t"

    t0=$(now)
    docker start "$name" >/dev/null
    t=$(until_query "$t0" "$port" "$name")
    record restart "$side" "$run" "$t"

    connect_idle_client "$name" "$port"
    t=$(term_time "$name" $((IDLE_S + 15)))
    record term-idle-client "$side" "$run" "$t"

    docker rm -f "$name" >/dev/null
    docker volume rm -f "$name" >/dev/null 2>&1 || true
}

# A fresh start with POSTGRES_DB set, so a temporary init server runs (and, since issue 13, logs): the
# image against the old entrypoint.
fresh_with_db() { # side run
    local name=$PREFIX-$1-db-$2 port t0 t
    port=$(free_port)
    t0=$(now)
    create_and_start "$1" "$name" "$port" -e POSTGRES_DB=app
    t=$(until_query "$t0" "$port" "$name")
    record fresh-db "$1" "$2" "$t"
    docker rm -f "$name" >/dev/null
    docker volume rm -f "$name" >/dev/null 2>&1 || true
}

# The engine's floor, measured in the same run: a container of the same image that runs only `true` (port
# published like the others), `docker run -d` to its exit, then `docker start` of it to its exit; and one that
# runs only `initdb --no-sync` (no server), `docker run -d` to its exit: no fresh start that runs initdb can
# be faster than that plus its server's start.
floor_side() { # run
    local name=$PREFIX-floor-$1 port t0 t
    port=$(free_port)
    t0=$(now)
    docker run -d --name "$name" --label "$LABEL" -p "127.0.0.1:$port:5432" --entrypoint true "$IMAGE" >/dev/null
    docker wait "$name" >/dev/null
    record floor-run floor "$1" "$(elapsed "$t0" "$(now)")"
    t0=$(now)
    docker start "$name" >/dev/null
    docker wait "$name" >/dev/null
    record floor-start floor "$1" "$(elapsed "$t0" "$(now)")"
    docker rm -f "$name" >/dev/null
    t0=$(now)
    docker run -d --name "$name" --label "$LABEL" -p "127.0.0.1:$port:5432" --entrypoint initdb "$IMAGE" \
        -D /tmp/d --no-sync --auth=trust >/dev/null
    t=$(docker wait "$name")
    record floor-initdb floor "$1" "$(elapsed "$t0" "$(now)")"
    [[ $t == 0 ]] || { echo "initdb in $name failed (exit $t)" >&2; docker logs --tail 20 "$name" >&2; return 1; }
    docker rm -f "$name" >/dev/null
}

for ((run = 1; run <= RUNS; run++)); do
    say "run $run of $RUNS"
    floor_side "$run"
    if ((run % 2)); then sides=(peer poststack); else sides=(poststack peer); fi
    for side in "${sides[@]}"; do one_side "$side" "$run"; done
    if ((run % 2)); then sides=(old poststack); else sides=(poststack old); fi
    for side in "${sides[@]}"; do fresh_with_db "$side" "$run"; done
done

say "Testcontainers' PostgreSQLContainer: peer and poststack, $RUNS runs each"
# poststack-it's test classpath: Testcontainers 1.21 with its PostgreSQLContainer and pgjdbc. Built with the modules
# it needs (-am), so nothing has to be installed first; every module writes the file, poststack-it last. The plugin
# is named with its version because poststack-bom does not inherit the parent's pin.
mvn_logged "$results/classpath-mvn.log" -B -q -f "$repo/pom.xml" -pl poststack-it -am test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$results/test-classpath.txt" || exit 1
IDLE_S=$IDLE_S TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost TESTCONTAINERS_CHECKS_DISABLE=true \
    java -cp "$(cat "$results/test-classpath.txt")" "$repo/bench/tc-start/TcStart.java" "$IMAGE" "$RUNS" 2>"$results/tc.log" |
    awk '{ print $1, "tc-" $2, $3, $4 }' >>"$raw"
grep '^  tc ' "$results/tc.log" >&2 || true

# ---------------------------------------------------------------------------------------------
values() { awk -v s="$1" -v d="$2" '$1 == s && $2 == d { print $4 }' "$raw"; }
echo "raw numbers: $results" >&2
say "results (seconds)"
{
    echo "per run, peer / poststack (tc-: through Testcontainers' PostgreSQLContainer):"
    for scenario in fresh restart term term-idle-client; do
        for side in peer poststack tc-peer tc-poststack; do
            printf '  %-18s %-12s %s\n' "$scenario" "$side" "$(values "$scenario" "$side" | paste -sd ' ')"
        done
    done
    for side in old poststack; do
        printf '  %-18s %-12s %s\n' fresh-db "$side" "$(values fresh-db "$side" | paste -sd ' ')"
    done
    for scenario in floor-run floor-start floor-initdb; do
        printf '  %-18s %-12s %s\n' "$scenario" floor "$(values "$scenario" floor | paste -sd ' ')"
    done
    echo
    printf '%-38s | %6s | %9s | %-8s | %s\n' "scenario (median of $RUNS, s)" peer poststack target pass/fail
    printf '%s\n' "---------------------------------------+--------+-----------+----------+----------"
    row() { # scenario label target
        local p q
        local prefix=${4:-} p q
        p=$(values "$1" "${prefix}peer" | median)
        q=$(values "$1" "${prefix}poststack" | median)
        printf '%-38s | %6s | %9s | <= %-5s | %s\n' "$2" "$p" "$q" "$3" "$(verdict "$q" "$3")"
        summary_item "$2 (<= ${3}s)" "${q}s" "$(verdict "$q" "$3")"
    }
    row fresh "fresh volume to first query" "$TARGET_FRESH_S"
    row restart "restart (docker start) to first query" "$TARGET_RESTART_S"
    row term "SIGTERM to exit" "$TARGET_TERM_S"
    row term-idle-client "SIGTERM to exit, one idle client" "$TARGET_TERM_S"
    row fresh "tc: fresh start() to first query" "$TARGET_FRESH_S" tc-
    row restart "tc: restart to first query" "$TARGET_RESTART_S" tc-
    row term "tc: SIGTERM to exit" "$TARGET_TERM_S" tc-
    row term-idle-client "tc: SIGTERM to exit, idle JDBC client" "$TARGET_TERM_S" tc-
    echo
    o=$(values fresh-db old | median)
    n=$(values fresh-db poststack | median)
    pct=$(awk -v o="$o" -v n="$n" 'BEGIN { printf "%+.1f", (n - o) / o * 100 }')
    slower=$(awk -v p="$pct" -v t="$TARGET_SLOWER_PCT" 'BEGIN { print (p <= t ? "pass" : "FAIL") }')
    printf '%-38s | old %s | new %s | %s%% (<= +%s%%) | %s\n' "fresh with POSTGRES_DB, old entrypoint" "$o" "$n" "$pct" \
        "$TARGET_SLOWER_PCT" "$slower"
    summary_item "fresh with a temporary server vs old entrypoint (<= +${TARGET_SLOWER_PCT}%)" "${pct}%" "$slower"
    echo
    echo "the engine's floor in this run (medians, s; no target):"
    printf '  %-66s %s\n' "docker run -d of a container running true, to its exit" "$(values floor-run floor | median)" \
        "docker start of it, to its exit" "$(values floor-start floor | median)" \
        "docker run -d of a container running initdb --no-sync, to its exit" "$(values floor-initdb floor | median)"
    echo "  load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
} | tee "$results/summary.txt"
echo "SUMMARY: $(summary_items)" | tee -a "$results/summary.txt"

