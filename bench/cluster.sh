#!/usr/bin/env bash
# The high-availability stack of examples/ha (three Patroni nodes, one etcd member, HAProxy): how long `up`
# takes from nothing (images cached, no container, no volume) to "cluster verified", and again with
# everything running; then failovers: the leader's container killed (SIGKILL: no key handed back) under a
# write load of one autocommitted insert at a time (psql on the host, through HAProxy's 127.0.0.1 port), the
# time from the kill to the first acknowledged write on the new leader, and how many acknowledged writes are
# missing afterwards, with synchronous mode on and then off (`patronictl edit-config`). See bench/README.md.
#
#   bench/cluster.sh                       RUNS=5 ups of each kind, FAILOVERS=5 kills per mode
#   RUNS=1 FAILOVERS=1 bench/cluster.sh    quick check
#
# Environment:
#   RUNS        `up` runs per kind (default 5); medians are reported
#   FAILOVERS   leader kills per synchronous mode (default 5); medians are reported
#   MODES       synchronous modes to fail over in (default "on off")
#   KEEP=1      keep the work folder
#
# The peer: Patroni's own figure for a dead leader, its ttl (20 s here: the leader key must expire before a
# replica may take it), printed next to the measured failover. Talks only to the local Docker engine and to
# 127.0.0.1; runs under POSTSTACK_PROJECT=bench-cluster-<pid>, removed at exit (images are kept).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${RUNS:-5}
FAILOVERS=${FAILOVERS:-5}
MODES=${MODES:-on off}
PROJECT=bench-cluster-$$
TARGET_COLD_S=15
TARGET_WARM_S=2
TARGET_FAILOVER_S=15
TTL_S=20
WRITE_LIMIT=20000 # writes per failover round at most
ROUND_S=90        # and seconds per failover round at most

ensure_engine
ensure_jar
require_tool psql postgresql-client
ensure_tool jq jq

begin_project_run cluster
cp -a "$repo/examples/ha/." "$project/"
rm -rf "$project/.poststack" "$project/logs"
pst() { (cd "$project" && "$repo/poststack" --no-color --quiet "$@"); }
machine_lines >"$results/env.txt"

say "building the images (cached after the first time)"
pst build-images >"$results/build.log" 2>&1

timed_up() { # log -> seconds
    local t0 t1
    t0=$(now)
    pst up >>"$1" 2>&1 || { echo "up failed, see $1" >&2; tail -n 30 "$1" >&2; exit 1; }
    t1=$(now)
    elapsed "$t0" "$t1"
}

say "up from nothing, $RUNS runs"
: >"$results/cold.txt"
for ((i = 1; i <= RUNS; i++)); do
    pst down --volumes >>"$results/down.log" 2>&1
    timed_up "$results/up-cold.log" | tee -a "$results/cold.txt" >&2
done
say "up with everything running, $RUNS runs"
: >"$results/warm.txt"
for ((i = 1; i <= RUNS; i++)); do
    timed_up "$results/up-warm.log" | tee -a "$results/warm.txt" >&2
done

# Connections as the superuser through HAProxy: the password goes into a pgpass file of this run (mode 600),
# never onto a command line.
port=$(docker port "$PROJECT-primary" 5432/tcp | head -n 1 | awk -F: '{print $NF}')
export PGPASSFILE=$work/pgpass PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres PGCONNECT_TIMEOUT=2
(umask 077 && printf '127.0.0.1:%s:*:postgres:%s\n' "$port" "$(head -n 1 "$project/.poststack/secrets/db-password")" >"$PGPASSFILE")
sql() { psql -X -q -tA -v ON_ERROR_STOP=1 -c "$1"; }

leader() { # the leader's name, asked of any node that answers
    local node
    for node in node-1 node-2 node-3; do
        pst exec "$node" -- patronictl list --format json 2>/dev/null | jq -er \
            'map(select(.Role == "Leader" and .State == "running"))[0].Member' 2>/dev/null && return 0
    done
    return 1
}

# One failover round: writes ids from $1 on; prints "seconds lost acknowledged".
failover_round() { # first_id
    local acked=$work/acked first=$1 killed t_kill resumed t_resume lost n
    : >"$acked"
    (
        deadline=$((SECONDS + ROUND_S))
        for ((id = first; id < first + WRITE_LIMIT && SECONDS < deadline; id++)); do
            [[ -e $work/stop ]] && break
            if sql "insert into writes values ($id)" 2>/dev/null; then echo "$id $EPOCHREALTIME" >>"$acked"; else sleep 0.05; fi
        done
    ) &
    local writer=$!
    until (($(wc -l <"$acked") >= 20)); do sleep 0.2; done
    killed=$(leader)
    t_kill=$(now)
    docker kill "$PROJECT-$killed" >/dev/null
    resumed=""
    while [[ -z $resumed ]] && kill -0 "$writer" 2>/dev/null; do
        resumed=$(awk -v t="$t_kill" '$2 > t { print $2; exit }' "$acked")
        sleep 0.1
    done
    [[ -n $resumed ]] || { echo "no write was acknowledged after $killed was killed" >&2; exit 1; }
    t_resume=$resumed
    sleep 2
    touch "$work/stop"
    wait "$writer" || true
    rm -f "$work/stop"
    n=$(wc -l <"$acked")
    lost=$(comm -23 <(cut -d' ' -f1 "$acked" | sort) <(sql "select id from writes where id >= $first" | sort) | wc -l)
    echo "$(elapsed "$t_kill" "$t_resume") $lost $n (killed $killed)"
    # The killed node back (it rejoins as a replica), and the cluster verified, before the next round.
    pst up >>"$results/up-rejoin.log" 2>&1
}

sql "create table if not exists writes (id bigint primary key)"
next=1
for mode in $MODES; do
    say "failovers with synchronous mode $mode, $FAILOVERS rounds"
    setting=$([[ $mode == on ]] && echo true || echo false)
    pst exec "$(leader)" -- patronictl edit-config --set "synchronous_mode=$setting" --force >>"$results/edit-config.log" 2>&1
    sleep 3 # one loop_wait and a little: the leader applies it
    : >"$results/failover-$mode.txt"
    for ((i = 1; i <= FAILOVERS; i++)); do
        failover_round "$next" | tee -a "$results/failover-$mode.txt" >&2
        next=$((next + WRITE_LIMIT))
    done
done

cold=$(median <"$results/cold.txt")
warm=$(median <"$results/warm.txt")
{
    echo
    echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
    printf '%-44s %10s %10s\n' "measure" "poststack" "target"
    printf '%-44s %10s %10s\n' "up from nothing, median of $RUNS (s)" "$cold" "$TARGET_COLD_S"
    printf '%-44s %10s %10s\n' "up with everything running, median (s)" "$warm" "$TARGET_WARM_S"
    for mode in $MODES; do
        f=$(cut -d' ' -f1 "$results/failover-$mode.txt" | median)
        lost=$(awk '{ s += $2 } END { print s + 0 }' "$results/failover-$mode.txt")
        acked=$(awk '{ s += $3 } END { print s + 0 }' "$results/failover-$mode.txt")
        printf '%-44s %10s %10s\n' "failover, sync $mode, median of $FAILOVERS (s)" "$f" "$TARGET_FAILOVER_S (ttl $TTL_S)"
        printf '%-44s %10s %10s\n' "acknowledged writes lost, sync $mode" "$lost/$acked" "$([[ $mode == on ]] && echo 0 || echo report)"
        summary_item "failover_sync_${mode}_median_s" "$f" "$(verdict "$f" "$TARGET_FAILOVER_S")"
        summary_item "lost_writes_sync_$mode" "$lost/$acked" "$([[ $mode == on ]] && verdict "$lost" 0 || echo "no target")"
    done
} | tee "$results/summary.txt"
summary_item up_cold_median_s "$cold" "$(verdict "$cold" "$TARGET_COLD_S")"
summary_item up_warm_median_s "$warm" "$(verdict "$warm" "$TARGET_WARM_S")"
echo "SUMMARY: $(summary_items)"
