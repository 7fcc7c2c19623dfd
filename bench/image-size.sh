#!/usr/bin/env bash
# Disk size of the postgres + postgres-gis pair: built by `./poststack build-images postgres-gis`
# vs plain hand-written Dockerfiles (bench/plain/postgres, bench/plain/postgres-gis) on a plain
# `mmdebstrap --variant=minbase` base imported with `docker import`. See bench/README.md.
#
#   bench/image-size.sh            build both sides (cached when nothing changed) and compare
#
# Environment:
#   SUITE       Debian suite of the base image (default trixie)
#   REBUILD=1   remove both sides' images first (default: reuse them when present)
#   KEEP=1      keep the work folder (default: removed at exit)
#
# Talks only to the local Docker engine. Tags: bench-plain/size-* for the plain side and
# bench-size/* (a copy of images.yaml with defaults.namespace: bench-size) for poststack, so it
# never touches the images of bench/build-images.sh or anyone else's.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

SUITE=${SUITE:-trixie}
PLAIN=bench-plain/size
PS_NS=bench-size
PLAIN_LABEL=dev.poststack.bench=plain-size
TARGET_RATIO=0.6

ensure_engine
ensure_mmdebstrap
ensure_jar
command -v tar >/dev/null && command -v awk >/dev/null

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=$repo/bench/results/size-$stamp
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/var/tmp}/poststack-size.XXXXXX")
cleanup() {
    if [[ ${KEEP:-0} == 1 ]]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
{
    echo "date: $stamp"
    echo "suite: $SUITE"
    machine_lines
    echo "storage driver: $(docker info --format '{{.Driver}}' 2>/dev/null)"
} >"$results/env.txt"

remove_refs() { # reference prefix
    local refs
    mapfile -t refs < <(docker images --format '{{.Repository}}:{{.Tag}}' | grep "^$1" || true)
    ((${#refs[@]} == 0)) || docker rmi -f "${refs[@]}" >/dev/null
}
if [[ ${REBUILD:-0} == 1 ]]; then
    say "removing both sides' images"
    remove_refs "$PLAIN-"
    remove_refs "$PS_NS/"
fi

# ---------------------------------------------------------------------------------------------
# plain: mmdebstrap + docker import, then the two hand-written Dockerfiles.
plain_build() { # name context base
    docker build -q --network host --label "$PLAIN_LABEL" --build-arg "BASE=$3" -t "$PLAIN-$1:latest" "$2" \
        >>"$results/plain-build.log" 2>&1 ||
        { tail -n 30 "$results/plain-build.log" >&2; echo "docker build of $1 failed" >&2; exit 1; }
}
if ! docker image inspect "$PLAIN-base-debian:latest" >/dev/null 2>&1; then
    say "plain: mmdebstrap --variant=minbase $SUITE + docker import"
    mmdebstrap --quiet --variant=minbase "$SUITE" "$work/rootfs.tar" >"$results/plain-mmdebstrap.log" 2>&1 ||
        { tail -n 20 "$results/plain-mmdebstrap.log" >&2; exit 1; }
    docker import "$work/rootfs.tar" "$PLAIN-base-debian:latest" >/dev/null
    rm -f "$work/rootfs.tar"
fi
say "plain: docker build postgres, postgres-gis"
plain_build postgres "$repo/bench/plain/postgres" "$PLAIN-base-debian:latest"
plain_build postgres-gis "$repo/bench/plain/postgres-gis" "$PLAIN-postgres:latest"

# ---------------------------------------------------------------------------------------------
# poststack: a copy of the manifest with its own namespace (the same edit as bench/build-images.sh).
ps=$work/poststack
mkdir -p "$ps"
[[ -d $repo/liquibase ]] && cp -a "$repo/liquibase" "$ps/liquibase"
sed -E "s/^([[:space:]]+)namespace:.*/\\1namespace: $PS_NS/" "$repo/images.yaml" >"$ps/images.yaml"
grep -qE "^[[:space:]]+namespace: $PS_NS\$" "$ps/images.yaml" ||
    { echo "could not set defaults.namespace in the manifest copy" >&2; exit 1; }
say "poststack: build-images postgres-gis"
(cd "$ps" && "$repo/poststack" build-images postgres-gis >"$results/poststack.log" 2>&1) ||
    { tail -n 30 "$results/poststack.log" >&2; echo "poststack build-images failed" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Sizes. `docker save` writes every layer once, as an uncompressed tar of exactly the files the
# layer holds, even when several of the saved images share it; the sum of the regular
# `layer.tar` entries (duplicates would be symlinks) is the disk the images take together,
# shared layers counted once.
say "measuring (docker save | tar -tv)"
saved_bytes() { # image... -> bytes of the unique layers
    docker save "$@" | tar -tvf - | awk '$1 ~ /^-/ && $NF ~ /layer\.tar$/ { s += $3 } END { printf "%d\n", s }'
}
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1000000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row() { # what plain_bytes poststack_bytes with_target
    local r
    r=$(ratio "$3" "$2")
    printf '%-36s | %10s | %14s | %5s | %-12s | %s\n' "$1" "$(mb "$2")" "$(mb "$3")" "$r" \
        "$([[ $4 == 1 ]] && echo "ratio <= $TARGET_RATIO" || echo -)" "$([[ $4 == 1 ]] && verdict "$r" "$TARGET_RATIO" || echo -)"
    [[ $4 == 1 ]] && summary_item "$1 (ratio <= $TARGET_RATIO)" "$r" "$(verdict "$r" "$TARGET_RATIO")"
    return 0
}
p_pg=$(saved_bytes "$PLAIN-postgres:latest")
p_gis=$(saved_bytes "$PLAIN-postgres-gis:latest")
p_pair=$(saved_bytes "$PLAIN-postgres:latest" "$PLAIN-postgres-gis:latest")
q_pg=$(saved_bytes "$PS_NS/postgres:latest")
q_gis=$(saved_bytes "$PS_NS/postgres-gis:latest")
q_pair=$(saved_bytes "$PS_NS/postgres:latest" "$PS_NS/postgres-gis:latest")
p_base=$(saved_bytes "$PLAIN-base-debian:latest")
q_base=$(saved_bytes "$PS_NS/base-debian:latest")
printf '%s\n' "plain $p_base $p_pg $p_gis $p_pair" "poststack $q_base $q_pg $q_gis $q_pair" \
    | sed '1i # side base_bytes postgres_bytes postgres_gis_bytes pair_bytes' >"$results/sizes.txt"
{
    printf '%-36s | %10s | %14s | %5s | %-12s | %s\n' "image (MB, base included)" plain poststack ratio target pass/fail
    printf '%s\n' "-------------------------------------+------------+----------------+-------+--------------+----------"
    row "base-debian" "$p_base" "$q_base" 0
    row "postgres" "$p_pg" "$q_pg" 0
    row "postgres-gis" "$p_gis" "$q_gis" 0
    row "postgres-gis layers only" "$((p_gis - p_pg))" "$((q_gis - q_pg))" 0
    row "pair postgres + postgres-gis" "$p_pair" "$q_pair" 1
} | tee "$results/summary.txt"
echo "engine's own sizes (docker image inspect .Size, MB): plain $(mb "$(docker image inspect -f '{{.Size}}' "$PLAIN-postgres-gis:latest")"), poststack $(mb "$(docker image inspect -f '{{.Size}}' "$PS_NS/postgres-gis:latest")") for postgres-gis" \
    | tee -a "$results/summary.txt"

# ---------------------------------------------------------------------------------------------
# What poststack leaves out, measured in the postgres-gis image of each side (kB, du -sk).
say "what poststack removed (measured in each side's postgres-gis)"
# shellcheck disable=SC2016 # expanded by the sh in the container
du_script='
    k() { du -sk "$@" 2>/dev/null | awk "{ s += \$1 } END { print s + 0 }"; }
    docs=$(find /usr/share/doc -type f ! -name copyright -print0 | du -sk --files0-from=- -c 2>/dev/null | tail -n 1 | cut -f1)
    echo "docs ${docs:-0}"
    echo "man $(k /usr/share/man /usr/share/info)"
    echo "locale $(k /usr/share/locale)"
    echo "debs $(k /var/cache/apt/archives/*.deb /var/cache/apt/*.bin)"
    echo "lists $(k /var/lib/apt/lists)"
    echo "cluster $(k /var/lib/postgresql/17/main /etc/postgresql/17/main)"
'
measure() { docker run --rm --user 0 --entrypoint sh "$1" -c "$du_script"; }
measure "$PLAIN-postgres-gis:latest" >"$work/rm-plain"
measure "$PS_NS/postgres-gis:latest" >"$work/rm-ps"
why() {
    case $1 in
        docs) echo "/usr/share/doc except copyright: changelogs, READMEs; nothing reads them at run time" ;;
        man) echo "man and info pages: no man reader in the image" ;;
        locale) echo "message translations: the server logs in English (lc_messages C)" ;;
        debs) echo "downloaded .debs and apt's binary caches: already installed, apt fetches again" ;;
        lists) echo "apt package lists: removed on both sides (rm -rf /var/lib/apt/lists/*)" ;;
        cluster) echo "Debian's default cluster 17/main: the container runs initdb on its own volume" ;;
    esac
}
{
    printf '\n%-8s | %10s | %10s | %s\n' "removed" "plain MB" "poststack" "why it is safe"
    printf '%s\n' "---------+------------+------------+------------------------------------------------------------"
    while read -r item kb; do
        qkb=$(awk -v i="$item" '$1 == i { print $2 }' "$work/rm-ps")
        printf '%-8s | %10s | %10s | %s\n' "$item" "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1000 }')" \
            "$(awk -v k="$qkb" 'BEGIN { printf "%.1f", k / 1000 }')" "$(why "$item")"
    done <"$work/rm-plain"
} | tee -a "$results/summary.txt"

# The largest packages left in poststack's postgres-gis (dpkg's Installed-Size, kB).
{
    printf '\nlargest packages in %s (Installed-Size, MB):\n' "$PS_NS/postgres-gis"
    docker run --rm --entrypoint dpkg-query "$PS_NS/postgres-gis:latest" -W -f '${Installed-Size} ${Package}\n' \
        | sort -rn | head -n 8 | awk '{ printf "  %7.1f  %s\n", $1 / 1000, $2 }'
    largest=$(docker run --rm --entrypoint sh "$PS_NS/postgres-gis:latest" -c 'du -k /usr/lib/x86_64-linux-gnu/libLLVM* 2>/dev/null | sort -rn | head -n 1')
    [[ -z $largest ]] || printf 'largest single file: %s MB %s (libLLVM, for JIT: a hard dependency of postgresql-17 in %s)\n' \
        "$(awk -v k="${largest%%[[:space:]]*}" 'BEGIN { printf "%.1f", k / 1000 }')" "${largest##*[[:space:]]}" "$SUITE"
} | tee -a "$results/summary.txt"
echo "raw numbers: $results" >&2
echo "SUMMARY: $(summary_items)"