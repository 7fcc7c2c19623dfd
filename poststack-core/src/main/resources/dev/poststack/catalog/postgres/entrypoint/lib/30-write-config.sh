#!/usr/bin/env bash
# Step 30: writes the server settings on every start and checks them with `postgres -C` before the
# server starts, so a bad setting ends the container with its name.
#
#   $PGDATA/conf.d/poststack.conf      listen_addresses, shared_preload_libraries, cron.database_name,
#                                      cron.host; archive_mode/archive_command with POSTGRES_BACKUP_STANZA
#                                      (33-write-backup-config.sh); with Citus and TLS on, citus.node_conninfo sslmode=require
#   $PGDATA/conf.d/poststack-env.conf  one line per POSTGRES_SETTING_<name>=value (__ for a dot)
#   $PGDATA/conf.d/poststack-hba.conf  included first by pg_hba.conf: with POSTGRES_SSL_REQUIRE=on it
#                                      refuses TCP connections without TLS
#   $PGDATA/tls/server.{crt,key}       POSTGRES_SSL=on: copies of the given certificate and key (mode 600,
#                                      owned by the server's uid, as the server demands of a key);
#                                      self-signed: made on the first start
#
# postgresql.conf includes them around /etc/postgresql/conf.d/*.conf (see 20-init-cluster.sh).

pg_write_config() {
    local conf=$PGDATA/conf.d libs=pg_cron,pg_squeeze,pg_stat_statements
    mkdir -p "$conf"
    # Citus must be the first preloaded library when it is installed.
    if pg_has_citus; then
        libs=citus,$libs
    fi
    {
        printf '%s\n' \
            '# Written by poststack-postgres on every start; override in POSTGRES_SETTING_* or /etc/postgresql/conf.d.' \
            "listen_addresses = '*'" \
            "shared_preload_libraries = '$libs'" \
            "cron.database_name = '$(pg_quote "$POSTGRES_DB")'" \
            "# pg_cron runs jobs over the Unix socket (peer auth): TCP needs a password it does not have." \
            "cron.host = '/var/run/postgresql'"
        # Citus connects node to node (and to itself) with libpq: over TLS too when this server has it, so a
        # cluster whose nodes require TLS (POSTGRES_SSL_REQUIRE=on) can reach itself.
        if pg_has_citus && [[ ${POSTGRES_SSL:-off} != off ]]; then
            printf '%s\n' "citus.node_conninfo = 'sslmode=require'"
        fi
        pg_backup_settings
    } >"$conf/poststack.conf"
    pg_write_tls_config "$conf"

    local name setting value
    {
        printf '%s\n' '# Written by poststack-postgres on every start from POSTGRES_SETTING_* variables.'
        for name in $(compgen -e); do
            [[ $name == POSTGRES_SETTING_* ]] || continue
            setting=$(pg_setting_name "$name")
            value=${!name}
            [[ $value != *$'\n'* ]] || pg_die "setting $setting ($name): the value must be one line"
            printf "%s = '%s'\n" "$setting" "$(pg_quote "$value")"
        done
    } >"$conf/poststack-env.conf"

    pg_check_config "$@"
}

pg_write_tls_config() { # conf.d folder
    local tls=$PGDATA/tls
    {
        printf '%s\n' '# Written by poststack-postgres on every start from POSTGRES_SSL_REQUIRE.'
        if [[ $POSTGRES_SSL_REQUIRE == on ]]; then
            printf '%s\n' 'hostnossl  all  all  all  reject'
        fi
    } >"$1/poststack-hba.conf"
    # A cluster made before TLS support has no include line: it goes first, once.
    if ! grep -q '^include_if_exists conf.d/poststack-hba.conf' "$PGDATA/pg_hba.conf"; then
        sed -i '1i include_if_exists conf.d/poststack-hba.conf' "$PGDATA/pg_hba.conf"
    fi
    case $POSTGRES_SSL in
        off) return 0 ;;
        on)
            (umask 077 && mkdir -p "$tls" && cat "$POSTGRES_SSL_CERT_FILE" >"$tls/server.crt.new" &&
                cat "$POSTGRES_SSL_KEY_FILE" >"$tls/server.key.new") ||
                pg_die "cannot copy the TLS certificate and key into $tls"
            mv "$tls/server.crt.new" "$tls/server.crt"
            mv "$tls/server.key.new" "$tls/server.key"
            ;;
        self-signed)
            if [[ ! -s $tls/server.key || ! -s $tls/server.crt ]]; then
                (umask 077 && mkdir -p "$tls" && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
                    -nodes -days 3650 -subj "/CN=$(hostname)" -addext "subjectAltName=DNS:$(hostname),DNS:localhost,IP:127.0.0.1" \
                    -keyout "$tls/server.key" -out "$tls/server.crt" 2>/dev/null) ||
                    pg_die "openssl could not make a self-signed certificate in $tls"
                pg_log "made a self-signed TLS certificate (CN $(hostname)) in $tls/server.crt, for development"
            fi
            ;;
    esac
    {
        printf '%s\n' "ssl = on" "ssl_cert_file = '$(pg_quote "$tls")/server.crt'" "ssl_key_file = '$(pg_quote "$tls")/server.key'"
        if [[ -n ${POSTGRES_SSL_CA_FILE:-} ]]; then
            printf "ssl_ca_file = '%s'\n" "$(pg_quote "$POSTGRES_SSL_CA_FILE")"
        fi
    } >>"$1/poststack.conf"
}

# Whether Citus is installed (postgres-citus).
pg_has_citus() {
    [[ -e /usr/lib/postgresql/${PG_MAJOR:-17}/lib/citus.so ]]
}

# Doubles single quotes for a postgresql.conf string.
pg_quote() {
    printf '%s' "${1//\'/\'\'}"
}

# postgres -C reads every configuration file as the server would, with the command's options (-c name=value),
# and fails on an unknown parameter or an invalid value, naming it.
pg_check_config() {
    local out
    if ! out=$(postgres "$@" -D "$PGDATA" -C shared_preload_libraries 2>&1 >/dev/null); then
        printf '%s\n' "$out" | grep -v '^$' | sed 's/^/poststack-postgres: /' >&2
        # A cluster initialised by this start is removed, so the next start initialises it again.
        if [[ ${PG_FRESH_CLUSTER:-0} -eq 1 ]]; then
            pg_clear_failed_cluster
        fi
        pg_die "invalid server configuration (see the line above naming the setting)"
    fi
}
