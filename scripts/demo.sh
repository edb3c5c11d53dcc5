#!/usr/bin/env bash
# README's first command: builds reconciler and shows what it does today on the sample
# repository: a clean validation, then a copy with typical mistakes and the diagnostics.
# It only reads files: it starts no daemon and touches no Docker, ZFS or network.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null; then
  echo "reconciler needs the .NET 10 SDK (dotnet) on PATH; install it, then run this again." >&2
  exit 1
fi

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Building reconciler"
dotnet build src/Reconciler.Cli -c Release --nologo -v quiet
reconciler() { dotnet "src/Reconciler.Cli/bin/Release/net10.0/reconciler.dll" "$@"; }

step "Validating sample-repo/ (a two-node cluster: atlas holds the data, hermes is stateless)"
reconciler validate sample-repo

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r sample-repo "$work/repo"
step "Breaking a copy the way people do: a typo, an unquoted mode, two writers, an undeclared bind"
sed -i 's/  mountpoint:/  mountpont:/; s/mode: "0750"/mode: 0750/' "$work/repo/storage/vaultwarden.yaml"
sed -i 's/replicas: 1/replicas: 2/; s#/srv/cache/vaultwarden:/cache#/srv/cache/other:/cache#' "$work/repo/stacks/vaultwarden/compose.yaml"
set +e
reconciler validate "$work/repo"
code=$?
set -e
step "validate exited with $code (1 = errors found); every line names file:line:col and a rule code"
reconciler validate --list-rules | head -5
echo "... (reconciler validate --list-rules shows them all)"
