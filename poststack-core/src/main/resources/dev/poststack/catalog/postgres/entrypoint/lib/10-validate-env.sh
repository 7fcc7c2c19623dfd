#!/usr/bin/env bash
# Step 10: validates the environment before anything is written.
#
# Sets POSTGRES_USER (default postgres) and POSTGRES_DB (default POSTGRES_USER). A password is needed
# only to initialise a cluster: POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE, never both.

pg_validate_env() {
    : "${PGDATA:?PGDATA must be set}"
    export POSTGRES_USER=${POSTGRES_USER:-postgres}
    export POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
    [[ $POSTGRES_USER =~ ^[A-Za-z_][A-Za-z0-9_.-]{0,62}$ ]] ||
        pg_die "POSTGRES_USER '$POSTGRES_USER' is not a valid role name (letters, digits, _ . -; at most 63)"
    [[ $POSTGRES_DB =~ ^[A-Za-z_][A-Za-z0-9_.-]{0,62}$ ]] ||
        pg_die "POSTGRES_DB '$POSTGRES_DB' is not a valid database name (letters, digits, _ . -; at most 63)"

    if [[ -n ${POSTGRES_PASSWORD:-} && -n ${POSTGRES_PASSWORD_FILE:-} ]]; then
        pg_die "set only one of POSTGRES_PASSWORD and POSTGRES_PASSWORD_FILE"
    fi
    if [[ -n ${POSTGRES_PASSWORD_FILE:-} ]]; then
        [[ -r $POSTGRES_PASSWORD_FILE ]] ||
            pg_die "POSTGRES_PASSWORD_FILE $POSTGRES_PASSWORD_FILE is not a readable file"
        [[ -s $POSTGRES_PASSWORD_FILE ]] || pg_die "POSTGRES_PASSWORD_FILE $POSTGRES_PASSWORD_FILE is empty"
    fi
    if ! pg_cluster_exists && [[ -z ${POSTGRES_PASSWORD:-} && -z ${POSTGRES_PASSWORD_FILE:-} ]]; then
        pg_die "POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE must be set to initialise the database"
    fi

    local name
    for name in $(compgen -e); do
        [[ $name == POSTGRES_SETTING_* ]] || continue
        pg_setting_name "$name" >/dev/null
    done
}

pg_cluster_exists() {
    [[ -s $PGDATA/PG_VERSION ]]
}

# The password, from the file (first line, without its newline) or the variable; printed, never logged.
pg_password() {
    if [[ -n ${POSTGRES_PASSWORD_FILE:-} ]]; then
        local line
        IFS= read -r line <"$POSTGRES_PASSWORD_FILE" || [[ -n $line ]]
        printf '%s' "${line%$'\r'}"
    else
        printf '%s' "$POSTGRES_PASSWORD"
    fi
}

# POSTGRES_SETTING_max_connections -> max_connections; POSTGRES_SETTING_cron__log_run -> cron.log_run.
pg_setting_name() {
    local name=${1#POSTGRES_SETTING_}
    name=${name//__/.}
    [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$ ]] ||
        pg_die "malformed setting $1: expected POSTGRES_SETTING_<name> or POSTGRES_SETTING_<prefix>__<name>"
    printf '%s\n' "$name"
}
