#!/usr/bin/env bash
# poststack's PostgreSQL entrypoint: runs each lifecycle step of lib/ in order, then runs postgres as
# its only child, turning SIGTERM and SIGINT into a fast shutdown (see pg_run_server).
#
#   10-validate-env         POSTGRES_USER, POSTGRES_DB, the password (and their _FILE variants), auth method,
#                           POSTGRES_SETTING_* names, TLS variables
#   15-check-data-dir       PGDATA usable (owner, version, not foreign files); heals an interrupted first start
#   20-init-cluster         initdb on an empty PGDATA (first start only)
#   30-write-config         conf.d/poststack.conf, poststack-env.conf, poststack-hba.conf, TLS files, checked
#                           with postgres -C
#   33-write-backup-config  with POSTGRES_BACKUP_STANZA: /etc/pgbackrest/pgbackrest.conf, WAL archiving, the
#                           stanza created offline (see poststack-backup for restores)
#   35-write-pgpass         /run/poststack-postgres/pgpass from the password, PGPASSFILE for the server's own
#                           libpq connections (Citus node to node, dblink)
#   40-run-initdb-scripts   temporary socket-only server, /docker-entrypoint-initdb.d/*, stop (first start only)
#
# Started as root it prepares PGDATA (owner, mode) and runs itself again as postgres (setpriv, as the
# official image does with gosu). Started as a uid that /etc/passwd does not know, it names that uid
# `postgres` through nss_wrapper, as the official image does. Any other command than postgres (or
# postgres options alone), and postgres asked only for help or a setting, is run as given.
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
    if [[ $1 != postgres ]] || pg_wants_help "$@"; then
        exec "$@"
    fi
    if [[ $EUID -eq 0 ]]; then
        pg_prepare_as_root
        exec setpriv --reuid=postgres --regid=postgres --init-groups -- "${BASH_SOURCE[0]}" "$@"
    fi
    pg_name_unknown_uid

    local step
    for step in "$POSTSTACK_PG_LIB"/[0-9][0-9]-*.sh; do
        # shellcheck source=/dev/null
        source "$step"
    done
    trap pg_on_signal TERM INT

    pg_validate_env
    pg_check_data_dir
    pg_init_cluster
    pg_validate_backup_env
    pg_write_config "${@:2}"
    pg_write_backup_config
    pg_create_stanza
    pg_write_pgpass
    pg_run_initdb_scripts "${@:2}"

    unset POSTGRES_PASSWORD
    # The container's exit status is postgres's (errexit ends the script with it when it is not 0).
    pg_run_server "$@"
}

# As the official image: `postgres --help`, `-V`, `-C name`, `--describe-config` need no cluster.
pg_wants_help() {
    local arg
    for arg; do
        case $arg in
            -'?' | --help | --describe-config | -V | --version | -C | -C*) return 0 ;;
        esac
    done
    return 1
}

# Root makes PGDATA (and the WAL folder) the postgres user's, mode 700, as the official image does, before
# stepping down.
pg_prepare_as_root() {
    local dir
    for dir in "$PGDATA" ${POSTGRES_INITDB_WALDIR:+"$POSTGRES_INITDB_WALDIR"}; do
        mkdir -p "$dir"
        find "$dir" \! -user postgres -exec chown postgres:postgres {} +
        chmod 700 "$dir"
    done
    chown postgres:postgres /var/run/postgresql /run/poststack-postgres
}

# initdb and peer authentication look the server's uid up; a uid unknown to /etc/passwd (docker run --user
# 1234:1234) is named postgres by nss_wrapper for the entrypoint, initdb, the server and its clients here.
pg_name_unknown_uid() {
    local uid=$EUID gid
    local -a entry
    # The usual uid is in /etc/passwd: found there without a fork; NSS (getent) is asked only otherwise.
    while IFS=: read -r -a entry; do
        [[ ${entry[2]:-} != "$uid" ]] || return 0
    done </etc/passwd
    getent passwd "$uid" >/dev/null && return 0
    gid=$(id -g)
    local lib
    for lib in /usr/lib/*/libnss_wrapper.so /usr/lib/libnss_wrapper.so; do
        [[ -e $lib ]] && break
    done
    [[ -e $lib ]] || pg_die "uid $uid is not in /etc/passwd and libnss_wrapper.so is missing; run as uid 999 (postgres)"
    NSS_WRAPPER_PASSWD=$(mktemp "${TMPDIR:-/tmp}/passwd.XXXXXX")
    NSS_WRAPPER_GROUP=$(mktemp "${TMPDIR:-/tmp}/group.XXXXXX")
    grep -v '^postgres:' /etc/passwd >"$NSS_WRAPPER_PASSWD" || true
    printf 'postgres:x:%s:%s:PostgreSQL:%s:/bin/false\n' "$uid" "$gid" "$PGDATA" >>"$NSS_WRAPPER_PASSWD"
    cat /etc/group >"$NSS_WRAPPER_GROUP"
    getent group "$gid" >/dev/null || printf 'postgres:x:%s:\n' "$gid" >>"$NSS_WRAPPER_GROUP"
    export LD_PRELOAD=$lib NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
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
