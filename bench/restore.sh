#!/usr/bin/env bash
# Benchmark: `reconciler restore` of a dataset of MEGABYTES (default 300) on the lab, for each
# method, median of RUNS (default 3). The dataset lives on atlas with a writer (a busybox service
# pinned there) and is replicated to hermes; its good snapshot holds the data, a bad one follows.
# Each run is timed from the command's start to its exit (0: restored and the writer healthy
# again), so it includes stopping the writer, the checks, the pre-restore snapshot and the restart:
#   - clone (default): clone @good and swap it in, the replaced timeline kept aside
#   - --from-replica: @good is gone from atlas and streamed back from hermes (MEGABYTES over ssh)
#   - --method rollback: zfs rollback -r to @good (newer snapshots destroyed)
# Between runs (not timed) the kept timeline is destroyed and the run's starting point restored.
# No controller runs: restore is told so (--url to a closed port).
# Usage: bench/restore.sh [MEGABYTES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-300} runs=${2:-3}

source bench/lab-env.sh
work=$(mktemp -d /tmp/reconciler-bench-restore.XXXXXX)
name=benchrestore
dataset=$RECONCILER_LAB_MANAGER_POOL/$name copy=$RECONCILER_LAB_WORKER_POOL/$name mountpoint=/srv/$name
engine() { docker -H "$RECONCILER_LAB_DOCKER_HOST" "$@"; }
kept() { in_atlas zfs list -H -o name -t filesystem -r "$RECONCILER_LAB_MANAGER_POOL" | grep "^$dataset\.before-restore-" || true; }
cleanup() {
  engine stack rm "$name" >/dev/null 2>&1 || true
  for _ in $(seq 1 100); do [[ -z $(engine ps -aq --filter "label=com.docker.stack.namespace=$name") ]] && break; sleep 0.2; done
  for timeline in $(kept); do destroy in_atlas "$timeline"; done
  destroy in_atlas "$dataset"; destroy in_hermes "$copy"
  in_atlas rm -rf "$mountpoint"
  rm -rf "$work"
  lab_down
}
trap cleanup EXIT
echo "bench: publishing reconciler and writing ${megabytes} MB (not timed)" >&2
publish_cli "$work"

repo=$work/repo
bench_repository "$repo" "$name" worker
cat > "$repo/storage.yaml" <<YAML
apiVersion: reconciler/v1
kind: Dataset
metadata: {name: $dataset}
spec: {node: $RECONCILER_LAB_MANAGER, mountpoint: $mountpoint, owner: 0, group: 0, mode: "0755", writer: $name/db}
---
apiVersion: reconciler/v1
kind: Replication
metadata: {name: $name-copy}
spec: {source: $dataset, target: {node: $RECONCILER_LAB_WORKER, dataset: $copy}, every: 15m}
YAML
cat > "$repo/stacks/$name/compose.yaml" <<YAML
services:
  db:
    image: $RECONCILER_LAB_IMAGE
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    volumes: [$mountpoint:/data]
    deploy:
      replicas: 1
      placement: {constraints: [node.hostname == $RECONCILER_LAB_MANAGER]}
YAML
access=(--ssh-key "$RECONCILER_LAB_SSH_KEY" --known-hosts "$RECONCILER_LAB_KNOWN_HOSTS" --state-dir "$work/state")
reconciler() { in_atlas "$work/bin/reconciler" "$@"; }
reconciler apply --yes "$repo" --docker-host "$RECONCILER_LAB_DOCKER_HOST" "${access[@]}" > "$work/apply.log" || { cat "$work/apply.log" >&2; exit 1; }
in_atlas dd if=/dev/urandom of="$mountpoint/data" bs=1M count="$megabytes" status=none
in_atlas zfs snapshot "$dataset@good"
reconciler replicate "$repo" "${access[@]}" > "$work/replicate.log" || { cat "$work/replicate.log" >&2; exit 1; }
in_hermes zfs list -H -o name "$copy@good" >/dev/null

# restore_ms [ARGUMENT...]: one timed restore to @good, after a change and a newer snapshot (the corruption).
bad=0
restore_ms() {
  bad=$((bad + 1))
  in_atlas sh -c "echo corrupt > $mountpoint/corrupt && zfs snapshot $dataset@bad$bad"
  local start
  start=$(now_ms)
  reconciler restore "$dataset" --to good --yes --url http://127.0.0.1:9 "$repo" --docker-host "$RECONCILER_LAB_DOCKER_HOST" "${access[@]}" "$@" > "$work/restore.log" 2>&1 \
    || { cat "$work/restore.log" >&2; exit 1; }
  echo $(( $(now_ms) - start ))
  for timeline in $(kept); do destroy in_atlas "$timeline"; done
}

clone=() replica=() rollback=()
for _ in $(seq 1 "$runs"); do clone+=("$(restore_ms)"); done
for _ in $(seq 1 "$runs"); do
  in_atlas zfs destroy "$dataset@good"
  replica+=("$(restore_ms --from-replica)")
done
for _ in $(seq 1 "$runs"); do rollback+=("$(restore_ms --method rollback)"); done

seconds() { printf '%s\n' "$@" | median | awk '{printf "%.1f s", $1 / 1000}'; }
echo "restore of a ${megabytes} MB dataset with its writer, median of $runs (ms per run in brackets):"
echo "  clone and swap (default):  $(seconds "${clone[@]}")   [${clone[*]}]"
echo "  --from-replica:            $(seconds "${replica[@]}")   [${replica[*]}]"
echo "  --method rollback:         $(seconds "${rollback[@]}")   [${rollback[*]}]"
