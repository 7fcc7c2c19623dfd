#!/usr/bin/env bash
# shellcheck disable=SC2034  # PG_FRESH_CLUSTER is read by 30-write-config.sh and 40-run-initdb-scripts.sh
# Step 20: initdb on an empty PGDATA (first start only), with peer auth on the socket, POSTGRES_HOST_AUTH_METHOD
# (scram-sha-256 by default) over TCP and the superuser's password from a temporary file removed right
# after; POSTGRES_INITDB_ARGS and POSTGRES_INITDB_WALDIR as the official image reads them.
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
    printf '%s' "${POSTGRES_INITDB_WALDIR:-}" >"$(pg_init_marker)"
    PG_FRESH_CLUSTER=1

    local pwfile stage=$PGDATA/.poststack-initdb status=0
    local -a args=(--pgdata="$stage" --username="$POSTGRES_USER"
        --auth-local=peer --auth-host="$POSTGRES_HOST_AUTH_METHOD" --encoding=UTF8 --locale=C.UTF-8)
    if [[ -n ${POSTGRES_INITDB_WALDIR:-} ]]; then
        args+=(--waldir="$POSTGRES_INITDB_WALDIR")
    fi
    pwfile=$(umask 077 && mktemp "${TMPDIR:-/tmp}/pgpass.XXXXXX")
    if pg_has_password; then
        pg_password >"$pwfile"
        args+=(--pwfile="$pwfile")
    fi
    # POSTGRES_INITDB_ARGS is split as a shell would, as the official image does (it comes after the
    # defaults above, so e.g. its --locale wins).
    eval 'initdb "${args[@]}" '"${POSTGRES_INITDB_ARGS:-}" >/dev/null || status=$?
    rm -f "$pwfile"
    if [[ $status -ne 0 ]]; then
        pg_clear_failed_cluster
        pg_die "initdb failed (exit $status)"
    fi
    find "$stage" -mindepth 1 -maxdepth 1 -exec mv -t "$PGDATA" {} +
    rmdir "$stage"

    # The socket admits only the postgres OS user, as the superuser or as the postgres role. conf.d/poststack-hba.conf,
    # rewritten on every start, comes first (it refuses TCP without TLS when POSTGRES_SSL_REQUIRE=on).
    printf '%s\n' \
        '# Written by poststack-postgres at initialisation.' \
        "include_if_exists conf.d/poststack-hba.conf" \
        '# TYPE  DATABASE  USER  ADDRESS  METHOD' \
        'local   all       all            peer map=poststack' \
        "host    all       all   all      $POSTGRES_HOST_AUTH_METHOD" >"$PGDATA/pg_hba.conf"
    printf '%s\n' \
        '# Written by poststack-postgres at initialisation.' \
        '# MAPNAME   SYSTEM-USERNAME  PG-USERNAME' \
        "poststack   postgres         $(pg_hba_token "$POSTGRES_USER")" \
        'poststack   postgres         postgres' >"$PGDATA/pg_ident.conf"
    mkdir -p "$PGDATA/conf.d"
    printf '%s\n' \
        '' \
        '# poststack-postgres: its defaults, then mounted files, then POSTGRES_SETTING_* (the last one wins).' \
        "include_if_exists = 'conf.d/poststack.conf'" \
        "include_dir = '/etc/postgresql/conf.d'" \
        "include_if_exists = 'conf.d/poststack-env.conf'" >>"$PGDATA/postgresql.conf"
}

# A name as one pg_hba.conf / pg_ident.conf token: double-quoted, a double quote inside doubled.
pg_hba_token() {
    printf '"%s"' "${1//\"/\"\"}"
}
