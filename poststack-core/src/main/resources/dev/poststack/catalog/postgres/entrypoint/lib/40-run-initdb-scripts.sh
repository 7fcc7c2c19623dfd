#!/usr/bin/env bash
# Step 40 (first start only): starts a temporary server that listens on a private Unix socket and no
# TCP port, creates POSTGRES_DB, runs /docker-entrypoint-initdb.d/*.sql and *.sh in name order, and
# stops it. A failed script removes the new cluster, so the next start initialises again.

POSTSTACK_INITDB_DIR=${POSTSTACK_INITDB_DIR:-/docker-entrypoint-initdb.d}
PG_TEMP_SOCKET=
PG_TEMP_RUNNING=0

pg_run_initdb_scripts() {
    [[ $PG_FRESH_CLUSTER -eq 1 ]] || return 0
    # initdb made the superuser and its password; with no database to create and no script to run, a
    # temporary server would only cost a start, a checkpoint and a stop before the real one.
    if [[ $POSTGRES_DB == postgres ]] && ! compgen -G "$POSTSTACK_INITDB_DIR/*" >/dev/null; then
        pg_log "initialisation done"
        return 0
    fi
    pg_start_temp_server
    local status=0
    # A subshell with errexit of its own: a failing command or script ends it (not so under `if`).
    set +e
    (pg_initdb_scripts_body)
    status=$?
    set -e
    if [[ $status -ne 0 ]]; then
        pg_stop_temp_server || true
        pg_clear_failed_cluster
        pg_die "initialisation failed (see above); the new cluster was removed"
    fi
    pg_stop_temp_server
    pg_log "initialisation done"
}

pg_initdb_scripts_body() {
    set -Eeuo pipefail
    export PGHOST=$PG_TEMP_SOCKET PGUSER=$POSTGRES_USER PGDATABASE=$POSTGRES_DB
    if [[ $POSTGRES_DB != postgres ]]; then
        psql -X -q -v ON_ERROR_STOP=1 --dbname=postgres -v db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
    local f
    for f in "$POSTSTACK_INITDB_DIR"/*; do
        [[ -e $f ]] || continue
        case $f in
            *.sh)
                pg_log "running $f"
                if [[ -x $f ]]; then "$f"; else bash "$f"; fi
                ;;
            *.sql)
                pg_log "running $f"
                psql -X -q -v ON_ERROR_STOP=1 --file="$f"
                ;;
            *) pg_log "ignoring $f (not *.sh or *.sql)" ;;
        esac
    done
}

pg_start_temp_server() {
    PG_TEMP_SOCKET=$(mktemp -d "${TMPDIR:-/tmp}/poststack-init.XXXXXX")
    PG_TEMP_RUNNING=1
    pg_ctl --pgdata="$PGDATA" --wait --silent --timeout=60 \
        --options="-c listen_addresses='' -c unix_socket_directories='$PG_TEMP_SOCKET'" start >/dev/null
}

pg_stop_temp_server() {
    [[ $PG_TEMP_RUNNING -eq 1 ]] || return 0
    pg_ctl --pgdata="$PGDATA" --wait --silent --mode=fast stop >/dev/null
    PG_TEMP_RUNNING=0
    rmdir "$PG_TEMP_SOCKET" 2>/dev/null || true
}
