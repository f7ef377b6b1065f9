#!/usr/bin/env bash
# Instructions per event of the wasm module in Node, counted by callgrind:
# load-proof, where `./weir bench-js` times (and needs a quiet machine).
# For each package and window, Node runs bench/wasm-icount.mjs (bench.js's
# stream of 300,000 events through pushBatch + drainColumns) with 2 and
# with 3 passes, with every wasm function compiled by TurboFan
# (--no-liftoff) and named in V8's perf map (--perf-basic-prof); the
# difference is one pass: JIT instructions per event, then the TOP
# functions (wasm-function[N], unless wasm-opt ran with -g, which keeps
# the name section: compare packages by their totals, read names in a -g
# build). About a minute per package and window.
#
#   bench/wasm-icount.sh                         # www/pkg, every window
#   TOP=15 bench/wasm-icount.sh /tmp/base-pkg www/pkg session
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v valgrind >/dev/null || { echo "needs valgrind (callgrind)" >&2; exit 1; }
pkgs=() wins=()
for a in "$@"; do
  case $a in tumbling | sliding | session) wins+=("$a") ;; *) pkgs+=("$(cd "$a" && pwd)") ;; esac
done
[ ${#pkgs[@]} -gt 0 ] || pkgs=("$here/../www/pkg")
[ ${#wins[@]} -gt 0 ] || wins=(tumbling sliding session)
work=$(mktemp -d /tmp/weir-wasm-icount.XXXXXX)
trap 'rm -rf "$work"' EXIT
for w in "${wins[@]}"; do
  for p in "${pkgs[@]}"; do
    for r in 2 3; do
      # Valgrind runs Node in its own process: the map is /tmp/perf-<pid>.map.
      valgrind --tool=callgrind --smc-check=all-non-file --dump-instr=yes \
        --compress-pos=no --compress-strings=no --callgrind-out-file="$work/cg.$r" \
        node --no-liftoff --single-threaded --perf-basic-prof \
        "$here/wasm-icount.mjs" "$p" "$w" $r >"$work/log.$r" 2>&1 &
      pid=$!
      wait $pid || { cat "$work/log.$r" >&2; exit 1; }
      mv "/tmp/perf-$pid.map" "$work/map.$r"
    done
    events=$(grep -o 'events [0-9]*' "$work/log.2" | cut -d' ' -f2)
    echo "$w  $p"
    python3 "$here/wasm-icount.py" "$events" "${TOP:-8}" "$work/cg.2" "$work/map.2" "$work/cg.3" "$work/map.3"
  done
done
