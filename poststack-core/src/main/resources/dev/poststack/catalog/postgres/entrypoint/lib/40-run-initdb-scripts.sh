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
    local marker waldir=${POSTGRES_INITDB_WALDIR:-}
    pg_init_marker marker
    # initdb ran with --no-sync: the new cluster (and its WAL folder) reaches the disk before the marker
    # goes, with one syncfs(2) per file system instead of initdb's fsync of every file.
    sync -f "$PGDATA" ${waldir:+"$waldir"} ||
        pg_die "could not flush the new cluster in $PGDATA to disk (sync -f)"
    rm -f "$marker"
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

# The server's own log lines reach the container's output, as the official image's do. It is started as
# pg_ctl start would (postgres -D PGDATA, the command's options, then a socket of its own and no TCP port;
# stdin from /dev/null, stderr to stdout) and is ready when postmaster.pid says so, as pg_ctl --wait
# decides; but that file is read every 10 ms by bash instead of every 100 ms by pg_ctl, and the stop waits
# for the child's exit instead of polling.
PG_TEMP_PID=
PG_TEMP_START_LIMIT_S=60

pg_start_temp_server() {
    PG_TEMP_SOCKET=$(mktemp -d "${TMPDIR:-/tmp}/poststack-init.XXXXXX")
    PG_TEMP_RUNNING=1
    postgres -D "$PGDATA" "$@" -c listen_addresses= -c unix_socket_directories="$PG_TEMP_SOCKET" </dev/null 2>&1 &
    PG_TEMP_PID=$!
    # A pipe that nothing writes to: `read -t` on it is a sleep without a fork.
    local tick line status=starting deadline=$((SECONDS + PG_TEMP_START_LIMIT_S))
    exec {tick}<> <(:)
    while :; do
        if ! kill -0 "$PG_TEMP_PID" 2>/dev/null; then
            local exit_status=0
            wait "$PG_TEMP_PID" || exit_status=$?
            PG_TEMP_RUNNING=0
            exec {tick}>&-
            pg_die "the temporary server for the initialisation did not start (exit $exit_status; see above)"
        fi
        # postmaster.pid: line 1 the postmaster's pid, line 8 its status (ready once it accepts connections).
        if [[ -r $PGDATA/postmaster.pid ]]; then
            local -a pidfile=()
            mapfile -t -n 8 pidfile <"$PGDATA/postmaster.pid" 2>/dev/null || true
            if [[ ${pidfile[0]:-} == "$PG_TEMP_PID" ]]; then
                line=${pidfile[7]:-}
                status=${line%% *}
                [[ $status != ready ]] || break
            fi
        fi
        if ((SECONDS >= deadline)); then
            exec {tick}>&-
            pg_stop_temp_server || true
            pg_die "the temporary server for the initialisation was not ready after $PG_TEMP_START_LIMIT_S s (status $status)"
        fi
        read -r -t 0.01 -u "$tick" || true
    done
    exec {tick}>&-
}

pg_stop_temp_server() {
    [[ $PG_TEMP_RUNNING -eq 1 ]] || return 0
    kill -INT "$PG_TEMP_PID" 2>/dev/null || true
    # `wait` returns early when a trapped signal arrives: wait until the child has really exited.
    while kill -0 "$PG_TEMP_PID" 2>/dev/null; do
        wait "$PG_TEMP_PID" || true
    done
    PG_TEMP_RUNNING=0
    rmdir "$PG_TEMP_SOCKET" 2>/dev/null || true
}
