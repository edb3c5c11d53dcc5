#!/usr/bin/env bash
# Benchmark: the controller's footprint (`reconciler run`) for the runtime settings and publish
# variants that can change it, in one run, with ratios against a baseline build of an earlier
# commit (default: main). On the lab, each variant starts a fresh controller on the same
# two-node repository (a stack on the manager, a dataset with snapshots and its replication to
# the worker, the standby), and measures:
#   - resident memory once the first cycle has applied the commit ("after start")
#   - peak resident memory (the kernel's high-water mark) after APPLIES more applies
#   - idle CPU over IDLE seconds at a 10 s poll: percent of one core and CPU ms per cycle
# Runtime knobs are environment variables on the current build (they override what its
# runtimeconfig says), so each row differs from "current" by that one setting.
# Each variant holds the lab lock only for its own run and leaves the lab as it found it.
# Usage: bench/footprint.sh [APPLIES] [IDLE_SECONDS] [BASELINE_REF]
#   VARIANTS="name ..." limits the run to some variants (see the list below; the baseline always runs).
#   AOT_BUILD=DIR uses a Native AOT publish of this tree that is already there (publishing one
#   takes over ten minutes on a two-core machine).
set -euo pipefail
cd "$(dirname "$0")/.."
applies=${1:-3} idle=${2:-60} baseline_ref=${3:-main}
lock=/tmp/reconciler-lab.lock

source bench/lab-env.sh
work=$(mktemp -d /tmp/reconciler-footprint.XXXXXX)
name=fp$(basename "$work" | tr -dc 'a-z0-9' | tail -c 6)
dataset=$RECONCILER_LAB_MANAGER_POOL/$name copy=$RECONCILER_LAB_WORKER_POOL/$name
worker_state=/srv/$name-standby
port=9192 controller=

stop_controller() {
  if [[ -n $controller ]]; then kill "$controller" 2>/dev/null || true; wait "$controller" 2>/dev/null || true; controller=; fi
}
clean_lab() {
  stop_controller
  docker -H "$RECONCILER_LAB_DOCKER_HOST" stack rm "$name" >/dev/null 2>&1 || true
  # stack rm returns before its network is gone; the next variant must not plan against it.
  for _ in $(seq 60); do
    [[ -z $(docker -H "$RECONCILER_LAB_DOCKER_HOST" network ls -q --filter "label=com.docker.stack.namespace=$name") ]] && break
    sleep 0.5
  done
  destroy in_atlas "$dataset"; destroy in_hermes "$copy"
  in_hermes rm -rf "$worker_state"
  in_atlas rm -rf "/srv/$name"
}
cleanup() {
  clean_lab
  rm -rf "$work"
  lab_down
}
trap cleanup EXIT

echo "bench: publishing the variants (not timed)" >&2
publish() { # SOURCE NAME, then extra publish arguments
  local source=$1 variant=$2; shift 2
  dotnet publish "$source/src/Reconciler.Cli" -c Release -o "$work/$variant" --nologo -v quiet "$@" >"$work/$variant.publish.log" 2>&1 \
    || { echo "bench: publishing $variant failed:" >&2; grep -E 'error|warning' "$work/$variant.publish.log" | sort -u | head -20 >&2; return 1; }
}
variants=(
  "baseline baseline"
  "current current"
  "server-gc current DOTNET_gcServer=1"
  "concurrent-gc current DOTNET_gcConcurrent=1"
  "no-spin-limit current DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70"
  "conserve-memory current DOTNET_GCConserveMemory=7"
  "heap-limit-48M current DOTNET_GCHeapHardLimit=0x3000000"
  "gen0-4M current DOTNET_GCgen0size=0x400000"
  "no-tiered-pgo current DOTNET_TieredPGO=0"
  "no-tiering current DOTNET_TieredCompilation=0"
  "no-w^x current DOTNET_EnableWriteXorExecute=0"
  "ready-to-run r2r"
  "trimmed trimmed"
  "native-aot aot"
)
selected() { [[ -z ${VARIANTS:-} || " $VARIANTS " == *" $1 "* || $1 == baseline ]]; }

# Only the builds that the selected variants run.
needed() { local v; for v in "${variants[@]}"; do read -r label build _ <<<"$v"; selected "$label" && [[ $build == "$1" ]] && return 0; done; return 1; }
mkdir -p "$work/baseline-src"
git archive "$baseline_ref" | tar -x -C "$work/baseline-src"
publish "$work/baseline-src" baseline
if needed current; then publish . current; fi
if needed r2r; then publish . r2r -r linux-x64 --self-contained false -p:PublishReadyToRun=true; fi
if needed trimmed; then
  publish . trimmed -r linux-x64 --self-contained true -p:PublishTrimmed=true -p:TreatWarningsAsErrors=false
fi
if needed aot; then
  if [[ -n ${AOT_BUILD:-} ]]; then ln -s "$(realpath "$AOT_BUILD")" "$work/aot"; else publish . aot -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker=gcc; fi
fi

repo=$work/repo
git init -q --bare "$work/remote.git"
git init -q -b main "$repo"
bench_repository "$repo" "$name" worker
cat > "$repo/storage.yaml" <<YAML
apiVersion: reconciler/v1
kind: Dataset
metadata: {name: $dataset}
spec: {node: $RECONCILER_LAB_MANAGER, mountpoint: /srv/$name, owner: 0, group: 0, mode: "0755", snapshots: {every: 15m, keep: "4x15m"}}
---
apiVersion: reconciler/v1
kind: Replication
metadata: {name: $name-copy}
spec: {source: $dataset, target: {node: $RECONCILER_LAB_WORKER, dataset: $copy}, every: 15m, maxLag: 30m}
YAML
change() {
  printf 'services:\n  app:\n    image: %s\n    command: ["sleep", "86400"]\n    environment: {ROUND: "%s"}\n    deploy: {replicas: 1, placement: {constraints: ["node.hostname == %s"]}}\n' \
    "$RECONCILER_LAB_IMAGE" "$1" "$RECONCILER_LAB_MANAGER" > "$repo/stacks/$name/compose.yaml"
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@reconciler.invalid commit -qm "round $1"
  git -C "$repo" push -q --force "$work/remote.git" main
  git -C "$repo" rev-parse HEAD
}
echo -n "bench-webhook-secret" > "$work/secret"

status() { in_atlas curl -s "http://127.0.0.1:$port/status" | tr -d '\n '; }
wait_status() { for _ in $(seq 1 1200); do status | grep -q "$1" && return 0; sleep 0.1; done; echo "timed out waiting for $1" >&2; return 1; }
metric() { in_atlas curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
proc_kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$controller/status"; }
ticks() { awk '{print $14 + $15}' "/proc/$controller/stat"; }
webhook() {
  local body='{"ref":"refs/heads/main"}' signature
  signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac bench-webhook-secret -hex | awk '{print $NF}')
  in_atlas curl -s -o /dev/null -X POST -H "X-Gitea-Signature: $signature" --data "$body" "http://127.0.0.1:$port/hooks/gitea"
}

# One variant: prints "after-start-MB peak-MB anon-MB code-MB cpu-percent cpu-ms-per-cycle" (code:
# the shared memory that the JIT's code and stubs live in, mapped twice while W^X is on).
run_variant() { # BUILD, then environment assignments
  local build=$1; shift
  rm -rf "$work/state"
  cat > "$work/config.yaml" <<YAML
repository: {url: "file://$work/remote.git", branch: main, pollInterval: 10s}
stateDir: $work/state
dockerHost: $RECONCILER_LAB_DOCKER_HOST
listen: http://127.0.0.1:$port
nodes: {sshKeyFile: $RECONCILER_LAB_SSH_KEY, knownHostsFile: $RECONCILER_LAB_KNOWN_HOSTS}
webhooks: {giteaSecretFile: $work/secret}
standby: {workerStateDir: $worker_state}
YAML
  local first
  first=$(change start)
  # Not through a function: $! must be the controller itself (lab.sh exec and env replace themselves with it).
  scripts/lab.sh exec atlas env "$@" "$work/$build/reconciler" run --config "$work/config.yaml" >> "$work/controller.log" 2>&1 9>&- &
  controller=$!
  wait_status "\"lastGood\":\"$first\""
  wait_status '"replications":\[{[^]]*"state":"replicated"'
  local start_kb commit
  start_kb=$(proc_kb VmRSS)
  for round in $(seq 1 "$applies"); do
    commit=$(change "r$round")
    webhook
    wait_status "\"lastGood\":\"$commit\""
  done
  sleep 2
  local t0 c0 t1 c1
  t0=$(ticks) c0=$(metric reconciler_cycle_duration_seconds_count)
  sleep "$idle"
  t1=$(ticks) c1=$(metric reconciler_cycle_duration_seconds_count)
  echo "$((start_kb / 1024)) $(($(proc_kb VmHWM) / 1024)) $(($(proc_kb RssAnon) / 1024)) $(($(proc_kb RssShmem) / 1024))" \
    "$(awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v s="$idle" -v n="$((${c1%.*} - ${c0%.*}))" \
      'BEGIN {printf "%.2f %.0f", t / hz / s * 100, (n > 0 ? t / hz * 1000 / n : 0)}')"
  stop_controller
}

printf '%-28s %8s %7s %7s %7s %6s %8s %7s %6s\n' variant "start MB" "peak MB" "anon MB" "code MB" "CPU %" "ms/cycle" "peak x" "CPU x"
base_peak="" base_cpu=""
for variant in "${variants[@]}"; do
  read -r label build settings <<<"$variant"
  selected "$label" || continue
  exec 9>"$lock"
  flock 9
  # Not in a subshell: the cleanup must know the controller when a variant fails.
  run_variant "$build" ${settings:-BENCH=1} > "$work/row"
  read -r start peak anon code cpu per_cycle < "$work/row"
  clean_lab
  flock -u 9
  base_peak=${base_peak:-$peak} base_cpu=${base_cpu:-$cpu}
  printf '%-28s %8s %7s %7s %7s %6s %8s %7.2f %6.2f\n' "$label" "$start" "$peak" "$anon" "$code" "$cpu" "$per_cycle" \
    "$(echo "$peak / $base_peak" | bc -l)" "$(echo "$cpu / $base_cpu" | bc -l)"
done
