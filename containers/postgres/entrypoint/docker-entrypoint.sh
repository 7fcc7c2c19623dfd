#!/usr/bin/env bash
# poststack's PostgreSQL entrypoint: runs each lifecycle step of lib/ in order, then execs postgres.
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

    trap - TERM INT
    unset POSTGRES_PASSWORD
    # PID 1 becomes postgres: docker stop sends SIGINT (STOPSIGNAL, fast shutdown with a checkpoint),
    # a bare SIGTERM is a smart shutdown (ends when the last client disconnects).
    exec "$@"
}

main "$@"
