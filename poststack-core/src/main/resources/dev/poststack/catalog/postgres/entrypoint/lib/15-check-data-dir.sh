#!/usr/bin/env bash
# Step 15: makes sure PGDATA can be used before anything is started, and heals an interrupted first
# initialisation.
#
# The first initialisation writes $PGDATA/.poststack-initialising before initdb and removes it after the
# init scripts ran (see 20-init-cluster.sh and 40-run-initdb-scripts.sh). A start that finds it knows an
# earlier one was interrupted (a killed container, Ctrl-C of `up`) on a volume that holds nothing but
# what that initialisation wrote: it removes that and starts over. Every data directory that cannot be
# used ends the container at once with one line saying why.

PG_INIT_MARKER_NAME=.poststack-initialising

# The marker's path, in the variable named by the argument (no subshell: every fork costs on a busy host).
pg_init_marker() { # variable
    printf -v "$1" '%s/%s' "$PGDATA" "$PG_INIT_MARKER_NAME"
}

pg_check_data_dir() {
    local marker uid=$EUID version
    pg_init_marker marker
    if [[ -e $marker ]]; then
        pg_log "an earlier initialisation of $PGDATA was interrupted before it finished; starting it over"
        pg_clear_failed_cluster
    fi
    if [[ ! -d $PGDATA ]]; then
        mkdir -p "$PGDATA" 2>/dev/null ||
            pg_die "cannot create PGDATA $PGDATA as uid $uid: its parent is not writable (mount a volume there, or a folder owned by uid $uid)"
    fi
    if [[ ! -O $PGDATA ]]; then
        local owner
        owner=$(stat -c %u "$PGDATA")
        pg_die "PGDATA $PGDATA is owned by uid $owner, but the server runs as uid $uid: chown -R $uid $PGDATA on the host, run with --user $owner, or start as root (the entrypoint then fixes the owner)"
    fi
    [[ -w $PGDATA && -x $PGDATA ]] || pg_die "PGDATA $PGDATA is not writable by uid $uid (mode $(stat -c %a "$PGDATA"))"
    chmod 700 "$PGDATA" 2>/dev/null || true
    if pg_cluster_exists; then
        version=$(<"$PGDATA/PG_VERSION")
        [[ $version == "${PG_MAJOR:-17}" ]] ||
            pg_die "PGDATA $PGDATA holds a PostgreSQL $version cluster, this image runs PostgreSQL ${PG_MAJOR:-17}: upgrade it with poststack upgrade --to ${PG_MAJOR:-17} (pg_upgrade) or use a fresh volume"
        [[ -e $PGDATA/global/pg_control ]] ||
            pg_die "PGDATA $PGDATA has PG_VERSION but no global/pg_control: it is not a usable cluster; restore it from a backup or use a fresh volume"
    elif [[ -n $(find "$PGDATA" -mindepth 1 -maxdepth 1 ! -name lost+found -print -quit) ]]; then
        pg_die "PGDATA $PGDATA is not empty but holds no cluster (no PG_VERSION); empty it, use a fresh volume, or set PGDATA to a subfolder of the mount point"
    fi
}

# What a first initialisation wrote goes (lost+found of a mount point stays), so the next start begins
# again; a separate WAL folder named by POSTGRES_INITDB_WALDIR too.
pg_clear_failed_cluster() {
    local waldir=${POSTGRES_INITDB_WALDIR:-} marker
    pg_init_marker marker
    if [[ -s $marker ]]; then
        waldir=$(<"$marker")
    fi
    if [[ -n $waldir && -d $waldir ]]; then
        find "$waldir" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
    fi
    find "$PGDATA" -mindepth 1 -maxdepth 1 ! -name lost+found ! -name "$PG_INIT_MARKER_NAME" -exec rm -rf {} +
    rm -f "$marker"
}
