#!/usr/bin/env bash
# HEALTHCHECK: healthy when the server answers a query on its Unix socket (as the postgres OS user,
# peer authentication), not merely when a port is open. The temporary server of the first
# initialisation uses a private socket, so the container is not healthy before it is ready.
set -euo pipefail
# A container started as root runs its server as postgres (the entrypoint steps down): so does the check,
# as the socket's peer authentication admits only that OS user.
if [[ $EUID -eq 0 ]]; then
    exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$0" "$@"
fi
export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-3}
# The same names as the entrypoint's: the variable, or the file its _FILE variant names.
user=${POSTGRES_USER:-}
[[ -n $user || -z ${POSTGRES_USER_FILE:-} ]] || user=$(<"$POSTGRES_USER_FILE")
user=${user:-postgres}
db=${POSTGRES_DB:-}
[[ -n $db || -z ${POSTGRES_DB_FILE:-} ]] || db=$(<"$POSTGRES_DB_FILE")
db=${db:-$user}
answer=$(psql -X -tAq --host=/var/run/postgresql --username="$user" --dbname="$db" \
    --command='select 1' 2>&1) || { printf 'unhealthy: %s\n' "$answer"; exit 1; }
[[ $answer == 1 ]] || { printf 'unhealthy: unexpected answer %s\n' "$answer"; exit 1; }
echo healthy
