#!/usr/bin/env bash
# Step 10: validates the environment before anything is written.
#
# Reads POSTGRES_USER, POSTGRES_DB and POSTGRES_PASSWORD or their *_FILE variants (as the official image
# does), defaults POSTGRES_USER to postgres and POSTGRES_DB to POSTGRES_USER. A password is needed only to
# initialise a cluster, unless POSTGRES_HOST_AUTH_METHOD=trust says no password is wanted.

pg_validate_env() {
    : "${PGDATA:?PGDATA must be set}"
    pg_file_env POSTGRES_USER
    pg_file_env POSTGRES_DB
    export POSTGRES_USER=${POSTGRES_USER:-postgres}
    export POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
    # Any name PostgreSQL accepts: it is always quoted. Longer names would be cut to 63 bytes by the server
    # while the settings named them in full.
    pg_check_name POSTGRES_USER "$POSTGRES_USER" role
    pg_check_name POSTGRES_DB "$POSTGRES_DB" database

    if [[ -n ${POSTGRES_PASSWORD:-} && -n ${POSTGRES_PASSWORD_FILE:-} ]]; then
        pg_die "set only one of POSTGRES_PASSWORD and POSTGRES_PASSWORD_FILE"
    fi
    if [[ -n ${POSTGRES_PASSWORD_FILE:-} ]]; then
        [[ -r $POSTGRES_PASSWORD_FILE ]] ||
            pg_die "POSTGRES_PASSWORD_FILE $POSTGRES_PASSWORD_FILE is not a readable file"
        [[ -s $POSTGRES_PASSWORD_FILE ]] || pg_die "POSTGRES_PASSWORD_FILE $POSTGRES_PASSWORD_FILE is empty"
    fi
    export POSTGRES_HOST_AUTH_METHOD=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
    [[ $POSTGRES_HOST_AUTH_METHOD =~ ^(scram-sha-256|md5|password|trust|reject|cert)$ ]] ||
        pg_die "POSTGRES_HOST_AUTH_METHOD '$POSTGRES_HOST_AUTH_METHOD' is not one of scram-sha-256, md5, password, trust, reject, cert"
    if ! pg_cluster_exists && ! pg_has_password && [[ $POSTGRES_HOST_AUTH_METHOD != trust ]]; then
        pg_die "POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE must be set to initialise the database (or POSTGRES_HOST_AUTH_METHOD=trust to allow every connection without a password)"
    fi
    if [[ $POSTGRES_HOST_AUTH_METHOD == trust ]] && ! pg_cluster_exists; then
        pg_warn_trust
    fi

    local name _
    for name in "${!POSTGRES_SETTING_@}"; do
        # Only checked here (the name goes to `_`); 30-write-config.sh writes it.
        pg_setting_name "$name" _
    done
    pg_validate_tls_env
}

# VAR from VAR or from the file VAR_FILE names (its whole content without trailing newlines), as the
# official image's file_env; setting both is an error.
pg_file_env() {
    local var=$1 file_var=${1}_FILE
    if [[ -n ${!var:-} && -n ${!file_var:-} ]]; then
        pg_die "set only one of $var and $file_var"
    fi
    if [[ -n ${!file_var:-} ]]; then
        [[ -r ${!file_var} ]] || pg_die "$file_var ${!file_var} is not a readable file"
        local value='' newlines
        IFS= read -r -d '' value <"${!file_var}" || true
        # Without its trailing newlines, as $(<file) gives it.
        newlines=${value##*[!$'\n']}
        export "$var"="${value%"$newlines"}"
    fi
}

pg_check_name() { # variable value kind
    [[ -n $2 && $2 != *$'\n'* ]] || pg_die "$1 must be one non-empty line"
    # Bytes, not characters: the C locale for ${#}, in this function only.
    local LC_ALL=C
    local bytes=${#2}
    ((bytes <= 63)) || pg_die "$1 is $bytes bytes long; a $3 name has at most 63"
}

pg_has_password() {
    [[ -n ${POSTGRES_PASSWORD:-} || -n ${POSTGRES_PASSWORD_FILE:-} ]]
}

# The official image's warning, word for word.
pg_warn_trust() {
    cat >&2 <<'EOWARN'
********************************************************************************
WARNING: POSTGRES_HOST_AUTH_METHOD has been set to "trust". This will allow
         anyone with access to the Postgres port to access your database without
         a password, even if POSTGRES_PASSWORD is set. See PostgreSQL
         documentation about "trust":
         https://www.postgresql.org/docs/current/auth-trust.html
         In Docker's default configuration, this is effectively any other
         container on the same system.

         It is not recommended to use POSTGRES_HOST_AUTH_METHOD=trust. Replace
         it with "-e POSTGRES_PASSWORD=password" instead to set a password in
         "docker run".
********************************************************************************
EOWARN
}

# TLS: POSTGRES_SSL=off (default), on (a certificate and key given: POSTGRES_SSL_CERT_FILE and
# POSTGRES_SSL_KEY_FILE, or CERT_PATH holding fullchain.pem and privkey.pem) or self-signed (made on the
# first start, for development). POSTGRES_SSL_REQUIRE=on refuses TCP connections without TLS.
pg_validate_tls_env() {
    export POSTGRES_SSL=${POSTGRES_SSL:-off}
    export POSTGRES_SSL_REQUIRE=${POSTGRES_SSL_REQUIRE:-off}
    [[ $POSTGRES_SSL =~ ^(off|on|self-signed)$ ]] || pg_die "POSTGRES_SSL '$POSTGRES_SSL' is not one of off, on, self-signed"
    [[ $POSTGRES_SSL_REQUIRE =~ ^(on|off)$ ]] || pg_die "POSTGRES_SSL_REQUIRE '$POSTGRES_SSL_REQUIRE' is not on or off"
    if [[ $POSTGRES_SSL_REQUIRE == on && $POSTGRES_SSL == off ]]; then
        pg_die "POSTGRES_SSL_REQUIRE=on needs POSTGRES_SSL=on (with a certificate) or POSTGRES_SSL=self-signed"
    fi
    [[ $POSTGRES_SSL == on ]] || return 0
    if [[ -n ${CERT_PATH:-} ]]; then
        : "${POSTGRES_SSL_CERT_FILE:=$CERT_PATH/fullchain.pem}" "${POSTGRES_SSL_KEY_FILE:=$CERT_PATH/privkey.pem}"
    fi
    local var
    for var in POSTGRES_SSL_CERT_FILE POSTGRES_SSL_KEY_FILE; do
        [[ -n ${!var:-} ]] || pg_die "POSTGRES_SSL=on needs $var (or CERT_PATH holding fullchain.pem and privkey.pem)"
        [[ -r ${!var} ]] || pg_die "$var ${!var} is not a readable file (uid $(id -u), groups $(id -G); certificates are readable by certgroup, gid 9999)"
    done
    if [[ -n ${POSTGRES_SSL_CA_FILE:-} && ! -r $POSTGRES_SSL_CA_FILE ]]; then
        pg_die "POSTGRES_SSL_CA_FILE $POSTGRES_SSL_CA_FILE is not a readable file"
    fi
    export POSTGRES_SSL_CERT_FILE POSTGRES_SSL_KEY_FILE
}

pg_cluster_exists() {
    [[ -s $PGDATA/PG_VERSION ]]
}

# The password, from the file (first line, without its newline) or the variable; printed, or put in the
# variable named by the argument (no subshell); never logged.
pg_password() { # [variable]
    local _pg_pw=
    if [[ -n ${POSTGRES_PASSWORD_FILE:-} ]]; then
        IFS= read -r _pg_pw <"$POSTGRES_PASSWORD_FILE" || [[ -n $_pg_pw ]]
        _pg_pw=${_pg_pw%$'\r'}
    else
        _pg_pw=${POSTGRES_PASSWORD:-}
    fi
    if [[ $# -gt 0 ]]; then
        printf -v "$1" '%s' "$_pg_pw"
    else
        printf '%s' "$_pg_pw"
    fi
}

# POSTGRES_SETTING_max_connections -> max_connections; POSTGRES_SETTING_cron__log_run -> cron.log_run; into
# the variable named by the second argument.
pg_setting_name() { # variable-name result-variable
    local _pg_setting=${1#POSTGRES_SETTING_}
    _pg_setting=${_pg_setting//__/.}
    [[ $_pg_setting =~ ^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$ ]] ||
        pg_die "malformed setting $1: expected POSTGRES_SETTING_<name> or POSTGRES_SETTING_<prefix>__<name>"
    printf -v "$2" '%s' "$_pg_setting"
}
