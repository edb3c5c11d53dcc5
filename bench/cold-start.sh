#!/usr/bin/env bash
# Benchmark: what a cold `reconciler validate` and `reconciler plan` process costs (every CI job
# and cron user pays it), for the ways the CLI can be published, measured in one run with ratios
# against the default framework-dependent publish. validate needs no cluster; plan runs only
# with the lab's environment set (RECONCILER_LAB_*, under the lab lock): it deploys STACKS
# stacks of 4 services once (not timed) and times a no-change plan against them.
# Usage: bench/cold-start.sh [RUNS] [STACKS]   (median of RUNS, default 9; default 30 stacks)
#   AOT_BUILD=DIR uses a Native AOT publish of this tree that is already there (publishing one
#   takes over ten minutes on a two-core machine).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9} stacks=${2:-30}
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d /tmp/reconciler-coldstart.XXXXXX)
cleanup() {
  if [[ -n ${RECONCILER_LAB_DOCKER_HOST:-} ]]; then
    for s in $(seq 1 "$stacks"); do docker -H "$RECONCILER_LAB_DOCKER_HOST" stack rm "cold$s" >/dev/null 2>&1 || true; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

publish() { # NAME, then extra publish arguments
  local name=$1; shift
  dotnet publish src/Reconciler.Cli -c Release -o "$work/$name" --nologo -v quiet "$@" >"$work/$name.log" 2>&1
}
publish default
publish r2r -r linux-x64 --self-contained false -p:PublishReadyToRun=true
variants=("default default" "default-no-tiered-pgo default DOTNET_TieredPGO=0" "ready-to-run r2r"
          "ready-to-run-no-tiered-pgo r2r DOTNET_TieredPGO=0" "ready-to-run-no-tiering r2r DOTNET_TieredCompilation=0")
if [[ -n ${AOT_BUILD:-} ]]; then
  ln -s "$(realpath "$AOT_BUILD")" "$work/aot"
  variants+=("native-aot aot")
elif publish aot -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker=gcc; then
  variants+=("native-aot aot")
else
  echo "bench: the Native AOT publish failed (it needs gcc or clang), so it is left out:" >&2
  grep -E ' error ' "$work/aot.log" | sort -u | head -5 >&2
fi

# The lab repository for plan: STACKS stacks of 4 services on the manager, deployed once.
commands=(validate)
if [[ -n ${RECONCILER_LAB_DOCKER_HOST:-} ]]; then
  repo=$work/repo
  printf 'apiVersion: reconciler/v1\nkind: Cluster\nmetadata: {name: cold}\nspec:\n  nodes: [{name: %s, role: manager}]\n' \
    "$RECONCILER_LAB_MANAGER" > "$work/cluster.yaml"
  mkdir -p "$repo" && mv "$work/cluster.yaml" "$repo/"
  for s in $(seq 1 "$stacks"); do
    mkdir -p "$repo/stacks/cold$s"
    printf 'apiVersion: reconciler/v1\nkind: Stack\nmetadata: {name: cold%s}\nspec: {compose: compose.yaml}\n' "$s" > "$repo/stacks/cold$s/stack.yaml"
    { echo "services:"
      for v in 1 2 3 4; do
        printf '  s%s:\n    image: %s\n    command: ["sleep", "86400"]\n    deploy: {replicas: 1, resources: {limits: {memory: 16M}}}\n' "$v" "$RECONCILER_LAB_IMAGE"
      done; } > "$repo/stacks/cold$s/compose.yaml"
  done
  echo "bench: deploying $stacks stacks x 4 services (not timed)" >&2
  DOCKER_HOST=$RECONCILER_LAB_DOCKER_HOST "$work/default/reconciler" apply --yes --state-dir "$work/state" "$repo" >"$work/deploy.log" 2>&1 \
    || { tail -20 "$work/deploy.log" >&2; exit 1; }
  commands+=(plan)
fi

# Median wall seconds and peak RSS (KB) of RUNS cold processes of one variant and command; a
# failing process (plan exits 0 here: nothing changed) fails the bench rather than timing an error.
measure() { # COMMAND NAME DIR, then environment assignments
  local command=$1 name=$2 dir=$3; shift 3
  local arguments=(validate sample-repo)
  [[ $command == plan ]] && arguments=(plan "$repo")
  : > "$work/$name.times"
  for _ in $(seq "$runs"); do
    env DOCKER_HOST="${RECONCILER_LAB_DOCKER_HOST:-}" "$@" /usr/bin/time -o "$work/time" -f "%e %M" "$work/$dir/reconciler" "${arguments[@]}" >"$work/out" 2>&1 \
      || { echo "bench: $name $command failed:" >&2; tail -5 "$work/out" >&2; exit 1; }
    cat "$work/time" >> "$work/$name.times"
  done
  sort -n "$work/$name.times" | sed -n "$(((runs + 1) / 2))p"
}

printf '%-34s %-9s %8s %9s %7s\n' variant command seconds "peak MB" ratio
for command in "${commands[@]}"; do
  base=""
  for variant in "${variants[@]}"; do
    read -r name dir settings <<<"$variant"
    measure "$command" "$name" "$dir" ${settings:-BENCH=1} > "$work/row"
    read -r seconds kb < "$work/row"
    base=${base:-$seconds}
    printf '%-34s %-9s %8s %9.1f %7.2f\n' "$name" "$command" "$seconds" "$(echo "$kb / 1024" | bc -l)" "$(echo "$seconds / $base" | bc -l)"
  done
done
