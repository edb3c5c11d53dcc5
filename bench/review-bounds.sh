#!/usr/bin/env bash
# Benchmark: `validate` and `diff` on the sample repository and on the inputs that once leaked
# files, hung, or exhausted memory, time or the stack (issue #9, section 5). Prints wall time,
# CPU time (user + system: steadier than wall time on a busy machine), peak resident memory
# and exit code of each run; a run is stopped after TIMEOUT seconds and,
# as a safety net for other work on the machine, the .NET heap is capped at 1 GB.
# Usage: bench/review-bounds.sh [RECONCILER_DLL] [TIMEOUT]
#   RECONCILER_DLL defaults to this tree's Release build (built when missing); pass an older
#   build's reconciler.dll to measure it on the same inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
dll=${1:-src/Reconciler.Cli/bin/Release/net10.0/reconciler.dll}
limit=${2:-60}
[[ -f $dll ]] || dotnet build src/Reconciler.Cli -c Release --nologo -v quiet >/dev/null
dll=$(realpath "$dll")
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d /tmp/reconciler-bounds.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "outside: hunter2" > "$work/outside.txt"

# Each seed is the sample repository plus one hostile file.
seed() { # NAME, then a command run inside the copy
  local name=$1; shift
  cp -r sample-repo "$work/$name"
  (cd "$work/$name" && "$@")
}
stack() { # a Stack whose compose file is $1
  mkdir -p stacks/flood
  printf 'apiVersion: reconciler/v1\nkind: Stack\nmetadata:\n  name: flood\nspec:\n  compose: %s\n' "$1" > stacks/flood/stack.yaml
}
link_compose_out() { stack compose.yaml; ln -s "$work/outside.txt" stacks/flood/compose.yaml; }
link_root() { ln -s / host; }
link_zero() { ln -s /dev/zero zero.yaml; }
fifo() { mkfifo pipe.yaml; }
nested() { python3 -c "print('a: ' + '[' * 30000 + ']' * 30000)" > deep.yaml; }
aliases() {
  python3 - <<'PY' > aliases.yaml
doc = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abc", "bcd")) + "e: [*d, *d, *d, *d, *d]\n"
print("---\n".join([doc] * 400), end="")
PY
}
interpolation() { # a compose file of just under 1 MiB: first plain text, then unclosed "${"
  stack compose.yaml
  python3 -c "print(\"services:\n  web:\n    image: '\" + '$1' * 500000 + \"'\")" > stacks/flood/compose.yaml
}

seed sample true
seed link-compose-out link_compose_out
seed link-to-root link_root
seed link-to-dev-zero link_zero
seed fifo fifo
seed nested-30000 nested
seed aliases-400-documents aliases
seed interpolation-plain interpolation xy
seed interpolation-unclosed interpolation '${'

measure() { # LABEL, then the command; prints wall and CPU seconds, peak RSS in MB and the exit code
  local label=$1; shift
  local out="$work/time.txt" code=0
  DOTNET_GCHeapHardLimit=0x40000000 timeout "$limit" /usr/bin/time -f '%e %U %S %M' -o "$out" "$@" >/dev/null 2>&1 || code=$?
  if [[ $code == 124 ]]; then
    printf '%-28s %-9s %8s %8s %8s   %s\n' "$label" "$command" "timeout" "-" "-" "stopped after ${limit}s"
  else
    read -r seconds user system kilobytes < <(tail -1 "$out")
    printf '%-28s %-9s %7ss %7ss %6sMB   exit %s\n' "$label" "$command" "$seconds" "$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')" "$((kilobytes / 1024))" "$code"
  fi
}

printf '%-28s %-9s %8s %8s %8s   %s\n' input command wall cpu peak result
for dir in "$work"/*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  command=validate measure "$name" dotnet "$dll" validate "$dir"
done

# diff: the sample repository committed, then each seed committed on top (git keeps links
# as links; it cannot hold a FIFO).
for dir in "$work"/*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  [[ $name == sample || $name == fifo ]] && continue
  repo="$work/git-$name"
  git init -q -b main "$repo"
  cp -r sample-repo "$repo/desired"
  git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@b commit -qm base
  rm -rf "$repo/desired" && cp -a "$dir" "$repo/desired"
  git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@b commit -qm seed
  command=diff measure "$name" dotnet "$dll" diff HEAD~1 HEAD "$repo/desired"
done
