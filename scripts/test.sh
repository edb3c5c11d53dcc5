#!/usr/bin/env bash
# The test command README.md gives (and .ci/run calls): installs the lab's packages, starts the
# sandboxed lab unless one is already up, restores, builds (warnings are errors), runs every
# test project, and stops the lab it started. RESULTS_DIR, when set, receives TRX files.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z ${RECONCILER_LAB_DOCKER_HOST:-} ]]; then
  scripts/lab-install.sh
  trap 'scripts/lab.sh down >/dev/null 2>&1 || true' EXIT
  scripts/lab.sh up
  eval "$(scripts/lab.sh env)"
fi

dotnet restore Reconciler.sln --nologo -v quiet
dotnet build Reconciler.sln --no-restore --nologo -v quiet -c Release
args=(--no-build -c Release --nologo)
if [[ -n "${RESULTS_DIR:-}" ]]; then
  args+=(--logger "trx" --results-directory "$RESULTS_DIR")
fi
dotnet test Reconciler.sln "${args[@]}"
