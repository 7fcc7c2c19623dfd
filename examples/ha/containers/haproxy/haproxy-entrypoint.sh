#!/usr/bin/env bash
# Writes HAProxy's configuration for the Patroni nodes named in PATRONI_NODES (their service names, separated
# by spaces) and runs HAProxy in the foreground (master-worker, so it is a well-behaved PID 1).
set -euo pipefail
nodes=${PATRONI_NODES:-}
if [[ -z $nodes ]]; then
    echo "haproxy-entrypoint: PATRONI_NODES is not set: name the Patroni nodes' services, e.g. 'node-1 node-2 node-3'" >&2
    exit 2
fi
config=/run/poststack-haproxy/haproxy.cfg
{
    cat <<'CFG'
global
    maxconn 256
defaults
    mode tcp
    timeout connect 2s
    timeout client 30m
    timeout server 30m
    timeout check 1s
# Docker's embedded DNS: a node whose container is created again (a new address) is found again.
resolvers project
    nameserver dns 127.0.0.11:53
    hold valid 1s
# A node counts as the leader when its REST API says so; sessions to a node that stops being it are cut, so
# clients reconnect to the new leader.
listen primary
    bind :5432
    option httpchk
    http-check send meth GET uri /primary
    http-check expect status 200
    default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions resolvers project init-addr last,libc,none
CFG
    for node in $nodes; do
        echo "    server $node $node:5432 check port 8008"
    done
    cat <<'CFG'
listen replicas
    bind :5433
    balance roundrobin
    option httpchk
    http-check send meth GET uri /replica
    http-check expect status 200
    default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions resolvers project init-addr last,libc,none
CFG
    for node in $nodes; do
        echo "    server $node $node:5432 check port 8008"
    done
} >"$config"
exec /usr/sbin/haproxy -W -db -f "$config"
