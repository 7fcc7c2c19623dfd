#!/usr/bin/env bash
# Step 30: writes the server settings on every start and checks them with `postgres -C` before the
# server starts, so a bad setting ends the container with its name.
#
#   $PGDATA/conf.d/poststack.conf      listen_addresses, shared_preload_libraries, cron.database_name,
#                                      cron.host, log_line_prefix; archive_mode/archive_command with POSTGRES_BACKUP_STANZA
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
    local conf=$PGDATA/conf.d libs=pg_cron,pg_squeeze,pg_stat_statements db
    [[ -d $conf ]] || mkdir -p "$conf"
    # Citus must be the first preloaded library when it is installed.
    if pg_has_citus; then
        libs=citus,$libs
    fi
    pg_quote db "$POSTGRES_DB"
    {
        printf '%s\n' \
            '# Written by poststack-postgres on every start; override in POSTGRES_SETTING_* or /etc/postgresql/conf.d.' \
            "listen_addresses = '*'" \
            "shared_preload_libraries = '$libs'" \
            "cron.database_name = '$db'" \
            "# pg_cron runs jobs over the Unix socket (peer auth): TCP needs a password it does not have." \
            "cron.host = '/var/run/postgresql'" \
            "# Time, process and, for sessions, user@database: what pgBadger (poststack log-report) reads." \
            "log_line_prefix = '%m [%p] %q%u@%d '"
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
        for name in "${!POSTGRES_SETTING_@}"; do
            pg_setting_name "$name" setting
            value=${!name}
            [[ $value != *$'\n'* ]] || pg_die "setting $setting ($name): the value must be one line"
            pg_quote value "$value"
            printf "%s = '%s'\n" "$setting" "$value"
        done
    } >"$conf/poststack-env.conf"

    pg_check_config "$@"
}

pg_write_tls_config() { # conf.d folder
    local tls=$PGDATA/tls tls_quoted ca line
    {
        printf '%s\n' '# Written by poststack-postgres on every start from POSTGRES_SSL_REQUIRE.'
        if [[ $POSTGRES_SSL_REQUIRE == on ]]; then
            printf '%s\n' 'hostnossl  all  all  all  reject'
        fi
    } >"$1/poststack-hba.conf"
    # A cluster made before TLS support has no include line: it goes first, once. (Read by bash: a grep
    # would be one more fork on every start.)
    local included=0
    while IFS= read -r line || [[ -n $line ]]; do
        if [[ $line == 'include_if_exists conf.d/poststack-hba.conf'* ]]; then
            included=1
            break
        fi
    done <"$PGDATA/pg_hba.conf"
    if [[ $included -eq 0 ]]; then
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
    pg_quote tls_quoted "$tls"
    {
        printf '%s\n' "ssl = on" "ssl_cert_file = '$tls_quoted/server.crt'" "ssl_key_file = '$tls_quoted/server.key'"
        if [[ -n ${POSTGRES_SSL_CA_FILE:-} ]]; then
            pg_quote ca "$POSTGRES_SSL_CA_FILE"
            printf "ssl_ca_file = '%s'\n" "$ca"
        fi
    } >>"$1/poststack.conf"
}

# Whether Citus is installed (postgres-citus).
pg_has_citus() {
    [[ -e /usr/lib/postgresql/${PG_MAJOR:-17}/lib/citus.so ]]
}

# Doubles single quotes for a postgresql.conf string; into the variable named by the first argument.
pg_quote() { # variable value
    printf -v "$1" '%s' "${2//\'/\'\'}"
}

# postgres -C reads every configuration file as the server would, with the command's options (-c name=value),
# and fails on an unknown parameter or an invalid value, naming it. It costs a postgres start (~40 ms, far
# more on a busy host), so a start whose inputs to it are the very ones of the last successful check skips
# it: those inputs are the server's version and packages (PG_SERVER_STAMP, written when the image is built),
# the command's options and every configuration file it reads (see pg_config_key).
PG_SERVER_STAMP=${PG_SERVER_STAMP:-${BASH_SOURCE[0]%/*}/server-stamp}

pg_check_config() {
    local out key='' last='' checked=$PGDATA/conf.d/.poststack-config-checked
    if pg_config_key key "$@" && [[ -f $checked && -O $checked ]]; then
        IFS= read -r -d '' last <"$checked" || true
        [[ $last != "$key" ]] || return 0
    fi
    if ! out=$(postgres "$@" -D "$PGDATA" -C shared_preload_libraries 2>&1 >/dev/null); then
        printf '%s\n' "$out" | grep -v '^$' | sed 's/^/poststack-postgres: /' >&2
        # A cluster initialised by this start is removed, so the next start initialises it again.
        if [[ ${PG_FRESH_CLUSTER:-0} -eq 1 ]]; then
            pg_clear_failed_cluster
        fi
        pg_die "invalid server configuration (see the line above naming the setting)"
    fi
    if [[ -n $key ]]; then
        printf '%s' "$key" >"$checked"
    elif [[ -e $checked ]]; then
        rm -f "$checked"
    fi
}

# What `postgres -C` reads, as one text, into the variable named by the first argument: the server stamp,
# the command's options, postgresql.conf, postgresql.auto.conf, conf.d/*.conf and /etc/postgresql/conf.d/*.conf
# (what the lines of 20-init-cluster.sh include), each file with its name. Read by bash alone, without a
# fork. Fails (so the check runs) without a stamp, when an option names another configuration file, or when
# a file includes one this does not read.
pg_config_key() { # variable postgres-options...
    local _pg_key _pg_file _pg_text _pg_ours
    # Bytes, not characters, for the matching below.
    local LC_ALL=C
    [[ -r $PG_SERVER_STAMP ]] || return 1
    case " ${*:2} " in
        *config_file* | *include*) return 1 ;;
    esac
    IFS= read -r -d '' _pg_text <"$PG_SERVER_STAMP" || true
    printf -v _pg_key 'stamp\n%s\noptions' "$_pg_text"
    for _pg_text in "${@:2}"; do
        printf -v _pg_key '%s %q' "$_pg_key" "$_pg_text"
    done
    local include_pattern=$'(^|\n)[ \t]*include'
    for _pg_file in "$PGDATA/postgresql.conf" "$PGDATA/postgresql.auto.conf" "$PGDATA"/conf.d/*.conf \
        /etc/postgresql/conf.d/*.conf; do
        [[ -e $_pg_file ]] || continue
        _pg_text=
        IFS= read -r -d '' _pg_text <"$_pg_file" || true
        # The three include lines of 20-init-cluster.sh are followed here; any other include is not.
        _pg_ours=${_pg_text//$'\n'"include_if_exists = 'conf.d/poststack.conf'"/}
        _pg_ours=${_pg_ours//$'\n'"include_dir = '/etc/postgresql/conf.d'"/}
        _pg_ours=${_pg_ours//$'\n'"include_if_exists = 'conf.d/poststack-env.conf'"/}
        [[ ! $_pg_ours =~ $include_pattern ]] || return 1
        printf -v _pg_key '%s\n== %s\n%s' "$_pg_key" "$_pg_file" "$_pg_text"
    done
    printf -v "$1" '%s' "$_pg_key"
}
