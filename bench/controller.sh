#!/usr/bin/env bash
# Benchmark: the running controller on the lab, in one run:
#   - push-to-apply-start latency with a signed webhook (median of ROUNDS) and with polling
#     only (pollInterval 15s): from the moment the push has landed until the controller has
#     fetched the new tip and starts applying it
#   - idle CPU and peak resident memory of `reconciler run` over IDLE seconds at a 15s poll
#   - the cost of one no-op cycle (fetch, observe Swarm and storage, diff), from its own histogram
# Usage: bench/controller.sh [ROUNDS] [IDLE_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5} idle=${2:-180}

source bench/lab-env.sh
work=$(mktemp -d /tmp/reconciler-bench.XXXXXX)
controller=
cleanup() {
  if [[ -n $controller ]]; then kill "$controller" 2>/dev/null || true; wait "$controller" 2>/dev/null || true; fi
  docker -H "$RECONCILER_LAB_DOCKER_HOST" stack rm benchweb >/dev/null 2>&1 || true
  rm -rf "$work"
  lab_down
}
trap cleanup EXIT
publish_cli "$work"
status() { in_atlas curl -s http://127.0.0.1:9191/status | tr -d '\n '; }

repo=$work/repo
git init -q --bare "$work/remote.git"
git init -q -b main "$repo"
bench_repository "$repo" benchweb
change() {
  printf 'services:\n  app:\n    image: %s\n    command: ["sleep", "86400"]\n    environment: {ROUND: "%s"}\n    deploy: {replicas: 1}\n' \
    "$RECONCILER_LAB_IMAGE" "$1" > "$repo/stacks/benchweb/compose.yaml"
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@reconciler.invalid commit -qm "round $1"
  git -C "$repo" push -q --force "$work/remote.git" main
  git -C "$repo" rev-parse HEAD
}
wait_status() { for _ in $(seq 1 6000); do status | grep -q "$1" && return 0; sleep 0.02; done; echo "timed out waiting for $1" >&2; return 1; }

echo -n "bench-webhook-secret" > "$work/secret"
cat > "$work/config.yaml" <<YAML
repository: {url: "file://$work/remote.git", branch: main, pollInterval: 15s}
stateDir: $work/state
dockerHost: $RECONCILER_LAB_DOCKER_HOST
listen: http://127.0.0.1:9191
webhooks: {giteaSecretFile: $work/secret}
YAML
first=$(change 0)
# Not through a function: $! must be the controller itself (lab.sh exec replaces itself with it).
scripts/lab.sh exec atlas "$work/bin/reconciler" run --config "$work/config.yaml" > "$work/controller.log" 2>&1 &
controller=$!
wait_status "\"lastGood\":\"$first\""

webhook=()
for round in $(seq 1 "$rounds"); do
  commit=$(change "w$round")
  body='{"ref":"refs/heads/main"}'
  signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac bench-webhook-secret -hex | awk '{print $NF}')
  start=$(now_ms)
  in_atlas curl -s -o /dev/null -X POST -H "X-Gitea-Signature: $signature" --data "$body" http://127.0.0.1:9191/hooks/gitea
  wait_status "\"tip\":\"$commit\""
  webhook+=($(( $(now_ms) - start )))
  wait_status "\"lastGood\":\"$commit\""
done
polling=()
for round in $(seq 1 3); do
  commit=$(change "p$round")
  start=$(now_ms)
  wait_status "\"tip\":\"$commit\""
  polling+=($(( $(now_ms) - start )))
  wait_status "\"lastGood\":\"$commit\""
done

metric() { in_atlas curl -s http://127.0.0.1:9191/metrics | awk -v m="$1" '$1 == m {print $2}'; }
sum0=$(metric reconciler_cycle_duration_seconds_sum) count0=$(metric reconciler_cycle_duration_seconds_count)
ticks() { awk '{print $14 + $15}' "/proc/$controller/stat"; }
t0=$(ticks) rss=0
for _ in $(seq 1 $((idle / 5))); do
  sleep 5
  r=$(awk '/VmRSS/ {print $2}' "/proc/$controller/status")
  ((r > rss)) && rss=$r
done
t1=$(ticks)
sum1=$(metric reconciler_cycle_duration_seconds_sum) count1=$(metric reconciler_cycle_duration_seconds_count)

hz=$(getconf CLK_TCK)
echo "push-to-apply-start, signed webhook (median of $rounds): $(printf '%s\n' "${webhook[@]}" | median) ms   [${webhook[*]}] (target < 1000 ms)"
echo "push-to-apply-start, polling every 15s (median of 3): $(printf '%s\n' "${polling[@]}" | median) ms   [${polling[*]}]"
awk -v t="$((t1 - t0))" -v hz="$hz" -v s="$idle" 'BEGIN {printf "idle CPU over %ds at a 15s poll: %.2f%% of one core (target < 1%%)\n", s, t / hz / s * 100}'
echo "peak resident memory while idle: $((rss / 1024)) MB (target < 80 MB)"
awk -v a="$sum0" -v b="$sum1" -v c="$count0" -v d="$count1" 'BEGIN {n = d - c; if (n > 0) printf "no-op cycle (fetch, observe, diff): %.1f ms mean over %d cycles\n", (b - a) / n * 1000, n}'
