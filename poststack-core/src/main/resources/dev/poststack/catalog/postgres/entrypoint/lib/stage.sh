#!/usr/bin/env bash
# The stage on PGDATA's own file system where a restore (poststack-backup) or a major-version upgrade
# (poststack-upgrade, in the postgres-upgrade image) keeps the old data aside: $PGDATA/.poststack-restore,
# with old/ (the data as it was) and new/ (what replaces it). Moves between them are renames, not copies.
# Sourced by those scripts, not by the entrypoint.

STAGE=$PGDATA/.poststack-restore

# Entries of $1 that belong to the cluster: not the stage, the volume's password record or lost+found.
cluster_entries() {
    find "$1" -mindepth 1 -maxdepth 1 ! -name .poststack-restore ! -name .poststack-password ! -name lost+found
}

move_entries() { # from to
    local entry
    while IFS= read -r entry; do
        mv "$entry" "$2/"
    done < <(cluster_entries "$1")
}

# The data in PGDATA goes and the old data comes back (what a failed restore or upgrade leaves).
put_back() {
    [[ -d $STAGE/old ]] || pg_die "no old data in $STAGE/old to put back"
    cluster_entries "$PGDATA" | while IFS= read -r entry; do rm -rf "$entry"; done
    move_entries "$STAGE/old" "$PGDATA"
    rm -rf "$STAGE"
}
