#!/usr/bin/env bash
# Benchmark: replication through the controller against the raw pipeline and against syncoid.
# On the two-node lab (atlas -> hermes over ssh), in one run, it measures:
#   - an incremental of MEGABYTES (default 256) through a warm controller cycle vs a raw
#     `zfs send -i | ssh zfs receive`, alternating, median of RUNS: the overhead ratio
#   - a no-change cycle and the number of processes the controller starts for it
#   - the same no-change job pool to pool on one node: the controller vs syncoid (Debian's sanoid)
# Usage: bench/storage.sh [MEGABYTES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-256} runs=${2:-3}

command -v syncoid >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends sanoid >/dev/null
source bench/lab-env.sh
trap lab_down EXIT
dotnet build bench/Reconciler.Bench.Storage -c Release --nologo -v quiet >/dev/null
scripts/lab.sh exec atlas dotnet bench/Reconciler.Bench.Storage/bin/Release/net10.0/Reconciler.Bench.Storage.dll "$megabytes" "$runs"
