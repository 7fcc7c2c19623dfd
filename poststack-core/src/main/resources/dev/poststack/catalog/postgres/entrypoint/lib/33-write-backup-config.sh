#!/usr/bin/env bash
# Step 33: pgBackRest, only when POSTGRES_BACKUP_STANZA is set (poststack sets it from a manifest's
# `database.backup`); without it nothing here runs and the server archives no WAL.
#
#   POSTGRES_BACKUP_STANZA            the stanza's name ([A-Za-z0-9_-]+; poststack: the service's name)
#   POSTGRES_BACKUP_REPOS             repository paths, `:`-separated (repo1, repo2), each a mounted volume
#   POSTGRES_BACKUP_RETENTION_FULL    full backups kept by expire (default 2)
#   POSTGRES_BACKUP_RETENTION_DIFF    differential backups kept (default 7)
#   POSTGRES_BACKUP_COMPRESS          zst (default), lz4, gz, bz2 or none
#   POSTGRES_BACKUP_PROCESSES         pgBackRest's process-max (default 2)
#   POSTGRES_BACKUP_CIPHER_PASS_FILE  a file holding the repositories' cipher pass (aes-256-cbc); read here,
#                                     written only into the mode-600 configuration, never into the environment
#   POSTGRES_BACKUP_ARCHIVE           on (default): archive_mode on, archive_command archive-push, and the
#                                     stanza created (offline) before the server starts; off: a restored copy
#                                     that reads the repository (restore_command) but never writes to it
#
# The configuration, /etc/pgbackrest/pgbackrest.conf (mode 600, in the container's own layer), is written
# on every start, so `pgbackrest --stanza=NAME backup|info|check` work in the container as they are.

PG_BACKUP_CONF=/etc/pgbackrest/pgbackrest.conf

pg_backup_enabled() {
    [[ -n ${POSTGRES_BACKUP_STANZA:-} ]]
}

pg_backup_archiving() {
    pg_backup_enabled && [[ ${POSTGRES_BACKUP_ARCHIVE:-on} == on ]]
}

# Lines for poststack.conf: WAL archiving into the stanza.
pg_backup_settings() {
    pg_backup_archiving || return 0
    printf '%s\n' "# WAL archiving into pgBackRest's stanza $POSTGRES_BACKUP_STANZA (POSTGRES_BACKUP_STANZA)." \
        "archive_mode = on" \
        "archive_command = 'pgbackrest --stanza=$POSTGRES_BACKUP_STANZA archive-push %p'"
}

pg_validate_backup_env() {
    pg_backup_enabled || return 0
    [[ $POSTGRES_BACKUP_STANZA =~ ^[A-Za-z0-9_-]+$ ]] ||
        pg_die "POSTGRES_BACKUP_STANZA '$POSTGRES_BACKUP_STANZA' may hold only letters, digits, _ and -"
    [[ -n ${POSTGRES_BACKUP_REPOS:-} ]] || pg_die "POSTGRES_BACKUP_STANZA needs POSTGRES_BACKUP_REPOS (repository paths, : between them)"
    local var
    for var in POSTGRES_BACKUP_RETENTION_FULL POSTGRES_BACKUP_RETENTION_DIFF POSTGRES_BACKUP_PROCESSES; do
        [[ -z ${!var:-} || ${!var} =~ ^[1-9][0-9]*$ ]] || pg_die "$var '${!var}' is not a whole number from 1"
    done
    [[ ${POSTGRES_BACKUP_COMPRESS:-zst} =~ ^(zst|lz4|gz|bz2|none)$ ]] ||
        pg_die "POSTGRES_BACKUP_COMPRESS '$POSTGRES_BACKUP_COMPRESS' is not one of zst, lz4, gz, bz2, none"
    [[ ${POSTGRES_BACKUP_ARCHIVE:-on} =~ ^(on|off)$ ]] || pg_die "POSTGRES_BACKUP_ARCHIVE '$POSTGRES_BACKUP_ARCHIVE' is not on or off"
    if [[ -n ${POSTGRES_BACKUP_CIPHER_PASS_FILE:-} && ! -s $POSTGRES_BACKUP_CIPHER_PASS_FILE ]]; then
        pg_die "POSTGRES_BACKUP_CIPHER_PASS_FILE $POSTGRES_BACKUP_CIPHER_PASS_FILE is not a readable, non-empty file"
    fi
}

# pgbackrest.conf, written under a temporary name and renamed (mode 600 from the start).
pg_write_backup_config() {
    pg_backup_enabled || return 0
    pg_validate_backup_env
    local pass='' repo n=0 repos
    if [[ -n ${POSTGRES_BACKUP_CIPHER_PASS_FILE:-} ]]; then
        IFS= read -r pass <"$POSTGRES_BACKUP_CIPHER_PASS_FILE" || [[ -n $pass ]]
        pass=${pass%$'\r'}
    fi
    IFS=: read -r -a repos <<<"$POSTGRES_BACKUP_REPOS"
    (
        umask 077
        {
            printf '%s\n' '# Written by poststack-postgres on every start from POSTGRES_BACKUP_*.' '[global]' \
                "compress-type=${POSTGRES_BACKUP_COMPRESS:-zst}" \
                "process-max=${POSTGRES_BACKUP_PROCESSES:-2}" \
                'start-fast=y' 'log-level-console=info' 'log-level-file=off'
            for repo in "${repos[@]}"; do
                n=$((n + 1))
                printf '%s\n' "repo$n-path=$repo" \
                    "repo$n-retention-full=${POSTGRES_BACKUP_RETENTION_FULL:-2}" \
                    "repo$n-retention-diff=${POSTGRES_BACKUP_RETENTION_DIFF:-7}"
                if [[ -n $pass ]]; then
                    printf '%s\n' "repo$n-cipher-type=aes-256-cbc" "repo$n-cipher-pass=$pass"
                fi
            done
            printf '%s\n' "[$POSTGRES_BACKUP_STANZA]" "pg1-path=$PGDATA" 'pg1-socket-path=/var/run/postgresql' \
                "pg1-user=${POSTGRES_USER:-postgres}"
        } >"$PG_BACKUP_CONF.new"
    ) || pg_die "cannot write $PG_BACKUP_CONF"
    mv "$PG_BACKUP_CONF.new" "$PG_BACKUP_CONF"
}

# The stanza, created offline from pg_control before the server archives its first segment; a stanza that
# exists for this cluster is left as it is, one of another cluster (another system identifier) stops here.
pg_create_stanza() {
    pg_backup_archiving || return 0
    local out
    if ! out=$(pgbackrest --stanza="$POSTGRES_BACKUP_STANZA" --no-online stanza-create 2>&1); then
        printf '%s\n' "$out" | grep -v '^$' | sed 's/^/poststack-postgres: pgbackrest: /' >&2
        pg_die "pgBackRest could not create stanza $POSTGRES_BACKUP_STANZA in ${POSTGRES_BACKUP_REPOS} (see above); a repository holding another cluster's backups needs a volume of its own"
    fi
}
