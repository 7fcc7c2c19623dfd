#!/usr/bin/env bash
# Step 35: a password file for the server's own outgoing connections, so libpq inside the server (Citus
# between its nodes and to itself, dblink, postgres_fdw) can log in as the superuser over TCP, where
# pg_hba.conf asks for scram-sha-256.
#
# On every start, from the password the entrypoint already reads (POSTGRES_PASSWORD_FILE or
# POSTGRES_PASSWORD): one line `*:*:*:<superuser>:<password>` in $PG_PGPASS_FILE, mode 600, owned by the
# server's uid, outside the data volume and outside every image layer. The server runs with PGPASSFILE naming
# it; the variable is set in the server's process only, never in the container's configuration. Without a
# password (a later start with none given) an old file is removed and PGPASSFILE is not set.

PG_PGPASS_DIR=${PG_PGPASS_DIR:-/run/poststack-postgres}
PG_PGPASS_FILE=$PG_PGPASS_DIR/pgpass

pg_write_pgpass() {
    if ! pg_has_password; then
        if [[ -e $PG_PGPASS_FILE || -L $PG_PGPASS_FILE ]]; then
            rm -f "$PG_PGPASS_FILE"
        fi
        return 0
    fi
    [[ -d $PG_PGPASS_DIR && -w $PG_PGPASS_DIR ]] ||
        pg_die "$PG_PGPASS_DIR is not a writable folder for uid $EUID; the image makes it (mode 1733)"
    local user password line old='' tmp
    pg_pgpass_field user "$POSTGRES_USER"
    pg_password password
    pg_pgpass_field password "$password"
    printf -v line '*:*:*:%s:%s\n' "$user" "$password"
    export PGPASSFILE=$PG_PGPASS_FILE
    # A restart of the same container finds the file it wrote: when it is still this uid's own regular file
    # (no link; in the sticky folder no one else can replace it) with the same line, it stays as it is.
    if [[ -f $PG_PGPASS_FILE && ! -L $PG_PGPASS_FILE && -O $PG_PGPASS_FILE ]]; then
        IFS= read -r -d '' old <"$PG_PGPASS_FILE" || true
        [[ $old != "$line" ]] || return 0
    fi
    # Written under a new name and renamed: a file or link someone else left at the name is replaced, never
    # written through. printf is bash's builtin, so the password is in no process's arguments.
    tmp=$(umask 077 && mktemp "$PG_PGPASS_DIR/.pgpass.XXXXXX")
    printf '%s' "$line" >"$tmp"
    mv -f "$tmp" "$PG_PGPASS_FILE"
}

# A pgpass field: `\` and `:` escaped with `\`, as libpq reads them; into the variable named by the first
# argument.
pg_pgpass_field() { # variable value
    local _pg_value=${2//\\/\\\\}
    printf -v "$1" '%s' "${_pg_value//:/\\:}"
}
