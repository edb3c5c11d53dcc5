#!/usr/bin/env bash
# Benchmark: what a cold `reconciler validate` process costs (every CI job and cron user pays
# it), for the ways the CLI can be published, measured in one run with ratios against the
# default framework-dependent publish. No cluster is needed: validate does the same start-up,
# loading and JIT work as plan before plan's first Engine call.
# Usage: bench/cold-start.sh [RUNS]   (median of RUNS, default 9)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d /tmp/reconciler-coldstart.XXXXXX)
trap 'rm -rf "$work"' EXIT

publish() { # NAME, then extra publish arguments
  local name=$1; shift
  dotnet publish src/Reconciler.Cli -c Release -o "$work/$name" --nologo -v quiet "$@" >"$work/$name.log" 2>&1
}
publish default
publish r2r -r linux-x64 --self-contained false -p:PublishReadyToRun=true
# Native AOT: builds (warnings are reflection-based JSON in our own code, not the libraries), and
# `validate` runs; `plan`, `apply` and `run` still serialise with reflection (README, Benchmark).
variants=("default default" "default-no-tiered-pgo default DOTNET_TieredPGO=0" "ready-to-run r2r"
          "ready-to-run-no-tiered-pgo r2r DOTNET_TieredPGO=0" "ready-to-run-no-tiering r2r DOTNET_TieredCompilation=0")
if publish aot -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=false -p:CppCompilerAndLinker=gcc; then
  variants+=("native-aot aot")
else
  echo "bench: the Native AOT publish failed (it needs gcc or clang), so it is left out:" >&2
  grep -E ' error ' "$work/aot.log" | sort -u | head -5 >&2
fi

# Median wall seconds and peak RSS (KB) of RUNS cold processes of one variant.
measure() { # NAME DIR, then environment assignments
  local name=$1 dir=$2; shift 2
  : > "$work/$name.times"
  for _ in $(seq "$runs"); do
    env "$@" /usr/bin/time -f "%e %M" "$work/$dir/reconciler" validate sample-repo >/dev/null 2>>"$work/$name.times"
  done
  sort -n "$work/$name.times" | sed -n "$(((runs + 1) / 2))p"
}

printf '%-34s %8s %9s %7s\n' variant seconds "peak MB" ratio
base=""
for variant in "${variants[@]}"; do
  read -r name dir settings <<<"$variant"
  read -r seconds kb <<<"$(measure "$name" "$dir" ${settings:-BENCH=1})"
  base=${base:-$seconds}
  printf '%-34s %8s %9.1f %7.2f\n' "$name" "$seconds" "$(echo "$kb / 1024" | bc -l)" "$(echo "$seconds / $base" | bc -l)"
done
