#!/usr/bin/env bash
# The sandboxed two-node lab the integration tests and the demo run against, shaped like the
# design: "atlas" (Swarm manager, owns the data on its pool "tank") and "hermes" (Swarm worker,
# receives replicas on its pool "backup"). Each node is its own network namespace (a veth
# between them: 10.231.0.1 and 10.231.0.2), its own mount and UTS namespace (its own /srv,
# its own zfs-fuse daemon and ZFS state, its own hostname) and its own dockerd with its own
# data-root, socket, bridge and containerd namespace. Each node runs an sshd (key only, one lab
# host key); atlas runs a registry holding a tiny busybox image. Nothing here touches the
# user's own Docker or ZFS, and nothing listens outside the lab's namespaces.
#
#   scripts/lab.sh up              start (idempotent: cleans what an earlier run left first)
#   scripts/lab.sh env             print the variables tests use: eval "$(scripts/lab.sh env)"
#   scripts/lab.sh exec NODE CMD   run CMD on a node (atlas or hermes), e.g. the controller on atlas
#   scripts/lab.sh docker NODE stop|start|is-active
#                                  stop (gracefully), start or ask about a node's dockerd, as
#                                  systemctl would; a session over ssh to atlas gets a `systemctl`
#                                  that does this for docker.service (a failover fences atlas so)
#   scripts/lab.sh status          show what runs; exit 1 unless the lab is fully up
#   scripts/lab.sh down            stop everything it started (by PID) and remove the namespaces
#   scripts/lab.sh down --purge    also delete $LAB_ROOT (images, registry data, pools)
set -euo pipefail

LAB_ROOT="${LAB_ROOT:-/var/lib/reconciler-lab}"
MANAGER=atlas
WORKER=hermes
MANAGER_IP=10.231.0.1
WORKER_IP=10.231.0.2
REGISTRY=$MANAGER_IP:5000
IMAGE="$REGISTRY/busybox"
LOGS="$LAB_ROOT/logs"
SSH_DIR="$LAB_ROOT/ssh"
POOL_SIZE=2G

say() { printf 'lab: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

node_dir() { echo "$LAB_ROOT/$1"; }
netns_of() { echo "rlab-${1:0:1}"; }
socket_of() { echo "unix://$(node_dir "$1")/docker.sock"; }
pool_of() { if [[ $1 == "$MANAGER" ]]; then echo tank; else echo backup; fi; }
ip_of() { if [[ $1 == "$MANAGER" ]]; then echo "$MANAGER_IP"; else echo "$WORKER_IP"; fi; }
subnet_of() { if [[ $1 == "$MANAGER" ]]; then echo 172.29.1.1/24; else echo 172.29.2.1/24; fi; }

# Runs a command inside a node: its network, mount and UTS namespaces (held by its anchor process).
in_node() {
  local node=$1 anchor; shift
  anchor=$(cat "$(node_dir "$node")/anchor.pid" 2>/dev/null) || die "node $node is not up"
  nsenter --target "$anchor" --mount --uts --net --wd="$PWD" "$@"
}
docker_on() { local node=$1; shift; docker -H "$(socket_of "$node")" "$@"; }

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
  for tool in dockerd docker docker-registry busybox nsenter unshare ip ssh-keygen ssh /usr/sbin/sshd zfs-fuse zpool zfs; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing ${missing[*]}; run scripts/lab-install.sh first"
}

stop_node() {
  local dir; dir=$(node_dir "$1")
  stop_pidfile "$dir/sshd.pid"
  stop_pidfile "$dir/registry.pid"
  stop_pidfile "$dir/docker.pid"
  # Container shims outlive a dockerd that had to be killed; ours are the ones using this node's socket.
  for proc in /proc/[0-9]*; do
    if tr '\0' ' ' < "$proc/cmdline" 2>/dev/null | grep -q -- "-address $dir/exec/containerd/containerd.sock"; then
      kill -KILL "${proc#/proc/}" 2>/dev/null || true
    fi
  done
  if [[ -s $dir/zfs-fuse.pid ]] && [[ -s $dir/anchor.pid ]]; then
    # Export first so the pool is closed cleanly; the next "up" creates fresh pools anyway.
    in_node "$1" zpool export -a >/dev/null 2>&1 || true
  fi
  stop_pidfile "$dir/zfs-fuse.pid"
  stop_pidfile "$dir/anchor.pid"
  # dockerd killed hard can leave overlay mounts behind in the host namespace of old labs.
  { grep -o " $dir/[^ ]*" /proc/mounts || true; } | sort -r | while read -r mount; do umount -l "$mount" 2>/dev/null || true; done
  ip netns delete "$(netns_of "$1")" 2>/dev/null || true
  rm -f "$dir/docker.sock"
}

down() {
  stop_node "$WORKER"
  stop_node "$MANAGER"
  ip link delete rlab-m0 2>/dev/null || true
  rm -f "$LAB_ROOT/lab.env"
  if [[ ${1:-} == --purge ]]; then rm -rf "$LAB_ROOT"; fi
  say "down"
}

# A node: network namespace, then an anchor process holding a private mount and UTS namespace
# in which the node's /srv and ZFS state (socket, lock, cache, zfsrc) are its own.
start_node() {
  local node=$1 ip=$2 dir netns
  dir=$(node_dir "$node")
  netns=$(netns_of "$node")
  mkdir -p "$dir/srv" "$dir/etc-zfs" "$dir/var-lib-zfs" "$dir/data" "$dir/exec" /run/zfs /run/lock/zfs /run/sshd
  cp /etc/zfs/zfsrc "$dir/etc-zfs/zfsrc"
  rm -f "$dir/var-lib-zfs/zpool.cache" "$dir/pool.img"
  ip netns add "$netns"
  nsenter --net="/var/run/netns/$netns" ip link set lo up
  setsid nsenter --net="/var/run/netns/$netns" unshare --mount --uts --propagation private sh -c "
    set -e
    mount --bind '$dir/srv' /srv
    mount -t tmpfs tmpfs /run/zfs
    mount -t tmpfs tmpfs /run/lock/zfs
    mount --bind '$dir/etc-zfs' /etc/zfs
    mount --bind '$dir/var-lib-zfs' /var/lib/zfs
    hostname '$node'
    exec sleep infinity" > "$LOGS/$node-anchor.log" 2>&1 < /dev/null &
  echo $! > "$dir/anchor.pid"
  wait_for 10 "$node-anchor" in_node "$node" sh -c "[ \"\$(hostname)\" = $node ]"
}

start_zfs() {
  local node=$1 dir pool
  dir=$(node_dir "$node")
  pool=$(pool_of "$node")
  setsid nsenter --target "$(cat "$dir/anchor.pid")" --mount --uts --net zfs-fuse --no-daemon --no-kstat-mount \
    > "$LOGS/$node-zfs.log" 2>&1 < /dev/null &
  echo $! > "$dir/zfs-fuse.pid"
  wait_for 20 "$node-zfs" in_node "$node" zpool list
  truncate -s "$POOL_SIZE" "$dir/pool.img"
  in_node "$node" zpool create -f -m none "$pool" "$dir/pool.img"
}

start_dockerd() {
  local node=$1 subnet dir
  dir=$(node_dir "$node")
  subnet=$(subnet_of "$node")
  # --debug makes dockerd log every API call: the benchmark counts them there.
  setsid nsenter --target "$(cat "$dir/anchor.pid")" --mount --uts --net dockerd \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "$(socket_of "$node")" --bip "$subnet" --iptables=false --ip-masq=false --debug \
    --insecure-registry "$REGISTRY" \
    --containerd-namespace "rlab-$node" --containerd-plugins-namespace "rlab-$node-plugins" \
    > "$LOGS/$node-dockerd.log" 2>&1 < /dev/null &
  echo $! > "$dir/docker.pid"
  wait_for 60 "$node-dockerd" docker_on "$node" info
}

start_registry() {
  local dir; dir=$(node_dir "$MANAGER")
  mkdir -p "$LAB_ROOT/registry"
  cat > "$LAB_ROOT/registry.yml" <<EOF
version: 0.1
storage: { filesystem: { rootdirectory: $LAB_ROOT/registry } }
http: { addr: $REGISTRY }
EOF
  setsid nsenter --target "$(cat "$dir/anchor.pid")" --mount --uts --net docker-registry serve "$LAB_ROOT/registry.yml" \
    > "$LOGS/registry.log" 2>&1 < /dev/null &
  echo $! > "$dir/registry.pid"
  wait_for 30 registry in_node "$MANAGER" busybox wget -q -O /dev/null "http://$REGISTRY/v2/"
}

build_image() {
  # A few hundred KB: busybox-static and its applets, imported as an image.
  local dir="$LAB_ROOT/image" tag=$1 marker=$2
  rm -rf "$dir" && mkdir -p "$dir/bin" "$dir/etc"
  cp "$(command -v busybox)" "$dir/bin/busybox"
  for applet in sh sleep echo cat true false env ls id httpd wget touch mkdir date stat; do ln -sf busybox "$dir/bin/$applet"; done
  echo "$marker" > "$dir/etc/lab-image"
  tar -C "$dir" -c . | docker_on "$MANAGER" import - "$IMAGE:$tag" >/dev/null
  docker_on "$MANAGER" push "$IMAGE:$tag" >/dev/null
}

# Each node's sshd, with one lab host key and one client key: how the controller on atlas
# reaches hermes, and how a failover on hermes fences atlas (BatchMode, strict host key checking).
start_sshd() {
  local node=$1 ip dir
  ip=$(ip_of "$node")
  dir=$(node_dir "$node")
  mkdir -p "$SSH_DIR" "$dir/sbin"
  [[ -f $SSH_DIR/host_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/host_ed25519"
  [[ -f $SSH_DIR/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/id_ed25519"
  cp "$SSH_DIR/id_ed25519.pub" "$SSH_DIR/authorized_keys"
  { echo "$WORKER_IP $(cut -d' ' -f1,2 "$SSH_DIR/host_ed25519.pub")"
    echo "$MANAGER_IP $(cut -d' ' -f1,2 "$SSH_DIR/host_ed25519.pub")"; } > "$SSH_DIR/known_hosts"
  # The lab has no systemd: a session's `systemctl` acts on this node's dockerd through this script.
  printf '#!/bin/sh\n# lab: systemctl for docker.service only, acting on this node'"'"'s lab dockerd\nexec %q docker %q "$@"\n' \
    "$(realpath "$0")" "$node" > "$dir/sbin/systemctl"
  chmod 0755 "$dir/sbin/systemctl"
  cat > "$SSH_DIR/sshd_config.$node" <<CONFIG
ListenAddress $ip:22
HostKey $SSH_DIR/host_ed25519
PidFile $dir/sshd.daemon.pid
AuthorizedKeysFile $SSH_DIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxStartups 100:30:200
MaxSessions 100
SetEnv PATH=$dir/sbin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CONFIG
  setsid nsenter --target "$(cat "$dir/anchor.pid")" --mount --uts --net /usr/sbin/sshd -D -f "$SSH_DIR/sshd_config.$node" -E "$LOGS/$node-sshd.log" \
    > "$LOGS/$node-sshd.out" 2>&1 < /dev/null &
  echo $! > "$dir/sshd.pid"
  wait_for 20 "$node-sshd" in_node "$MANAGER" ssh -i "$SSH_DIR/id_ed25519" -o BatchMode=yes -o UserKnownHostsFile="$SSH_DIR/known_hosts" \
    -o StrictHostKeyChecking=yes "root@$ip" true
}

# `lab.sh docker NODE stop|start|is-active`, as `systemctl ... docker.service` would answer.
docker_unit() {
  local node=$1 verb=${2:-} dir pid
  dir=$(node_dir "$node")
  pid=$(cat "$dir/dockerd.pid" 2>/dev/null || true)
  case "$verb" in
    is-active)
      if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then echo active; else echo inactive; return 3; fi ;;
    stop)
      # dockerd alone, as systemd's KillMode=process does: it stops its containers, then its containerd.
      if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
        die "dockerd of $node did not stop within 30s"
      fi ;;
    start)
      if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then return 0; fi
      start_dockerd "$node" ;;
    *) die "usage: lab.sh docker NODE stop|start|is-active" ;;
  esac
}

up() {
  require
  # A zfs-fuse that is not ours would import our pools too (one daemon per namespace).
  if [[ -S /run/zfs/zfs_socket ]] && ! grep -qs . "$(node_dir "$MANAGER")/zfs-fuse.pid"; then
    say "note: a zfs-fuse of the host runs; the lab's daemons use their own namespaces and do not touch it"
  fi
  down >/dev/null 2>&1 || true
  # Every run starts a new Swarm and new pools (nothing left over from a previous run); images stay.
  rm -rf "$(node_dir "$MANAGER")/data/swarm" "$(node_dir "$WORKER")/data/swarm"
  mkdir -p "$LOGS"

  start_node "$MANAGER" "$MANAGER_IP"
  start_node "$WORKER" "$WORKER_IP"
  ip link add rlab-m0 netns "$(netns_of "$MANAGER")" type veth peer name rlab-w0 netns "$(netns_of "$WORKER")"
  in_node "$MANAGER" sh -c "ip addr add $MANAGER_IP/24 dev rlab-m0 && ip link set rlab-m0 up"
  in_node "$WORKER" sh -c "ip addr add $WORKER_IP/24 dev rlab-w0 && ip link set rlab-w0 up"

  start_zfs "$MANAGER"
  start_zfs "$WORKER"
  start_registry
  start_dockerd "$MANAGER"
  start_dockerd "$WORKER"
  docker_on "$MANAGER" swarm init --advertise-addr "$MANAGER_IP" --listen-addr "$MANAGER_IP:2377" \
    --default-addr-pool 10.232.0.0/16 >/dev/null
  docker_on "$WORKER" swarm join --token "$(docker_on "$MANAGER" swarm join-token -q worker)" "$MANAGER_IP:2377" >/dev/null
  build_image 1 one
  build_image 2 two
  start_sshd "$WORKER"
  start_sshd "$MANAGER"
  wait_for 30 swarm sh -c "[ \"\$(docker -H $(socket_of "$MANAGER") node ls -q | wc -l)\" = 2 ]"
  say "up: Swarm $MANAGER (manager, pool tank) + $WORKER (worker, pool backup), registry $REGISTRY, sshd $MANAGER_IP:22 and $WORKER_IP:22"
}

env() {
  cat <<EOF
export RECONCILER_LAB_ROOT=$LAB_ROOT
export RECONCILER_LAB_DOCKER_HOST=$(socket_of "$MANAGER")
export RECONCILER_LAB_WORKER_DOCKER_HOST=$(socket_of "$WORKER")
export RECONCILER_LAB_MANAGER=$MANAGER
export RECONCILER_LAB_WORKER=$WORKER
export RECONCILER_LAB_MANAGER_POOL=$(pool_of "$MANAGER")
export RECONCILER_LAB_WORKER_POOL=$(pool_of "$WORKER")
export RECONCILER_LAB_REGISTRY=$REGISTRY
export RECONCILER_LAB_IMAGE=$IMAGE:1
export RECONCILER_LAB_IMAGE2=$IMAGE:2
export RECONCILER_LAB_SSH_DESTINATION=root@$WORKER_IP
export RECONCILER_LAB_SSH_PORT=22
export RECONCILER_LAB_SSH_KEY=$SSH_DIR/id_ed25519
export RECONCILER_LAB_KNOWN_HOSTS=$SSH_DIR/known_hosts
EOF
}

status() {
  local ok=0
  docker_on "$MANAGER" node ls 2>/dev/null || { say "dockerd: not running"; ok=1; }
  for node in "$MANAGER" "$WORKER"; do
    if in_node "$node" zpool list -H -o name 2>/dev/null; then say "$node zfs: up"; else say "$node zfs: down"; ok=1; fi
  done
  if in_node "$MANAGER" busybox wget -q -O /dev/null "http://$REGISTRY/v2/" 2>/dev/null; then say "registry: up"; else say "registry: down"; ok=1; fi
  return $ok
}

case "${1:-}" in
  up) up ;;
  down) down "${2:-}" ;;
  env) env ;;
  exec)
    # exec, so the command's PID is this script's: callers can signal it and measure it.
    [[ $# -ge 3 ]] || die "usage: lab.sh exec NODE COMMAND..."
    anchor=$(cat "$(node_dir "$2")/anchor.pid" 2>/dev/null) || die "node $2 is not up"
    shift 2
    exec nsenter --target "$anchor" --mount --uts --net --wd="$PWD" "$@" ;;
  docker)
    [[ $# -ge 3 ]] || die "usage: lab.sh docker NODE stop|start|is-active"
    # systemctl's form: `systemctl stop docker.socket docker.service` names units after the verb.
    docker_unit "$2" "$3" ;;
  status) status ;;
  *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
