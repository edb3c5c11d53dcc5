#!/usr/bin/env bash
# Benchmark: the failover drill on the two-node lab, RUNS times (default 3). Each run deploys a
# writer on atlas with its dataset replicated to hermes, writes once before and once after the
# last replicated snapshot, cuts atlas off and runs `reconciler failover` on hermes, then brings
# atlas back and runs `reconciler failback` there (tests/Reconciler.Lab.Tests/Recovery/
# FailoverLabTests). It prints, per run and as the median:
#   RTO: from `reconciler failover` to the writer converged on hermes with its data
#   RPO: as failover reported it (now minus the newest replicated snapshot); the drill checks
#        that the write after that snapshot is the one lost and the one before it survived.
#   failback: its whole duration, and the write pause (writers scaled to 0 until they converged
#        on atlas again); the drill checks that hermes's write made during the failover is on atlas.
# The seed's manual recovery (the runbook this replaces) takes 15-30 minutes.
# Usage: bench/failover.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}

source bench/lab-env.sh
trap lab_down EXIT
dotnet build tests/Reconciler.Lab.Tests -c Release --nologo -v quiet >/dev/null

seconds() { # "1m3s" -> 63
  local text=$1 total=0
  [[ $text =~ ([0-9]+)m ]] && total=$((total + BASH_REMATCH[1] * 60))
  [[ $text =~ ([0-9]+)s ]] && total=$((total + BASH_REMATCH[1]))
  echo "$total"
}

rtos=() rpos=() backs=() pauses=()
for run in $(seq 1 "$runs"); do
  log=$(mktemp)
  # Straight through: the test itself kills each command once and runs it again, which is not what to time.
  RECONCILER_DRILL_STRAIGHT=1 scripts/lab.sh exec atlas dotnet test tests/Reconciler.Lab.Tests -c Release --no-build \
    --filter 'FullyQualifiedName~FailoverLabTests.Failover_with_atlas_cut_off' --logger 'console;verbosity=detailed' > "$log" 2>&1 \
    || { tail -40 "$log" >&2; echo "run $run: the drill failed" >&2; exit 1; }
  line=$(grep -m1 -o 'RPO [0-9ms]*; took over in [0-9ms]*' "$log")
  rpo=$(seconds "$(sed -E 's/RPO ([0-9ms]*);.*/\1/' <<< "$line")")
  rto=$(seconds "$(sed -E 's/.*took over in ([0-9ms]*)/\1/' <<< "$line")")
  back=$(grep -m1 -o 'failed back to [a-z]* in [0-9ms]* (writers paused [0-9ms]*)' "$log")
  whole=$(seconds "$(sed -E 's/.* in ([0-9ms]*) .*/\1/' <<< "$back")")
  pause=$(seconds "$(sed -E 's/.*paused ([0-9ms]*)\)/\1/' <<< "$back")")
  rtos+=("$rto") rpos+=("$rpo") backs+=("$whole") pauses+=("$pause")
  printf 'run %d: RTO %ss, RPO %ss (the write after the last replicated snapshot lost, the one before kept); failback %ss, writes paused %ss (nothing lost)\n' \
    "$run" "$rto" "$rpo" "$whole" "$pause"
  rm -f "$log"
done

rto=$(printf '%s\n' "${rtos[@]}" | median)
printf 'median of %d: RTO %ss (target p50 < 120s; the manual runbook'"'"'s 900-1800s is %s-%sx that), RPO %ss\n' \
  "$runs" "$rto" "$((900 / (rto > 0 ? rto : 1)))" "$((1800 / (rto > 0 ? rto : 1)))" "$(printf '%s\n' "${rpos[@]}" | median)"
printf 'median of %d: failback %ss, writes paused %ss\n' "$runs" "$(printf '%s\n' "${backs[@]}" | median)" "$(printf '%s\n' "${pauses[@]}" | median)"
