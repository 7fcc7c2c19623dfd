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
#
# initdb is most of a first start (~0.6 s of ~1.5 s here). So the image holds a cluster initdb made at build time
# with the defaults below (cluster.tar.zst, ~1 MB; image-setup.sh finish), and a first start that asks for nothing
# else (no POSTGRES_INITDB_ARGS or POSTGRES_INITDB_WALDIR, and the same server, locales and time zone as at build
# time: cluster.stamp) unpacks it instead (~0.2 s): a new system identifier (new-system-id.pl), new WAL
# (pg_resetwal), then the superuser renamed to POSTGRES_USER and given its password in a single-user backend, as
# initdb itself sets it. Anything that fails on that way is logged and initdb runs as before.

PG_FRESH_CLUSTER=0
PG_TEMPLATE=${POSTSTACK_PG_LIB:-/usr/local/lib/poststack-postgres}/cluster.tar.zst
PG_TEMPLATE_STAMP=${POSTSTACK_PG_LIB:-/usr/local/lib/poststack-postgres}/cluster.stamp

# initdb's options of a first start (and of the image's cluster, made as superuser postgres): peer authentication on
# the socket, POSTGRES_HOST_AUTH_METHOD over TCP, UTF-8 with the C.UTF-8 locale; into the array named by the first
# argument.
pg_initdb_defaults() { # variable stage superuser host-auth
    local -n _args=$1
    _args=(--pgdata="$2" --username="$3" --no-sync --auth-local=peer --auth-host="$4" --encoding=UTF8 --locale=C.UTF-8)
}

# What else initdb's result depends on: the server, the libc locales and ICU it imports as collations, the time
# zone it writes into postgresql.conf.
pg_template_stamp() {
    local icu=(/usr/lib/*/libicuuc.so.[0-9]*)
    postgres -V
    printf 'TZ=%s localtime=%s icu=%s\n' "${TZ:-}" "$(readlink -f /etc/localtime)" "${icu[*]}"
    locale -a
}

# Image build time (image-setup.sh finish, as root): the cluster first starts unpack, without WAL (pg_resetwal
# writes it anew).
pg_build_template() {
    local work
    work=$(mktemp -d)
    chown postgres:postgres "$work"
    local -a args
    pg_initdb_defaults args "$work/cluster" postgres scram-sha-256
    setpriv --reuid=postgres --regid=postgres --init-groups -- initdb "${args[@]}" >/dev/null
    rm -f "$work"/cluster/pg_wal/0*
    tar -C "$work/cluster" -cf - . | zstd -19 -q -o "$PG_TEMPLATE"
    pg_template_stamp >"$PG_TEMPLATE_STAMP"
    rm -rf "$work"
}

# Whether a first start may unpack the image's cluster instead of running initdb.
pg_template_usable() {
    [[ -z ${POSTGRES_INITDB_ARGS:-} && -z ${POSTGRES_INITDB_WALDIR:-} && -r $PG_TEMPLATE && -r $PG_TEMPLATE_STAMP ]] &&
        [[ $(pg_template_stamp) == "$(<"$PG_TEMPLATE_STAMP")" ]]
}

# The image's cluster into the (not yet existing) folder $1, made this container's own: its own system identifier and
# WAL, the superuser named POSTGRES_USER, with its password. Non-zero when any of it fails.
pg_unpack_template() { # stage
    local stage=$1
    mkdir -m 700 "$stage" || return 1
    zstd -dcq "$PG_TEMPLATE" | tar -xf - -C "$stage" || return 1
    perl "${POSTSTACK_PG_LIB:-/usr/local/lib/poststack-postgres}/new-system-id.pl" "$stage" || return 1
    pg_resetwal --pgdata="$stage" >/dev/null || return 1
    if [[ $POSTGRES_USER == postgres ]] && ! pg_has_password; then
        return 0
    fi
    pg_template_sql | postgres --single -F -D "$stage" -c exit_on_error=on -c log_min_error_statement=panic \
        -c log_min_messages=fatal -c log_checkpoints=off postgres >/dev/null 2>&1
}

# The single-user backend's input, one statement per line: the superuser renamed to POSTGRES_USER (the session
# user cannot be renamed, so a second superuser does it, then goes), and its password. The backend's output, which
# could echo a statement, goes nowhere (above), and no statement is logged. The password is written by printf, a
# builtin (never in an argument list), cut at its first line as initdb's --pwfile reads it, quoted as initdb
# quotes it (E'...', quote and backslash doubled).
pg_template_sql() {
    if [[ $POSTGRES_USER != postgres ]]; then
        local user
        pg_quoted_name user "$POSTGRES_USER"
        printf '%s\n' "CREATE ROLE poststack_initialising SUPERUSER;" "SET SESSION AUTHORIZATION poststack_initialising;" \
            "ALTER ROLE postgres RENAME TO $user;" "SET SESSION AUTHORIZATION $user;" "DROP ROLE poststack_initialising;"
    fi
    if pg_has_password; then
        local password q="'" b=\\
        pg_password password
        password=${password%%$'\n'*}
        password=${password//"$b"/"$b$b"}
        password=${password//"$q"/"$q$q"}
        printf "ALTER ROLE CURRENT_USER PASSWORD E'%s';\n" "$password"
    fi
}

pg_init_cluster() {
    if pg_cluster_exists; then
        return 0
    fi
    local template=0
    if pg_template_usable; then
        template=1
        pg_log "initialising a new cluster in $PGDATA (superuser $POSTGRES_USER, database $POSTGRES_DB) from the image's initialised cluster"
    else
        pg_log "initialising a new cluster in $PGDATA (superuser $POSTGRES_USER, database $POSTGRES_DB) with initdb"
    fi
    local marker
    pg_init_marker marker
    printf '%s' "${POSTGRES_INITDB_WALDIR:-}" >"$marker"
    PG_FRESH_CLUSTER=1

    local stage=$PGDATA/.poststack-initdb status=0
    if [[ $template -eq 1 ]]; then
        if pg_unpack_template "$stage"; then
            pg_init_cluster_files "$stage"
            return 0
        fi
        pg_log "could not use the image's initialised cluster; running initdb"
        rm -rf "$stage"
    fi
    local -a args
    pg_initdb_defaults args "$stage" "$POSTGRES_USER" "$POSTGRES_HOST_AUTH_METHOD"
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
    pg_init_cluster_files "$stage"
}

# The new cluster in $1 moved up into PGDATA, with poststack's pg_hba.conf, pg_ident.conf and includes.
pg_init_cluster_files() { # stage
    local stage=$1
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
    pg_quoted_name user_token "$POSTGRES_USER"
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

# A name as one SQL identifier or pg_hba.conf / pg_ident.conf token (both quote alike): double-quoted, a double
# quote inside doubled; into the variable named by the first argument.
pg_quoted_name() { # variable name
    printf -v "$1" '"%s"' "${2//\"/\"\"}"
}
