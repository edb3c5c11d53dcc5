#!/usr/bin/env bash
# Benchmark: how fast the running controller finds a second writer, on the lab, in one run. A
# writer (a busybox service pinned to atlas) has its dataset on atlas; each run starts a second
# container by hand with a subdirectory of that dataset read-write and measures, from `docker run`
# returning, until /status names it:
#   - with polling only (pollInterval POLL seconds): the wait for the next cycle plus the check.
#     Each run starts just after a cycle ended, the worst case: the target is within one cycle,
#     so no run may take much more than POLL seconds
#   - with `reconciler sync` right after it (as a webhook or a person would start a cycle): the
#     check itself
# It also prints the mean cost of a no-change cycle with the check in it, from the controller's own
# histogram (the check adds one container list and one service list to the Engine API per cycle).
# Usage: bench/writers.sh [RUNS] [POLL_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5} poll=${2:-15}

source bench/lab-env.sh
work=$(mktemp -d /tmp/reconciler-bench-writers.XXXXXX)
dataset=tank/benchwriters mountpoint=/srv/benchwriters
controller=
engine() { docker -H "$RECONCILER_LAB_DOCKER_HOST" "$@"; }
cleanup() {
  if [[ -n $controller ]]; then kill "$controller" 2>/dev/null || true; wait "$controller" 2>/dev/null || true; fi
  engine ps -aq --filter name=benchwriters-second | xargs -r docker -H "$RECONCILER_LAB_DOCKER_HOST" rm -f >/dev/null 2>&1 || true
  engine stack rm benchwriters >/dev/null 2>&1 || true
  for _ in $(seq 1 100); do [[ -z $(engine ps -aq --filter label=com.docker.stack.namespace=benchwriters) ]] && break; sleep 0.2; done
  destroy in_atlas "$dataset"
  in_atlas rm -rf "$mountpoint"
  rm -rf "$work"
  lab_down
}
trap cleanup EXIT
publish_cli "$work"
status() { in_atlas curl -s http://127.0.0.1:9192/status | tr -d '\n '; }
wait_status() { for _ in $(seq 1 6000); do status | grep -q "$1" && return 0; sleep 0.02; done; echo "timed out waiting for $1" >&2; return 1; }
wait_gone() { for _ in $(seq 1 6000); do status | grep -q "$1" || return 0; sleep 0.02; done; echo "timed out waiting for $1 to go" >&2; return 1; }

repo=$work/repo
git init -q --bare "$work/remote.git"
git init -q -b main "$repo"
bench_repository "$repo" benchwriters
cat > "$repo/storage.yaml" <<YAML
apiVersion: reconciler/v1
kind: Dataset
metadata: {name: $dataset}
spec: {node: atlas, mountpoint: $mountpoint, owner: 0, group: 0, mode: "0755", writer: benchwriters/db}
YAML
cat > "$repo/stacks/benchwriters/compose.yaml" <<YAML
services:
  db:
    image: $RECONCILER_LAB_IMAGE
    command: ["sleep", "86400"]
    volumes: [$mountpoint:/data]
    deploy:
      replicas: 1
      placement: {constraints: [node.hostname == atlas]}
YAML
git -C "$repo" add -A
git -C "$repo" -c user.name=bench -c user.email=bench@reconciler.invalid commit -qm "a writer and its dataset"
git -C "$repo" push -q "$work/remote.git" main
commit=$(git -C "$repo" rev-parse HEAD)

cat > "$work/config.yaml" <<YAML
repository: {url: "file://$work/remote.git", branch: main, pollInterval: ${poll}s}
stateDir: $work/state
dockerHost: $RECONCILER_LAB_DOCKER_HOST
listen: http://127.0.0.1:9192
standby: {enabled: false}
YAML
# Not through a function: $! must be the controller itself (lab.sh exec replaces itself with it).
scripts/lab.sh exec atlas "$work/bin/reconciler" run --config "$work/config.yaml" > "$work/controller.log" 2>&1 &
controller=$!
wait_status "\"lastGood\":\"$commit\""
wait_status '"writers":1,'
in_atlas mkdir -p "$mountpoint/uploads"
start_cycle() { in_atlas curl -s -o /dev/null -X POST -H "Authorization: Bearer $(cat "$work/state/control-token")" http://127.0.0.1:9192/control/sync; }

measure() { # $1: run name, $2: "sync" to start a cycle at once
  local name=benchwriters-second-$1 start
  engine run -d --name "$name" -v "$mountpoint/uploads:/uploads" "$RECONCILER_LAB_IMAGE" sleep 86400 >/dev/null
  start=$(now_ms)
  if [[ $2 == sync ]]; then start_cycle; fi
  wait_status "\"subject\":\"$name\""
  echo $(( $(now_ms) - start ))
  engine rm -f "$name" >/dev/null
  start_cycle
  wait_gone "\"subject\":\"$name\""
}
polled=() synced=()
for run in $(seq 1 "$runs"); do
  polled+=("$(measure "p$run" poll)")
  synced+=("$(measure "s$run" sync)")
done

metric() { in_atlas curl -s http://127.0.0.1:9192/metrics | awk -v m="$1" '$1 == m {print $2}'; }
sum0=$(metric reconciler_cycle_duration_seconds_sum) count0=$(metric reconciler_cycle_duration_seconds_count)
sleep $((poll * 4 + 1))
sum1=$(metric reconciler_cycle_duration_seconds_sum) count1=$(metric reconciler_cycle_duration_seconds_count)

max() { sort -n | tail -1; }
echo "second writer detected, polling every ${poll}s (median of $runs): $(printf '%s\n' "${polled[@]}" | median) ms, max $(printf '%s\n' "${polled[@]}" | max) ms   [${polled[*]}] (target: within one cycle, ${poll}000 ms)"
echo "second writer detected, a cycle started at once (median of $runs): $(printf '%s\n' "${synced[@]}" | median) ms   [${synced[*]}]"
awk -v a="$sum0" -v b="$sum1" -v c="$count0" -v d="$count1" 'BEGIN {n = d - c; if (n > 0) printf "no-change cycle with the writer check: %.1f ms mean over %d cycles\n", (b - a) / n * 1000, n}'
