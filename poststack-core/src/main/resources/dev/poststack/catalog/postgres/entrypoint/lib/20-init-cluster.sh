#!/usr/bin/env bash
# shellcheck disable=SC2034  # PG_FRESH_CLUSTER is read by 30-write-config.sh and 40-run-initdb-scripts.sh
# Step 20: initdb on an empty PGDATA (first start only), with peer auth on the socket, POSTGRES_HOST_AUTH_METHOD
# (scram-sha-256 by default) over TCP and the superuser's password read from a pipe (no file, as the
# official image does); POSTGRES_INITDB_ARGS and POSTGRES_INITDB_WALDIR as the official image reads them.
#
# initdb runs with --no-sync: instead of an fsync per file (~0.3 s of a first start), one syncfs(2) of the
# data directory's file system (and the WAL folder's) makes the new cluster durable once initialisation
# is done, before the marker goes (pg_init_done in 40-run-initdb-scripts.sh).
#
# The marker $PGDATA/.poststack-initialising is written first (holding the WAL folder, if any) and removed
# by step 40 once the init scripts ran. initdb wants an empty folder, so it runs into .poststack-initdb/
# inside PGDATA and its files are then moved up (renames on one file system).

PG_FRESH_CLUSTER=0

pg_init_cluster() {
    if pg_cluster_exists; then
        return 0
    fi
    pg_log "initialising a new cluster in $PGDATA (superuser $POSTGRES_USER, database $POSTGRES_DB)"
    local marker
    pg_init_marker marker
    printf '%s' "${POSTGRES_INITDB_WALDIR:-}" >"$marker"
    PG_FRESH_CLUSTER=1

    local stage=$PGDATA/.poststack-initdb status=0
    local -a args=(--pgdata="$stage" --username="$POSTGRES_USER" --no-sync
        --auth-local=peer --auth-host="$POSTGRES_HOST_AUTH_METHOD" --encoding=UTF8 --locale=C.UTF-8)
    if [[ -n ${POSTGRES_INITDB_WALDIR:-} ]]; then
        args+=(--waldir="$POSTGRES_INITDB_WALDIR")
    fi
    # POSTGRES_INITDB_ARGS is split as a shell would, as the official image does (it comes after the
    # defaults above, so e.g. its --locale wins). The password goes through a pipe from bash's printf.
    if pg_has_password; then
        eval 'initdb "${args[@]}" --pwfile=<(pg_password) '"${POSTGRES_INITDB_ARGS:-}" >/dev/null || status=$?
    else
        eval 'initdb "${args[@]}" '"${POSTGRES_INITDB_ARGS:-}" >/dev/null || status=$?
    fi
    if [[ $status -ne 0 ]]; then
        pg_clear_failed_cluster
        pg_die "initdb failed (exit $status)"
    fi
    local -a made
    shopt -s dotglob
    made=("$stage"/*)
    shopt -u dotglob
    mv -t "$PGDATA" -- "${made[@]}"
    rmdir "$stage"

    # The socket admits only the postgres OS user, as the superuser or as the postgres role, replication included
    # (pg_basebackup, as upstream's trust lines allow it). conf.d/poststack-hba.conf, rewritten on every start, comes
    # first (it refuses TCP without TLS when POSTGRES_SSL_REQUIRE=on).
    printf '%s\n' \
        '# Written by poststack-postgres at initialisation.' \
        "include_if_exists conf.d/poststack-hba.conf" \
        '# TYPE  DATABASE     USER  ADDRESS  METHOD' \
        'local   all          all            peer map=poststack' \
        'local   replication  all            peer map=poststack' \
        "host    all          all   all      $POSTGRES_HOST_AUTH_METHOD" >"$PGDATA/pg_hba.conf"
    local user_token
    pg_hba_token user_token "$POSTGRES_USER"
    printf '%s\n' \
        '# Written by poststack-postgres at initialisation.' \
        '# MAPNAME   SYSTEM-USERNAME  PG-USERNAME' \
        "poststack   postgres         $user_token" \
        'poststack   postgres         postgres' >"$PGDATA/pg_ident.conf"
    mkdir -p "$PGDATA/conf.d"
    printf '%s\n' \
        '' \
        '# poststack-postgres: its defaults, then mounted files, then POSTGRES_SETTING_* (the last one wins).' \
        "include_if_exists = 'conf.d/poststack.conf'" \
        "include_dir = '/etc/postgresql/conf.d'" \
        "include_if_exists = 'conf.d/poststack-env.conf'" >>"$PGDATA/postgresql.conf"
}

# A name as one pg_hba.conf / pg_ident.conf token: double-quoted, a double quote inside doubled; into the
# variable named by the first argument.
pg_hba_token() { # variable name
    printf -v "$1" '"%s"' "${2//\"/\"\"}"
}
