#!/usr/bin/env bash
# README's first command: a guided run of reconciler on the sandboxed lab (its own dockerd in
# Swarm mode and a local registry; never your own Docker, never the internet). It validates
# sample-repo, then drives a small git repository of desired state through the main job:
# plan, apply, a pushed change, drift corrected, a broken commit rolled back to the last good
# one, and a git revert. Everything it starts is stopped on exit. Run as root on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
show() { printf '\033[2m$ %s\033[0m\n' "$*"; }

if ! command -v dotnet >/dev/null; then
  echo "reconciler needs the .NET 10 SDK (dotnet) on PATH; install it, then run this again." >&2
  exit 1
fi

step "Installing the lab's Debian packages (docker.io, docker-registry, busybox-static, ...) if missing"
scripts/lab-install.sh

step "Starting the sandboxed lab"
work=$(mktemp -d)
started_lab=no
cleanup() {
  if [[ $started_lab == yes ]]; then scripts/lab.sh down >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
scripts/lab.sh up
started_lab=yes
eval "$(scripts/lab.sh env)"
export DOCKER_HOST=$RECONCILER_LAB_DOCKER_HOST RECONCILER_STATE_DIR=$work/state

step "Building reconciler"
dotnet build src/Reconciler.Cli -c Release --nologo -v quiet >/dev/null
reconciler() { show "reconciler $*"; dotnet "$root/src/Reconciler.Cli/bin/Release/net10.0/reconciler.dll" "$@"; }
commit() { git -C "$repo" add -A && git -C "$repo" -c user.name=demo -c user.email=demo@reconciler.invalid commit -qm "$1" && show "git commit -m '$1'"; }

step "Validating sample-repo/ (a two-node homelab: atlas holds the data, hermes is stateless)"
reconciler validate sample-repo

step "A desired-state repository for the lab, in git"
repo=$work/homelab
mkdir -p "$repo/stacks/web" "$repo/stacks/jobs"
node=$(docker info --format '{{.Name}}')
cat > "$repo/cluster.yaml" <<EOF
apiVersion: reconciler/v1
kind: Cluster
metadata: {name: lab}
spec:
  nodes:
    - name: $node
      role: manager
      labels: {tier: stateless}
EOF
cat > "$repo/stacks/web/stack.yaml" <<EOF
apiVersion: reconciler/v1
kind: Stack
metadata: {name: web}
spec:
  compose: compose.yaml
  prune: true
  convergenceTimeout: 40s
  variables: {IMAGE: "$RECONCILER_LAB_IMAGE"}
EOF
cat > "$repo/stacks/web/compose.yaml" <<'EOF'
services:
  site:
    image: ${IMAGE}
    command: ["httpd", "-f", "-p", "8080", "-h", "/etc"]
    configs:
      - source: greeting
        target: /etc/greeting.txt
    deploy:
      replicas: 2
      placement:
        constraints: [node.labels.tier == stateless]
      update_config: {order: start-first}
configs:
  greeting: {file: ./greeting.txt}
EOF
echo "hello from the first commit" > "$repo/stacks/web/greeting.txt"
git -C "$repo" init -q
commit "first version of the web stack"
find "$repo" -path "$repo/.git" -prune -o -type f -print | sed "s|$repo/|  |"

step "Plan: what apply would change (exit code 2 means there are changes)"
reconciler plan "$repo" || true

step "Apply: node label, network, config and service, then wait for convergence"
reconciler apply --yes "$repo"

step "Plan again: nothing to do"
reconciler plan "$repo"

step "A pushed change: new greeting (a new config version) and three replicas"
echo "hello from the second commit" > "$repo/stacks/web/greeting.txt"
sed -i 's/replicas: 2/replicas: 3/' "$repo/stacks/web/compose.yaml"
commit "scale web and change the greeting"
reconciler diff --format markdown HEAD~1 HEAD "$repo" || true
reconciler apply --yes "$repo"

step "Drift: someone adds an environment variable by hand"
show "docker service update --env-add DEBUG=1 web_site"
docker service update --quiet --detach --env-add DEBUG=1 web_site >/dev/null
reconciler plan "$repo" || true
reconciler apply --yes "$repo"

step "A broken commit: the command exits at once, so the deploy does not converge"
sed -i 's/command: \["httpd", "-f", "-p", "8080", "-h", "\/etc"\]/command: ["sh", "-c", "exit 1"]/' "$repo/stacks/web/compose.yaml"
commit "break the web command"
reconciler apply --yes "$repo" || echo "(apply exited $?: it rolled back to the last good commit)"
show "docker service inspect web_site --format '{{json .Spec.TaskTemplate.ContainerSpec.Args}}'"
docker service inspect web_site --format '{{json .Spec.TaskTemplate.ContainerSpec.Args}}'

step "The broken commit is not retried by itself; git revert is just another commit"
reconciler apply --yes "$repo" || true
git -C "$repo" -c user.name=demo -c user.email=demo@reconciler.invalid revert --no-edit HEAD >/dev/null && show "git revert HEAD"
reconciler apply --yes "$repo"

step "History (state kept in $RECONCILER_STATE_DIR/state.json)"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("last good commit:", s["lastGoodCommit"][:12]); [print(" ", r["at"][:19], (r["commit"] or "")[:12], r["result"], "-", r["summary"]) for r in s["history"]]' "$RECONCILER_STATE_DIR/state.json"

step "Done; stopping the lab"
