#!/usr/bin/env bash
# Step 40 (first start only): starts a temporary server that listens on a private Unix socket and no
# TCP port, creates POSTGRES_DB, runs /docker-entrypoint-initdb.d/* in name order as the official image
# does, and stops it; then removes the initialisation marker. A failed script removes the new cluster,
# so the next start initialises again.
#
# The temporary server logs to the container's output like the official image's, so "database system is
# ready to accept connections" appears twice on such a first start (Testcontainers waits for both). With
# POSTGRES_DB=postgres and no init script no temporary server runs at all.

POSTSTACK_INITDB_DIR=${POSTSTACK_INITDB_DIR:-/docker-entrypoint-initdb.d}
PG_TEMP_SOCKET=
PG_TEMP_RUNNING=0

pg_run_initdb_scripts() {
    [[ $PG_FRESH_CLUSTER -eq 1 ]] || return 0
    # initdb made the superuser and its password; with no database to create and no script to run, a
    # temporary server would only cost a start, a checkpoint and a stop before the real one.
    if [[ $POSTGRES_DB == postgres ]] && ! compgen -G "$POSTSTACK_INITDB_DIR/*" >/dev/null; then
        pg_init_done
        return 0
    fi
    pg_start_temp_server "$@"
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
    pg_init_done
}

pg_init_done() {
    rm -f "$(pg_init_marker)"
    # The marker's removal reaches the disk before the server starts: a marker that came back after a
    # crash would have the next start wipe a cluster in use.
    sync "$PGDATA" 2>/dev/null || true
    pg_log "initialisation done"
}

# The official image's helper, for init scripts that call it: psql on the temporary server as the
# superuser, into POSTGRES_DB, stopping at the first error.
docker_process_sql() {
    psql -X -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname "$POSTGRES_DB" "$@"
}

# As the official image's docker_process_init_files: *.sh executable is run, otherwise sourced (in this
# subshell, with its functions); *.sql, *.sql.gz, *.sql.xz, *.sql.zst through psql; anything else ignored.
pg_initdb_scripts_body() {
    set -Eeo pipefail
    set +u
    export PGHOST=$PG_TEMP_SOCKET PGUSER=$POSTGRES_USER PGDATABASE=$POSTGRES_DB
    if [[ $POSTGRES_DB != postgres ]]; then
        docker_process_sql -q --dbname postgres -v db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
    local f
    for f in "$POSTSTACK_INITDB_DIR"/*; do
        [[ -e $f ]] || continue
        case $f in
            *.sh)
                if [[ -x $f ]]; then
                    pg_log "running $f"
                    "$f"
                else
                    pg_log "sourcing $f"
                    # shellcheck source=/dev/null
                    . "$f"
                fi
                ;;
            *.sql) pg_log "running $f"; docker_process_sql -q -f "$f" ;;
            *.sql.gz) pg_log "running $f"; gzip -dc "$f" | docker_process_sql -q ;;
            *.sql.xz) pg_log "running $f"; xz -dc "$f" | docker_process_sql -q ;;
            *.sql.zst) pg_log "running $f"; zstd -dc "$f" | docker_process_sql -q ;;
            *) pg_log "ignoring $f" ;;
        esac
    done
}

# The server's own log lines (and pg_ctl's) reach the container's output, as the official image's do.
pg_start_temp_server() {
    PG_TEMP_SOCKET=$(mktemp -d "${TMPDIR:-/tmp}/poststack-init.XXXXXX")
    PG_TEMP_RUNNING=1
    local options=
    if [[ $# -gt 0 ]]; then
        options=$(printf '%q ' "$@")
    fi
    pg_ctl --pgdata="$PGDATA" --wait --timeout=60 \
        --options="$options -c listen_addresses='' -c unix_socket_directories='$PG_TEMP_SOCKET'" start
}

pg_stop_temp_server() {
    [[ $PG_TEMP_RUNNING -eq 1 ]] || return 0
    pg_ctl --pgdata="$PGDATA" --wait --mode=fast stop
    PG_TEMP_RUNNING=0
    rmdir "$PG_TEMP_SOCKET" 2>/dev/null || true
}
