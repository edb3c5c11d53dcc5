#!/usr/bin/env bash
# The test command README.md gives: restore, build (warnings are errors) and run every test
# project. RESULTS_DIR, when set, receives one TRX file per test project.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet restore Reconciler.sln --nologo -v quiet
dotnet build Reconciler.sln --no-restore --nologo -v quiet -c Release
args=(--no-build -c Release --nologo)
if [[ -n "${RESULTS_DIR:-}" ]]; then
  args+=(--logger "trx" --results-directory "$RESULTS_DIR")
fi
dotnet test Reconciler.sln "${args[@]}"
