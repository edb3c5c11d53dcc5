#!/usr/bin/env bash
# The test command README.md gives (and .ci/run calls): installs the lab's packages, starts the
# sandboxed two-node lab unless one is already up, restores, builds (warnings are errors), runs
# every test project on the lab's manager node, and stops the lab it started. RESULTS_DIR,
# when set, receives TRX files.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z ${RECONCILER_LAB_DOCKER_HOST:-} ]]; then
  scripts/lab-install.sh
  trap 'scripts/lab.sh down >/dev/null 2>&1 || true' EXIT
  scripts/lab.sh up
  eval "$(scripts/lab.sh env)"
fi

dotnet restore Reconciler.sln --nologo -v quiet
npm ci --prefix tests/Reconciler.Cli.Tests/markdown --no-audit --no-fund --loglevel=error
npm ci --prefix tests/Reconciler.Secrets.Tests/sops-age --no-audit --no-fund --loglevel=error
dotnet build Reconciler.sln --no-restore --nologo -v quiet -c Release
args=(--no-build -c Release --nologo)
if [[ -n "${RESULTS_DIR:-}" ]]; then
  args+=(--logger "trx" --results-directory "$RESULTS_DIR")
fi
# The tests run on the lab's manager node, as the controller does: there "local" is atlas's own
# zfs and /srv, and hermes is reached over ssh. (Restore and build above needed the network.)
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 scripts/lab.sh exec atlas dotnet test Reconciler.sln "${args[@]}"
