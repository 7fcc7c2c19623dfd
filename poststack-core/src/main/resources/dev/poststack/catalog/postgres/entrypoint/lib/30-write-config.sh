#!/usr/bin/env bash
# Step 30: writes the server settings on every start and checks them with `postgres -C` before the
# server starts, so a bad setting ends the container with its name.
#
#   $PGDATA/conf.d/poststack.conf      listen_addresses, shared_preload_libraries, cron.database_name,
#                                      cron.host
#   $PGDATA/conf.d/poststack-env.conf  one line per POSTGRES_SETTING_<name>=value (__ for a dot)
#
# postgresql.conf includes them around /etc/postgresql/conf.d/*.conf (see 20-init-cluster.sh).

pg_write_config() {
    local conf=$PGDATA/conf.d libs=pg_cron,pg_squeeze,pg_stat_statements
    mkdir -p "$conf"
    # Citus must be the first preloaded library when it is installed.
    if [[ -e /usr/lib/postgresql/${PG_MAJOR:-17}/lib/citus.so ]]; then
        libs=citus,$libs
    fi
    printf '%s\n' \
        '# Written by poststack-postgres on every start; override in POSTGRES_SETTING_* or /etc/postgresql/conf.d.' \
        "listen_addresses = '*'" \
        "shared_preload_libraries = '$libs'" \
        "cron.database_name = '$(pg_quote "$POSTGRES_DB")'" \
        "# pg_cron runs jobs over the Unix socket (peer auth): TCP needs a password it does not have." \
        "cron.host = '/var/run/postgresql'" >"$conf/poststack.conf"

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

    pg_check_config
}

# Doubles single quotes for a postgresql.conf string.
pg_quote() {
    printf '%s' "${1//\'/\'\'}"
}

# postgres -C reads every configuration file as the server would and fails on an unknown parameter or
# an invalid value, naming it.
pg_check_config() {
    local out
    if ! out=$(postgres -D "$PGDATA" -C shared_preload_libraries 2>&1 >/dev/null); then
        printf '%s\n' "$out" | grep -v '^$' | sed 's/^/poststack-postgres: /' >&2
        # A cluster initialised by this start is removed, so the next start initialises it again.
        if [[ ${PG_FRESH_CLUSTER:-0} -eq 1 ]]; then
            pg_clear_failed_cluster
        fi
        pg_die "invalid server configuration (see the line above naming the setting)"
    fi
}
