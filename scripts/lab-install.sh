#!/usr/bin/env bash
# Installs what the lab needs from Debian's packages (idempotent; quick when all is there).
set -euo pipefail
packages=(docker.io docker-registry busybox-static zfs-fuse openssh-server openssh-client iproute2 util-linux git chromium curl openssl gnupg gpgv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm for the Cli tests, which render plan markdown with a real renderer (markdown-it).
command -v npm >/dev/null || missing+=(nodejs npm)
if ((${#missing[@]})); then
  echo "lab-install: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
