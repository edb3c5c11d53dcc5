# Sourced (from the repository root) by the bench scripts that need the lab. It uses the running
# lab when RECONCILER_LAB_DOCKER_HOST is set (then run the bench under the lab's lock), otherwise
# installs and starts one, which lab_down stops again: call it last in the script's EXIT trap.
# It also gives the helpers the scripts share.
started_lab=no
if [[ -z ${RECONCILER_LAB_DOCKER_HOST:-} ]]; then
  scripts/lab-install.sh
  scripts/lab.sh up
  started_lab=yes
fi
eval "$(scripts/lab.sh env)"

lab_down() { if [[ $started_lab == yes ]]; then scripts/lab.sh down >/dev/null 2>&1 || true; fi; }
in_atlas() { scripts/lab.sh exec atlas "$@"; }
in_hermes() { scripts/lab.sh exec hermes "$@"; }
now_ms() { date +%s%3N; }
# The median of the numbers on stdin, one a line.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# destroy in_atlas|in_hermes DATASET: zfs-fuse calls a dataset that was just used "busy" for a moment.
destroy() { for _ in $(seq 20); do "$1" zfs destroy -r "$2" 2>/dev/null && return 0; "$1" zfs list "$2" >/dev/null 2>&1 || return 0; sleep 0.5; done; }
# publish_cli DIR: this tree's reconciler, as installed, in DIR/bin.
publish_cli() { dotnet publish src/Reconciler.Cli -c Release -o "$1/bin" --nologo -v quiet >/dev/null; }
# bench_repository DIR STACK [worker]: a repository in DIR for the lab's atlas (and hermes when
# asked) with a Stack STACK; the script writes its stacks/STACK/compose.yaml.
bench_repository() {
  mkdir -p "$1/stacks/$2"
  { printf 'apiVersion: reconciler/v1\nkind: Cluster\nmetadata: {name: bench}\nspec:\n  nodes:\n'
    printf '    - {name: %s, role: manager, address: local}\n' "$RECONCILER_LAB_MANAGER"
    if [[ ${3:-} == worker ]]; then printf '    - {name: %s, role: worker, address: "%s"}\n' "$RECONCILER_LAB_WORKER" "$RECONCILER_LAB_SSH_DESTINATION"; fi
  } > "$1/cluster.yaml"
  printf 'apiVersion: reconciler/v1\nkind: Stack\nmetadata: {name: %s}\nspec: {compose: compose.yaml}\n' "$2" > "$1/stacks/$2/stack.yaml"
}
