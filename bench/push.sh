#!/usr/bin/env bash
# `poststack push` of the whole manifest (images.yaml: base-debian, postgres, postgres-gis, postgres-citus when its
# source can be had, jre, liquibase) to a registry on 127.0.0.1 (Debian's docker-registry, TLS from a CA made here,
# basic auth), first into an empty registry and then again (nothing changed: no layer should be sent), with the
# bytes sent and skipped from the build report and the registry's storage growth; and in the same run, the Jib
# image liquibase pushed daemonless by poststack into a fresh repository (its parents there first; its own push
# timed alone) next to `docker push` of the same local image into another fresh repository of the same registry.
#
#   bench/push.sh            one first push, one second push, one docker push
#
# Environment:
#   KEEP=1 keep the work folder (the registry's storage and logs)
#
# Images are built first (normally all cached). The registry, its certificate in /etc/docker/certs.d/127.0.0.1:PORT/
# and the registry's tags in the engine are removed at exit.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

PROJECT=bench-push-$$
LIQUIBASE_TAG=bench-push
ensure_engine
ensure_mmdebstrap
ensure_registry_tools
ensure_jar
require_tool jq jq

begin_project_run push
copy_project "$LIQUIBASE_TAG"
reg=$work/registry
mkdir -p "$reg/storage"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
host=127.0.0.1:$port
certs=/etc/docker/certs.d/$host

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=poststack bench CA" \
    -keyout "$reg/ca.key" -out "$reg/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$reg/server.key" -out "$reg/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$reg/server.ext"
openssl x509 -req -in "$reg/server.csr" -CA "$reg/ca.crt" -CAkey "$reg/ca.key" -CAcreateserial -days 1 \
    -extfile "$reg/server.ext" -out "$reg/server.crt" 2>/dev/null
(umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$reg/password")
# The password goes to htpasswd on stdin, never on a command line.
htpasswd -iBn bench <"$reg/password" >"$reg/htpasswd" 2>/dev/null
cat >"$reg/config.yml" <<YAML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $reg/storage}}
http:
  addr: $host
  tls: {certificate: $reg/server.crt, key: $reg/server.key}
auth:
  htpasswd: {realm: poststack-bench, path: $reg/htpasswd}
YAML
mkdir -p "$certs"
cp "$reg/ca.crt" "$certs/ca.crt"
docker-registry serve "$reg/config.yml" >"$results/registry.log" 2>&1 &
registry_pid=$!
cleanup_registry() {
    kill "$registry_pid" 2>/dev/null || true
    rm -rf "$certs"
    docker images --format '{{.Repository}}:{{.Tag}}' | grep "^$host/" | xargs -r docker rmi >/dev/null 2>&1 || true
    end_project_run
}
trap cleanup_registry EXIT
for _ in $(seq 100); do
    curl -fs --cacert "$reg/ca.crt" -u "bench:$(cat "$reg/password")" "https://$host/v2/" >/dev/null && break
    sleep 0.1
done
export POSTSTACK_REGISTRY_USER=bench POSTSTACK_REGISTRY_PASSWORD_FILE=$reg/password
{
    echo "date: $stamp"
    echo "registry: docker-registry $(dpkg-query -W -f '${Version}' docker-registry 2>/dev/null) on $host (TLS, basic auth)"
    echo "engine: Docker $(docker version --format '{{.Server.Version}}')"
    machine_lines
} >"$results/env.txt"
cat "$results/env.txt" >&2

stored() { du -sb "$reg/storage" | cut -f1; }
report_sum() { # field -> sum over the pushed images of the last report
    jq "[.images[] | select(.push != null) | .push.$1] | add // 0" "$project/logs/build-report.json"
}

say "build-images (what is not cached is built first)"
pstack build.log build-images

timed_push() { # n -> push_s, push_sent, push_skipped, push_stored (storage growth); report kept as push<n>-report.json
    local s0 t0 t1
    s0=$(stored)
    t0=$(now)
    pstack "push$1.log" push --registry "$host"
    t1=$(now)
    push_s=$(elapsed "$t0" "$t1")
    push_sent=$(report_sum bytesSent)
    push_skipped=$(report_sum bytesSkipped)
    push_stored=$(($(stored) - s0))
    cp "$project/logs/build-report.json" "$results/push$1-report.json"
}

say "push 1: into the empty registry"
timed_push 1
first_s=$push_s first_sent=$push_sent first_skipped=$push_skipped first_stored=$push_stored

say "push 2: nothing changed"
timed_push 2
second_s=$push_s second_sent=$push_sent second_skipped=$push_skipped

say "Jib: liquibase alone into a fresh repository (its parents' pushes there come first)"
pstack jib-side.log push liquibase --registry "$host/jib-side"
cp "$project/logs/build-report.json" "$results/jib-side-report.json"
jib_s=$(jq '.images[] | select(.name == "liquibase") | .push.seconds' "$results/jib-side-report.json")
jib_sent=$(jq '.images[] | select(.name == "liquibase") | .push.bytesSent' "$results/jib-side-report.json")

say "docker push of the same liquibase image into a fresh repository"
ns=$(awk '/^  namespace:/ { print $2; exit }' "$project/images.yaml")
docker tag "$ns/liquibase:$LIQUIBASE_TAG" "$host/bench-docker/liquibase:$LIQUIBASE_TAG"
mkdir -p "$work/docker-config"
printf '{"auths":{"%s":{"auth":"%s"}}}' "$host" "$(printf 'bench:%s' "$(cat "$reg/password")" | base64 -w0)" \
    >"$work/docker-config/config.json"
chmod 600 "$work/docker-config/config.json"
s0=$(stored)
t0=$(now)
DOCKER_CONFIG=$work/docker-config docker push "$host/bench-docker/liquibase:$LIQUIBASE_TAG" >"$results/docker-push.log" 2>&1 ||
    { tail -n 20 "$results/docker-push.log" >&2; exit 1; }
t1=$(now)
docker_s=$(elapsed "$t0" "$t1")
docker_stored=$(($(stored) - s0))
docker_new_layers=$(grep -c ': Pushed$' "$results/docker-push.log" || true)

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
{
    printf '\n%-52s %10s %12s %12s\n' "push to $host" "seconds" "MB sent" "MB skipped"
    printf '%-52s %10s %12s %12s\n' "poststack push, whole manifest, first" "$first_s" "$(mb "$first_sent")" "$(mb "$first_skipped")"
    printf '%-52s %10s %12s %12s\n' "poststack push, whole manifest, second" "$second_s" "$(mb "$second_sent")" "$(mb "$second_skipped")"
    printf '%-52s %10s\n' "registry storage growth, first push (MB)" "$(mb "$first_stored")"
    printf '\n%-52s %10s %12s\n' "liquibase image, pushed after its parents" "seconds" "MB stored"
    printf '%-52s %10s %12s\n' "poststack push, Jib daemonless, fresh repository" "$jib_s" "$(mb "$jib_sent")"
    printf '%-52s %10s %12s   (%s layers pushed)\n' "docker push, fresh repository" "$docker_s" "$(mb "$docker_stored")" "$docker_new_layers"
    printf '\nload: %s\n' "$(uptime)"
} | tee "$results/summary.txt"

summary_item push_first_s "$first_s" "no target"
summary_item push_first_mb_sent "$(mb "$first_sent")" "no target"
summary_item push_second_mb_sent "$(mb "$second_sent")" "$([[ $second_sent == 0 ]] && echo pass || echo FAIL)"
summary_item push_second_s "$second_s" "no target"
summary_item jib_liquibase_push_s "$jib_s" "no target"
summary_item docker_liquibase_push_s "$docker_s" "no target"
echo "SUMMARY: $(summary_items)"
