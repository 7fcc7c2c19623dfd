#!/usr/bin/env bash
# HEALTHCHECK: healthy when the server answers a query on its Unix socket (as the postgres OS user,
# peer authentication), not merely when a port is open. The temporary server of the first
# initialisation uses a private socket, so the container is not healthy before it is ready.
set -euo pipefail
export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-3}
user=${POSTGRES_USER:-postgres}
answer=$(psql -X -tAq --host=/var/run/postgresql --username="$user" --dbname="${POSTGRES_DB:-$user}" \
    --command='select 1' 2>&1) || { printf 'unhealthy: %s\n' "$answer"; exit 1; }
[[ $answer == 1 ]] || { printf 'unhealthy: unexpected answer %s\n' "$answer"; exit 1; }
echo healthy
