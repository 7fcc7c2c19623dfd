#!/usr/bin/env bash
# poststack's PostgreSQL entrypoint: runs each lifecycle step of lib/ in order, then runs postgres as
# its only child, turning SIGTERM and SIGINT into a fast shutdown (see pg_run_server).
#
#   10-validate-env         POSTGRES_USER, POSTGRES_DB, the password, POSTGRES_SETTING_* names
#   20-init-cluster         initdb on an empty PGDATA (first start only)
#   30-write-config         conf.d/poststack.conf and conf.d/poststack-env.conf, checked with postgres -C
#   40-run-initdb-scripts   temporary socket-only server, /docker-entrypoint-initdb.d/*, stop (first start only)
#
# Any other command than postgres (or postgres options alone) is run as given.
set -Eeuo pipefail

POSTSTACK_PG_LIB=${POSTSTACK_PG_LIB:-/usr/local/lib/poststack-postgres}

# Every message goes to stderr as one line prefixed with the image's name; never a secret.
pg_log() {
    printf 'poststack-postgres: %s\n' "$*" >&2
}

pg_die() {
    printf 'poststack-postgres: error: %s\n' "$*" >&2
    exit 1
}

# While the entrypoint itself is PID 1 (initialisation), SIGTERM and SIGINT stop a temporary server
# if one runs and end the container; bash runs the trap when the current command returns.
pg_on_signal() {
    pg_log "interrupted during initialisation"
    pg_stop_temp_server || true
    exit 143
}

main() {
    if [[ $# -eq 0 || ${1:0:1} == - ]]; then
        set -- postgres "$@"
    fi
    if [[ $1 != postgres ]]; then
        exec "$@"
    fi
    if [[ $(id -u) -eq 0 ]]; then
        pg_die "runs as the postgres user (uid $(id -u postgres 2>/dev/null || echo '?')), not as root; drop --user 0"
    fi

    local step
    for step in "$POSTSTACK_PG_LIB"/[0-9][0-9]-*.sh; do
        # shellcheck source=/dev/null
        source "$step"
    done
    trap pg_on_signal TERM INT

    pg_validate_env
    pg_init_cluster
    pg_write_config
    pg_run_initdb_scripts

    unset POSTGRES_PASSWORD
    # The container's exit status is postgres's (errexit ends the script with it when it is not 0).
    pg_run_server "$@"
}

# The entrypoint stays PID 1 with postgres as its only child. SIGTERM and SIGINT both become postgres's
# fast shutdown (SIGINT to the postmaster: clients disconnected, shutdown checkpoint); SIGQUIT is passed
# on as it is (immediate shutdown). The container exits with the postmaster's status, 0 after a clean
# shutdown.
PG_SERVER_PID=
PG_STOP_REQUESTED=0

pg_forward_fast_shutdown() {
    PG_STOP_REQUESTED=1
    [[ -z $PG_SERVER_PID ]] || kill -INT "$PG_SERVER_PID" 2>/dev/null || true
}

pg_forward_immediate_shutdown() {
    PG_STOP_REQUESTED=1
    [[ -z $PG_SERVER_PID ]] || kill -QUIT "$PG_SERVER_PID" 2>/dev/null || true
}

pg_run_server() {
    trap pg_forward_fast_shutdown TERM INT
    trap pg_forward_immediate_shutdown QUIT
    "$@" &
    PG_SERVER_PID=$!
    # A signal that came before the pid was known is passed on now.
    if [[ $PG_STOP_REQUESTED -eq 1 ]]; then
        kill -INT "$PG_SERVER_PID" 2>/dev/null || true
    fi
    local status
    # `wait` returns early (status > 128) when a trapped signal arrives: wait again until postgres has
    # really exited, so its status is the container's.
    while :; do
        status=0
        wait "$PG_SERVER_PID" || status=$?
        if ! kill -0 "$PG_SERVER_PID" 2>/dev/null; then
            break
        fi
    done
    trap - TERM INT QUIT
    if [[ $PG_STOP_REQUESTED -eq 1 && $status -eq 0 ]]; then
        pg_log "postgres stopped (fast shutdown)"
    fi
    return "$status"
}

main "$@"
