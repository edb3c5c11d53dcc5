#!/usr/bin/env bash
# The sandboxed lab the integration tests and the demo run against: a dockerd of its own in
# Swarm mode, inside its own network namespace, with a local registry holding a tiny busybox
# image. It never touches the user's Docker: its own data-root, exec-root, socket, bridge
# subnet and containerd namespace, and nothing listens outside the namespace.
#
#   scripts/lab.sh up       start (idempotent: cleans what an earlier run left first)
#   scripts/lab.sh env      print the variables tests use: eval "$(scripts/lab.sh env)"
#   scripts/lab.sh status   show what runs; exit 1 unless the lab is fully up
#   scripts/lab.sh down     stop everything it started (by PID) and remove the namespace
#   scripts/lab.sh down --purge   also delete $LAB_ROOT (images, registry data)
set -euo pipefail

LAB_ROOT="${LAB_ROOT:-/var/lib/reconciler-lab}"
NETNS=rlab-m
MANAGER="$LAB_ROOT/manager"
SOCKET="unix://$MANAGER/docker.sock"
REGISTRY=127.0.0.1:5000
IMAGE="$REGISTRY/busybox"
LOGS="$LAB_ROOT/logs"
SSH_DIR="$LAB_ROOT/ssh"
SSH_PORT="${LAB_SSH_PORT:-2222}"

say() { printf 'lab: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
in_ns() { nsenter --net="/var/run/netns/$NETNS" "$@"; }
docker_m() { docker -H "$SOCKET" "$@"; }

# Waits up to $1 seconds for a command to succeed; polls instead of guessing a sleep.
wait_for() {
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  say "$what did not come up within ${seconds}s; last log lines:"
  tail -n 20 "$LOGS/$what.log" >&2 2>/dev/null || true
  return 1
}

# Kills the process group a pidfile names (setsid made each daemon a group leader), then waits.
stop_pidfile() {
  local file=$1 pid
  [[ -s $file ]] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

require() {
  local missing=()
  for tool in dockerd docker docker-registry busybox nsenter ip ssh-keygen ssh /usr/sbin/sshd; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing ${missing[*]}; run scripts/lab-install.sh first"
}

down() {
  stop_pidfile "$MANAGER/docker.pid"
  stop_pidfile "$LAB_ROOT/registry.pid"
  stop_pidfile "$SSH_DIR/sshd.pid"
  # dockerd killed hard can leave its overlay and netns mounts behind.
  if [[ -d $MANAGER ]]; then
    { grep -o " $MANAGER/[^ ]*" /proc/mounts || true; } | sort -r | while read -r mount; do umount -l "$mount" 2>/dev/null || true; done
  fi
  ip netns delete "$NETNS" 2>/dev/null || true
  rm -f "$MANAGER/docker.sock" "$LAB_ROOT/lab.env"
  if [[ ${1:-} == --purge ]]; then rm -rf "$LAB_ROOT"; fi
  say "down"
}

build_image() {
  # A few hundred KB: busybox-static and its applets, imported as an image.
  local dir="$LAB_ROOT/image" tag=$1 marker=$2
  rm -rf "$dir" && mkdir -p "$dir/bin" "$dir/etc"
  cp "$(command -v busybox)" "$dir/bin/busybox"
  for applet in sh sleep echo cat true false env ls id httpd wget touch mkdir date; do ln -sf busybox "$dir/bin/$applet"; done
  echo "$marker" > "$dir/etc/lab-image"
  tar -C "$dir" -c . | docker_m import - "$IMAGE:$tag" >/dev/null
  docker_m push "$IMAGE:$tag" >/dev/null
}

# An sshd of the lab's own on loopback only, with its own host key and one authorised key:
# how the tests reach a node "over ssh" (BatchMode, strict host key checking, no passwords).
start_sshd() {
  mkdir -p "$SSH_DIR" /run/sshd
  [[ -f $SSH_DIR/host_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/host_ed25519"
  [[ -f $SSH_DIR/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/id_ed25519"
  cp "$SSH_DIR/id_ed25519.pub" "$SSH_DIR/authorized_keys"
  echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$SSH_DIR/host_ed25519.pub")" > "$SSH_DIR/known_hosts"
  cat > "$SSH_DIR/sshd_config" <<CONFIG
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSH_DIR/host_ed25519
PidFile $SSH_DIR/sshd.pid
AuthorizedKeysFile $SSH_DIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
CONFIG
  setsid /usr/sbin/sshd -D -f "$SSH_DIR/sshd_config" -E "$LOGS/sshd.log" < /dev/null &
  echo $! > "$SSH_DIR/sshd.pid"
  wait_for 20 sshd ssh -i "$SSH_DIR/id_ed25519" -o BatchMode=yes -o UserKnownHostsFile="$SSH_DIR/known_hosts" \
    -o StrictHostKeyChecking=yes -p "$SSH_PORT" root@127.0.0.1 true
}

up() {
  require
  down >/dev/null 2>&1 || true
  # Every run starts a new Swarm (no services left over from a previous run); images stay.
  rm -rf "$MANAGER/data/swarm"
  mkdir -p "$MANAGER/data" "$MANAGER/exec" "$LOGS" "$LAB_ROOT/registry"

  ip netns add "$NETNS"
  in_ns ip link set lo up

  cat > "$LAB_ROOT/registry.yml" <<EOF
version: 0.1
storage: { filesystem: { rootdirectory: $LAB_ROOT/registry } }
http: { addr: $REGISTRY }
EOF
  setsid nsenter --net="/var/run/netns/$NETNS" docker-registry serve "$LAB_ROOT/registry.yml" \
    > "$LOGS/registry.log" 2>&1 < /dev/null &
  echo $! > "$LAB_ROOT/registry.pid"

  # --debug makes dockerd log every API call: the benchmark counts them there.
  setsid nsenter --net="/var/run/netns/$NETNS" dockerd \
    --data-root "$MANAGER/data" --exec-root "$MANAGER/exec" --pidfile "$MANAGER/dockerd.pid" \
    -H "$SOCKET" --bip 172.29.1.1/24 --iptables=false --ip-masq=false --debug \
    --containerd-namespace reconciler-lab --containerd-plugins-namespace reconciler-lab-plugins \
    > "$LOGS/dockerd.log" 2>&1 < /dev/null &
  echo $! > "$MANAGER/docker.pid"

  wait_for 60 dockerd docker_m info
  wait_for 30 registry in_ns busybox wget -q -O /dev/null "http://$REGISTRY/v2/"
  docker_m swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 \
    --default-addr-pool 10.232.0.0/16 >/dev/null
  build_image 1 one
  build_image 2 two
  start_sshd
  env > "$LAB_ROOT/lab.env"
  say "up: Swarm manager $(docker_m info --format '{{.Name}}'), registry $REGISTRY, images $IMAGE:1 and :2, sshd 127.0.0.1:$SSH_PORT"
}

env() {
  cat <<EOF
export RECONCILER_LAB_ROOT=$LAB_ROOT
export RECONCILER_LAB_DOCKER_HOST=$SOCKET
export RECONCILER_LAB_REGISTRY=$REGISTRY
export RECONCILER_LAB_IMAGE=$IMAGE:1
export RECONCILER_LAB_IMAGE2=$IMAGE:2
export RECONCILER_LAB_SSH_DESTINATION=root@127.0.0.1
export RECONCILER_LAB_SSH_PORT=$SSH_PORT
export RECONCILER_LAB_SSH_KEY=$SSH_DIR/id_ed25519
export RECONCILER_LAB_KNOWN_HOSTS=$SSH_DIR/known_hosts
EOF
}

status() {
  local ok=0
  docker_m node ls 2>/dev/null || { say "dockerd: not running"; ok=1; }
  if in_ns busybox wget -q -O /dev/null "http://$REGISTRY/v2/" 2>/dev/null; then say "registry: up"; else say "registry: down"; ok=1; fi
  return $ok
}

case "${1:-}" in
  up) up ;;
  down) down "${2:-}" ;;
  env) env ;;
  status) status ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
