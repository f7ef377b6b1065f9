#!/usr/bin/env bash
# Instructions per event of the engine, counted by callgrind: a load-proof
# companion to bench/ab.sh (which times, and so needs a quiet machine).
# Each commit named (and the work tree, "."), is built with
# bench/icount.rs as the driver (the bench's streams, pushed once), and
# callgrind counts the instructions of its run_engine for each workload.
# Counts do not see cache misses or branch mispredictions: confirm a
# finding with bench/ab.sh when the machine is quiet. A workload ending in
# -cols pushes the same stream over columns (Engine::push_columns; "-" for
# a build without them); only count_columns is counted there, not the
# columns' building.
#
#   bench/icount.sh aea87f2 .              # 1,000 keys, 11 s of stream
#   KEYS=10000 WORKLOADS="in-tumbling ooo-sliding" bench/icount.sh main .
set -euo pipefail
KEYS=${KEYS:-1000}
WORKLOADS=${WORKLOADS:-"in-tumbling in-sliding in-session in-bursty ooo-tumbling ooo-sliding ooo-session ooo-bursty"}
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=${ICOUNT_DIR:-/tmp/weir-icount}
command -v valgrind >/dev/null || { echo "needs valgrind (callgrind)" >&2; exit 1; }
mkdir -p "$work"
[ $# -gt 0 ] || set -- aea87f2 .
# shellcheck source=driver.sh
. "$root/bench/driver.sh"

build() { # commit-or-. -> path of the driver executable
  local name=$1 core
  if [ "$name" = . ]; then
    name=worktree
    core=$root/core
  else
    core=$work/src-$name/core
    if [ ! -d "$work/src-$name" ]; then
      mkdir -p "$work/src-$name.tmp"
      git -C "$root" archive "$1" | tar -x -C "$work/src-$name.tmp"
      mv "$work/src-$name.tmp" "$work/src-$name"
    fi
  fi
  build_driver "$core" "$work/drv-$name" "$work/target-$name"
}

printf '| workload |'
for c in "$@"; do printf ' %s |' "$c"; done
printf '\n|---|'
for _ in "$@"; do printf -- '---|'; done
printf '\n'
declare -A bins
for c in "$@"; do bins[$c]=$(build "$c"); done
for wl in $WORKLOADS; do
  printf '| %s |' "$wl"
  for c in "$@"; do
    out=$work/callgrind-${c//\//_}-$KEYS-$wl.out
    collect='*run_engine*'
    [ "${wl%-cols}" = "$wl" ] || collect='*count_columns*'
    line=$(valgrind --tool=callgrind --toggle-collect="$collect" \
      --callgrind-out-file="$out" "${bins[$c]}" "$KEYS" 11 "$wl" 2>/dev/null)
    ev=$(sed -n 's/.*events=\([0-9]*\).*/\1/p' <<<"$line")
    ir=$(sed -n 's/^summary: //p' "$out")
    printf ' %s |' "$(awk -v i="$ir" -v e="$ev" 'BEGIN { if (e > 0) printf "%.1f", i / e; else printf "-" }')"
  done
  printf '\n'
done
