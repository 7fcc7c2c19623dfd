#!/usr/bin/env bash
# shellcheck disable=SC2034  # PG_FRESH_CLUSTER is read by 40-run-initdb-scripts.sh
# Step 20: initdb on an empty PGDATA (first start only), with peer auth on the socket, scram-sha-256
# over TCP and the superuser's password from a temporary file that is removed right after.

PG_FRESH_CLUSTER=0

pg_init_cluster() {
    if pg_cluster_exists; then
        return 0
    fi
    mkdir -p "$PGDATA"
    chmod 700 "$PGDATA"
    if [[ -n $(find "$PGDATA" -mindepth 1 -maxdepth 1 ! -name lost+found -print -quit) ]]; then
        pg_die "PGDATA $PGDATA is not empty but holds no cluster (no PG_VERSION); empty it or use a fresh volume"
    fi
    pg_log "initialising a new cluster in $PGDATA (superuser $POSTGRES_USER, database $POSTGRES_DB)"

    local pwfile status=0
    pwfile=$(umask 077 && mktemp "${TMPDIR:-/tmp}/pgpass.XXXXXX")
    pg_password >"$pwfile"
    initdb --pgdata="$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \
        --auth-local=peer --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null || status=$?
    rm -f "$pwfile"
    if [[ $status -ne 0 ]]; then
        pg_clear_failed_cluster
        pg_die "initdb failed (exit $status)"
    fi
    PG_FRESH_CLUSTER=1

    # The socket admits only the postgres OS user, as the superuser or as the postgres role; every
    # TCP client needs a password.
    printf '%s\n' \
        '# Written by poststack-postgres at initialisation.' \
        '# TYPE  DATABASE  USER  ADDRESS  METHOD' \
        'local   all       all            peer map=poststack' \
        'host    all       all   all      scram-sha-256' >"$PGDATA/pg_hba.conf"
    printf '%s\n' \
        '# Written by poststack-postgres at initialisation.' \
        '# MAPNAME   SYSTEM-USERNAME  PG-USERNAME' \
        "poststack   postgres         $POSTGRES_USER" \
        'poststack   postgres         postgres' >"$PGDATA/pg_ident.conf"
    mkdir -p "$PGDATA/conf.d"
    printf '%s\n' \
        '' \
        '# poststack-postgres: its defaults, then mounted files, then POSTGRES_SETTING_* (the last one wins).' \
        "include_if_exists = 'conf.d/poststack.conf'" \
        "include_dir = '/etc/postgresql/conf.d'" \
        "include_if_exists = 'conf.d/poststack-env.conf'" >>"$PGDATA/postgresql.conf"
}

# A first initialisation that failed leaves nothing behind, so the next start begins again.
pg_clear_failed_cluster() {
    find "$PGDATA" -mindepth 1 -maxdepth 1 ! -name lost+found -exec rm -rf {} +
}
