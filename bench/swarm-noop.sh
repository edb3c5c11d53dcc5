#!/usr/bin/env bash
# Benchmark: a no-op reconcile cycle against what people otherwise run from cron.
# On the lab, with N stacks of M services (default 30 x 4 = 120), it measures in one run:
#   - reconciler plan (no changes) and reconciler apply --yes (no changes), median of R runs
#   - docker stack deploy of the same N stacks, median of R runs
#   - Engine API calls per no-op cycle, counted in the lab dockerd's own debug log
# and prints the ratios. Usage: bench/swarm-noop.sh [STACKS] [SERVICES_PER_STACK] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
stacks=${1:-30} per=${2:-4} runs=${3:-5}

source bench/lab-env.sh
export DOCKER_HOST=$RECONCILER_LAB_DOCKER_HOST

dotnet build src/Reconciler.Cli -c Release --nologo -v quiet >/dev/null
dotnet build bench/Reconciler.Bench -c Release --nologo -v quiet >/dev/null
reconciler() { dotnet src/Reconciler.Cli/bin/Release/net10.0/reconciler.dll "$@"; }

work=$(mktemp -d)
cleanup() {
  for s in $(seq 1 "$stacks"); do docker stack rm "b$s" >/dev/null 2>&1 || true; done
  rm -rf "$work"
  lab_down
}
trap cleanup EXIT
node=$(docker info --format '{{.Name}}')
cat > "$work/cluster.yaml" <<YAML
apiVersion: reconciler/v1
kind: Cluster
metadata: {name: bench}
spec:
  nodes: [{name: $node, role: manager}]
YAML
for s in $(seq 1 "$stacks"); do
  dir="$work/stacks/b$s"; mkdir -p "$dir"
  printf 'apiVersion: reconciler/v1\nkind: Stack\nmetadata: {name: b%s}\nspec: {compose: compose.yaml}\n' "$s" > "$dir/stack.yaml"
  { echo "services:"
    for v in $(seq 1 "$per"); do
      printf '  s%s:\n    image: %s\n    command: ["sleep", "86400"]\n    environment: {STACK: "b%s"}\n    deploy: {replicas: 1, resources: {limits: {memory: 16M}}}\n' "$v" "$RECONCILER_LAB_IMAGE" "$s"
    done; } > "$dir/compose.yaml"
done

echo "bench: deploying $stacks stacks x $per services (not timed)" >&2
reconciler apply --yes --state-dir "$work/.state" "$work" > "$work/first.log" || { tail -20 "$work/first.log"; exit 1; }

# Median wall time of a command over $runs runs, in seconds.
median_time() {
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | median
}

deploy_all() { for s in $(seq 1 "$stacks"); do docker stack deploy --resolve-image never -c "$work/stacks/b$s/compose.yaml" "b$s" >/dev/null 2>&1; done; }

# API calls of one command, counted in dockerd's debug log ("Calling GET /v1.41/...").
api_calls() {
  local log=$RECONCILER_LAB_ROOT/logs/dockerd.log before
  before=$(grep -c 'Calling ' "$log" || true)
  "$@" > /dev/null 2>&1 || true
  sleep 0.5
  echo $(( $(grep -c 'Calling ' "$log" || true) - before ))
}

read -r warm_ms warm_p90 < <(dotnet bench/Reconciler.Bench/bin/Release/net10.0/Reconciler.Bench.dll "$work" 30)
warm_s=$(echo "$warm_ms / 1000" | bc -l)
plan_s=$(median_time reconciler plan "$work")
apply_s=$(median_time reconciler apply --yes --state-dir "$work/.state" "$work")
deploy_s=$(median_time deploy_all)
plan_calls=$(api_calls reconciler plan "$work")
deploy_calls=$(api_calls deploy_all)
services=$((stacks * per))

printf '\nno-op cycle, %s stacks / %s services, median of %s runs (lab, this machine)\n' "$stacks" "$services" "$runs"
printf '  %-42s %8.3f s   (p90 %s ms)\n' "warm cycle in a running controller" "$warm_s" "$warm_p90"
printf '  %-42s %8.3f s   %5s API calls\n' "reconciler plan (no changes, cold CLI)" "$plan_s" "$plan_calls"
printf '  %-42s %8.3f s\n' "reconciler apply --yes (no-op, cold CLI)" "$apply_s"
printf '  %-42s %8.3f s   %5s API calls\n' "docker stack deploy (baseline)" "$deploy_s" "$deploy_calls"
printf '  ratio stack deploy / warm cycle:       %.1fx\n' "$(echo "$deploy_s / $warm_s" | bc -l)"
printf '  ratio stack deploy / reconciler plan:  %.1fx\n' "$(echo "$deploy_s / $plan_s" | bc -l)"
printf '  ratio stack deploy / reconciler apply: %.1fx\n' "$(echo "$deploy_s / $apply_s" | bc -l)"
