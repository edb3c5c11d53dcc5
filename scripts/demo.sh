#!/usr/bin/env bash
# README's first command: the controller doing its main job on the sandboxed two-node lab
# (atlas and hermes, each with its own dockerd, zfs-fuse pool and /srv; never your own Docker
# or ZFS, never the internet). It seeds a local bare git remote from sample-repo (the stacks'
# images swapped for the lab's offline busybox image, hermes's address for the lab's), starts
# `reconciler run` on atlas against it, and walks through: first convergence (stacks, host
# paths, the dataset and its replication to hermes, vaultwarden's SOPS-encrypted secret
# decrypted with the test-only key scripts/demo-only.agekey), a pushed change, a broken commit
# rolled back to the last good one, and a `git revert`. Everything it starts is stopped on exit.
# Run as root on Debian 12 with the .NET 10 SDK.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
show() { printf '\033[2m$ %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }

if ! command -v dotnet >/dev/null; then
  echo "reconciler needs the .NET 10 SDK (dotnet) on PATH; install it, then run this again." >&2
  exit 1
fi

step "Installing the lab's Debian packages (docker.io, zfs-fuse, docker-registry, openssh-server, ...) if missing"
scripts/lab-install.sh

work=$(mktemp -d /tmp/reconciler-demo.XXXXXX)
controller=
started_lab=no
cleanup() {
  if [[ -n $controller ]]; then kill "$controller" 2>/dev/null || true; wait "$controller" 2>/dev/null || true; fi
  if [[ $started_lab == yes ]]; then scripts/lab.sh down >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step "Starting the sandboxed lab: atlas (manager, pool tank) and hermes (worker, pool backup)"
scripts/lab.sh up
started_lab=yes
eval "$(scripts/lab.sh env)"

step "Building reconciler"
dotnet publish src/Reconciler.Cli -c Release -o "$work/bin" --nologo -v quiet >/dev/null
reconciler() { show "reconciler $*"; scripts/lab.sh exec atlas env RECONCILER_STATE_DIR="$work/state" "$work/bin/reconciler" "$@"; }
on() { local node=$1; shift; show "($node) $*"; scripts/lab.sh exec "$node" "$@"; }

step "Validating sample-repo/ (a two-node homelab: atlas holds the data, hermes is stateless)"
reconciler validate sample-repo

step "A bare git remote seeded from sample-repo (images swapped for the lab's, hermes at $RECONCILER_LAB_SSH_DESTINATION)"
repo=$work/homelab
git init -q --bare "$work/remote.git"
cp -r sample-repo "$repo"
sed -i "s|address: root@10.0.0.2|address: $RECONCILER_LAB_SSH_DESTINATION|" "$repo/cluster/cluster.yaml"
# vaultwarden: the lab's image, a command instead of the real server, no curl healthcheck.
sed -i -e "s|image: vaultwarden/server:\${VAULTWARDEN_VERSION}|image: $RECONCILER_LAB_IMAGE\n    command: [\"sleep\", \"86400\"]|" \
  -e '/healthcheck:/,/retries: 3/d' "$repo/stacks/vaultwarden/compose.yaml"
sed -i -e "s|image: traefik/whoami:v1.10|image: $RECONCILER_LAB_IMAGE|" \
  -e 's|command: \["--port", "8000"\]|command: ["httpd", "-f", "-p", "8000", "-h", "/templates"]|' "$repo/stacks/whoami/compose.yaml"
git -C "$repo" init -q -b main
commit() { git -C "$repo" add -A && git -C "$repo" -c user.name=demo -c user.email=demo@reconciler.invalid commit -qm "$1" && git -C "$repo" push -q "$work/remote.git" main && show "git commit -m '$1' && git push"; }
commit "homelab from sample-repo"
find "$repo" -path "$repo/.git" -prune -o -type f -print | sed "s|$repo/|    |"

step "Starting the controller on atlas: reconciler run (poll every 10s, status on 127.0.0.1:9090)"
# The age key that decrypts vaultwarden's secret: a test-only key whose private half is public
# (scripts/demo-only.agekey). A key file must be 0600; git checks files out 0644.
install -m 0600 scripts/demo-only.agekey "$work/age.key"
cat > "$work/config.yaml" <<YAML
repository: {url: "file://$work/remote.git", branch: main, pollInterval: 10s}
stateDir: $work/state
dockerHost: $RECONCILER_LAB_DOCKER_HOST
listen: http://127.0.0.1:9090
nodes: {sshKeyFile: $RECONCILER_LAB_SSH_KEY, knownHostsFile: $RECONCILER_LAB_KNOWN_HOSTS}
# The standby in hermes's own /srv (the lab never writes to this machine's /var/lib); the failover
# readiness check asks hermes's engine and runs the reconciler this demo built (/tmp is shared).
standby: {workerStateDir: /srv/reconciler-demo, workerDockerHost: "$RECONCILER_LAB_WORKER_DOCKER_HOST", workerReconciler: "$work/bin/reconciler"}
secrets: {ageKeyFile: $work/age.key}              # decrypts the SOPS files of the repository, in memory only
YAML
sed 's/^/    /' "$work/config.yaml"
scripts/lab.sh exec atlas "$work/bin/reconciler" run --config "$work/config.yaml" > "$work/controller.log" 2>&1 &
controller=$!
note "log: $work/controller.log (shown below as it goes)"

# Waits until `reconciler status --json` (whitespace removed) matches a pattern; prints progress.
wait_for() {
  local what=$1 pattern=$2 seconds=${3:-240} seen=0
  printf '    waiting for %s ' "$what"
  for _ in $(seq 1 "$seconds"); do
    local json
    json=$(scripts/lab.sh exec atlas "$work/bin/reconciler" status --json 2>/dev/null | tr -d '\n ' || true)
    if grep -Eq "$pattern" <<<"$json"; then printf ' done\n'; return 0; fi
    printf '.'; sleep 1; seen=$((seen + 1))
  done
  printf ' timed out\n'; tail -n 30 "$work/controller.log" >&2; return 1
}

good=$(git -C "$repo" rev-parse HEAD)
wait_for "the first convergence of ${good:0:12}" "\"lastGood\":\"$good\""
grep -E 'applying|converged|FAIL' "$work/controller.log" | sed 's/^.*\] /    /' | tail -n 20
reconciler status || true
on atlas zfs list -o name,mountpoint,reconciler:managed tank/apps/vaultwarden
on atlas stat -c '%n %U:%G %a' /srv/data/vaultwarden /srv/data/vaultwarden/data /srv/cache/vaultwarden /srv/config/whoami
on hermes stat -c '%n %U:%G %a' /srv/cache/vaultwarden /srv/config/whoami
on hermes zfs list -t snapshot -o name -r backup
note "vaultwarden's admin_token is SOPS-encrypted in git; the running task reads it decrypted:"
show "git show HEAD:stacks/vaultwarden/secrets/admin_token | head -n 2"
git -C "$repo" show HEAD:stacks/vaultwarden/secrets/admin_token | head -n 2 | cut -c 1-90 | sed 's/^/    /'
task=$(scripts/lab.sh exec atlas docker -H "$RECONCILER_LAB_DOCKER_HOST" ps -q -f label=com.docker.swarm.service.name=vaultwarden_server | head -n 1)
on atlas docker -H "$RECONCILER_LAB_DOCKER_HOST" exec "${task:0:12}" cat /run/secrets/admin_token; echo

step "A pushed change: whoami 2 -> 3 replicas; \`reconciler sync\` instead of waiting for the poll (a webhook does the same)"
sed -i 's/replicas: 2/replicas: 3/' "$repo/stacks/whoami/compose.yaml"
commit "whoami: three replicas"
reconciler sync
change=$(git -C "$repo" rev-parse HEAD)
wait_for "${change:0:12} to converge" "\"lastGood\":\"$change\""
reconciler status || true

step "A broken commit: whoami's command exits at once; the controller rolls whoami back to ${change:0:12}"
sed -i 's|command: \["httpd", "-f", "-p", "8000", "-h", "/templates"\]|command: ["sh", "-c", "exit 1"]|' "$repo/stacks/whoami/compose.yaml"
commit "whoami: a command that fails"
broken=$(git -C "$repo" rev-parse HEAD)
reconciler sync
wait_for "the rollback of ${broken:0:12}" "\"commit\":\"$broken\",\"at\":\"[^\"]*\",\"result\":\"rolled-back\"" 300
grep -E 'rolling back|FAIL|converged' "$work/controller.log" | sed 's/^.*\] /    /' | tail -n 8
reconciler status || true

step "git revert: just another commit, and the good state is back"
git -C "$repo" -c user.name=demo -c user.email=demo@reconciler.invalid revert --no-edit HEAD >/dev/null
git -C "$repo" push -q "$work/remote.git" main && show "git revert HEAD && git push"
reverted=$(git -C "$repo" rev-parse HEAD)
reconciler sync
wait_for "${reverted:0:12} to converge" "\"lastGood\":\"$reverted\""
reconciler status || true

step "What monitoring sees: /metrics (excerpt) and the status page at /"
scripts/lab.sh exec atlas curl -s http://127.0.0.1:9090/metrics | grep -E '^reconciler_(cycles_total|applied_commit|replication|drifted)' | sed 's/^/    /'
scripts/lab.sh exec atlas curl -s http://127.0.0.1:9090/ | grep -o '<h2>[^<]*</h2>' | sed 's/^/    page section: /'

step "Done: stopping the controller and the lab"
