#!/usr/bin/env bash
# What the postgres and postgres18 Dockerfiles run at build time, so both majors get the same user, packages and
# layout (PG_MAJOR says which):
#
#   image-setup.sh packages   the postgres user with fixed ids (999; certgroup 9999 may read mounted TLS keys),
#                             no default cluster, PostgreSQL $PG_MAJOR with pgvector, Apache AGE, pg_cron and
#                             pg_squeeze, and what the entrypoint uses (libnss-wrapper names a --user uid unknown
#                             to /etc/passwd; xz-utils and zstd unpack init scripts; pgbackrest for database.backup)
#   image-setup.sh finish     modes of the copied scripts, the server stamp, the folders the server uses, the
#                             initialised cluster first starts unpack (cluster.tar.zst, see 20-init-cluster.sh)
set -euo pipefail

packages() {
    # Fixed ids before the packages install (they reuse an existing user), so volumes keep their owner.
    groupadd --system --gid 999 postgres
    groupadd --gid 9999 certgroup
    useradd --system --uid 999 --gid postgres --groups certgroup --home-dir /var/lib/postgresql --shell /bin/bash postgres
    # No default cluster: Debian's postinst would run initdb at build time into a layer, while the container
    # initialises its own data directory on its volume at first start.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/no-main-cluster.conf
    apt-get update
    apt-get install -y --no-install-recommends \
        "postgresql-$PG_MAJOR" \
        "postgresql-$PG_MAJOR-pgvector" \
        "postgresql-$PG_MAJOR-age" \
        "postgresql-$PG_MAJOR-cron" \
        "postgresql-$PG_MAJOR-squeeze" \
        libnss-wrapper xz-utils zstd pgbackrest
    rm -rf /var/lib/apt/lists/*
}

finish() {
    chmod 755 /usr/local/bin/docker-entrypoint.sh /usr/local/bin/poststack-backup /usr/local/bin/healthcheck.sh
    chmod 644 /usr/local/lib/poststack-postgres/*.sh
    # server-stamp names the server's version and the installed packages: a restart whose configuration files,
    # options and stamp are those of the last successful settings check skips `postgres -C` (30-write-config.sh).
    { postgres -V && dpkg-query -W -f '${Package} ${Version}\n'; } >/usr/local/lib/poststack-postgres/server-stamp
    install -d -o postgres -g postgres -m 3777 /var/run/postgresql
    install -d -o postgres -g postgres -m 1733 /run/poststack-postgres
    install -d -o postgres -g postgres -m 700 /var/lib/postgresql/data
    install -d -m 755 /docker-entrypoint-initdb.d /etc/postgresql/conf.d
    install -d -o postgres -g postgres -m 700 /etc/pgbackrest
    rm -f /etc/pgbackrest.conf
    # The initialised cluster a first start unpacks instead of running initdb (20-init-cluster.sh).
    # shellcheck source=/dev/null
    source /usr/local/lib/poststack-postgres/20-init-cluster.sh
    pg_build_template
}

: "${PG_MAJOR:?PG_MAJOR must be set}"
case ${1:-} in
    packages) packages ;;
    finish) finish ;;
    *) echo "image-setup.sh: packages or finish" >&2; exit 2 ;;
esac
