#!/usr/bin/env bash
# Where the instructions of a push go, by source function: bench/icount.sh's
# driver (bench/icount.rs, the bench's streams) built with line tables,
# counted by callgrind, and each instruction charged to the Rust function
# whose source line it came from, inlined or not (callgrind's own
# per-function view sees one function, the driver's loop, since everything
# is inlined into it). Standard-library and hashbrown lines, whose sources
# are not on the machine, are grouped by file. Load-proof, like icount.sh.
#
#   bench/profile.sh [WORKLOAD...]      # default: the four kinds over columns
#   TOP=20 KEYS=10000 bench/profile.sh in-sliding ooo-sliding-cols
set -euo pipefail
KEYS=${KEYS:-1000}
TOP=${TOP:-12}
[ $# -gt 0 ] || set -- in-tumbling-cols in-sliding-cols in-session-cols in-bursty-cols
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=${PROFILE_DIR:-/tmp/weir-profile}
command -v valgrind >/dev/null || { echo "needs valgrind (callgrind)" >&2; exit 1; }
# shellcheck source=driver.sh
. "$root/bench/driver.sh"
bin=$(build_driver "$root/core" "$work/drv" "$work/target" 'debug = "line-tables-only"')
for wl in "$@"; do
  collect='*run_engine*'
  [ "${wl%-cols}" = "$wl" ] || collect='*count_columns*'
  out=$work/$wl.out
  # Uncompressed names and positions: bench/profile.py reads them plainly.
  line=$(valgrind --tool=callgrind --compress-strings=no --compress-pos=no \
    --toggle-collect="$collect" --callgrind-out-file="$out" \
    "$bin" "$KEYS" 11 "$wl" 2>/dev/null)
  ev=$(sed -n 's/.*events=\([0-9]*\).*/\1/p' <<<"$line")
  echo "== $wl, $KEYS keys ($ev events)"
  python3 "$root/bench/profile.py" "$out" "$ev" "$TOP"
done
