#!/usr/bin/env bash
# A/B benchmark of the engine: commit A (default aea87f2, main before the
# restructuring) against this working tree (B). Both sides are built with
# this tree's core/benches/engine.rs (it uses only the public API), so only
# the engine differs. The runs are interleaved, A B A B ..., so that load
# from anything else on the machine falls on both sides alike; it prints
# each workload's median over the runs and the ratio B / A of the times.
#
#   bench/ab.sh            # 5 runs each (about 8 minutes on 2 busy cores)
#   RUNS=7 A=<commit> bench/ab.sh
set -euo pipefail
A=${A:-aea87f2}
RUNS=${RUNS:-5}
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=${AB_DIR:-/tmp/weir-ab}
mkdir -p "$work"
src_a="$work/src-$A"
if [ ! -d "$src_a" ]; then
  mkdir -p "$src_a.tmp"
  git -C "$root" archive "$A" | tar -x -C "$src_a.tmp"
  mv "$src_a.tmp" "$src_a"
fi
cp "$root/core/benches/engine.rs" "$src_a/core/benches/engine.rs"
# Since the firing limit, flush() returns a Result; before it, it returned ().
if ! grep -q 'pub fn flush(&mut self) -> Result' -r "$src_a/core/src"; then
  sed -i 's/e\.flush()\.unwrap();/e.flush();/' "$src_a/core/benches/engine.rs"
fi

# Before the columnar path (push_columns), A's bench has no `weir columns` rows.
if ! grep -qs 'pub fn push_columns' "$src_a/core/src/engine/columns.rs"; then
  python3 - "$src_a/core/benches/engine.rs" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r"\n/// `run_engine` over columns.*?\n}\n", "\n", s, flags=re.S)
s = re.sub(r"\n *g\.bench_with_input\(BenchmarkId::new\(\"weir columns\".*?\}\);", "", s, flags=re.S)
s = s.replace("Agg, Columns, Config", "Agg, Config")
open(p, "w").write(s)
PY
fi

build() { # dir target-dir -> path of the bench executable
  (cd "$1" && CARGO_TARGET_DIR="$2" cargo bench -p weir-core --bench engine --no-run 2>&1) |
    sed -n 's/.*Executable .*(\(.*\)).*/\1/p' | tail -1
}
echo "building A ($A) and B ($root)..." >&2
# A target directory per commit: git archive keeps the commit's mtimes,
# older than another A's build, so one shared directory reused that build.
bin_a=$(build "$src_a" "$work/target-$A")
bin_b=$(build "$root" "$root/target")
bin_b=$(cd "$root" && realpath "$bin_b")
bin_a=$(cd "$src_a" && realpath "$bin_a")
[ -x "$bin_a" ] && [ -x "$bin_b" ] || { echo "build failed" >&2; exit 1; }

out="$work/runs.txt"
: >"$out"
for i in $(seq 1 "$RUNS"); do
  for side in A B; do
    bin=$bin_a; [ $side = B ] && bin=$bin_b
    echo "run $i $side" >&2
    # bencher format: "test GROUP/NAME ... bench: N ns/iter (+/- M)"
    WEIR_BENCH_AB=1 "$bin" --bench --output-format bencher 2>/dev/null |
      sed -n "s/^test \(.*\) \.\.\. bench: *\([0-9,]*\) ns\/iter.*/$side|\1|\2/p" |
      tr -d , >>"$out"
  done
done

python3 - "$out" "$RUNS" <<'PY'
import sys, statistics
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1]) if l.strip()]
runs = {}
for side, name, ns in rows:
    runs.setdefault(name, {"A": [], "B": []})[side].append(int(ns))
# The fastest run is shown too: on a shared machine it is the one least
# disturbed by the others.
print("| workload | A median ms | B median ms | B / A (medians) | A min | B min | B / A (min) | runs |")
print("|---|---|---|---|---|---|---|---|")
for name, v in runs.items():
    if not v["A"] or not v["B"]:
        # A row one side lacks (A before the columnar path): its medians only.
        side = "A" if v["A"] else "B"
        m, lo = statistics.median(v[side]), min(v[side])
        cells = [f"{m/1e6:.1f}", "", "", f"{lo/1e6:.1f}"] if side == "A" else ["", f"{m/1e6:.1f}", "", "", f"{lo/1e6:.1f}"]
        cells = (cells + [""] * 6)[:6]
        print(f"| {name} | " + " | ".join(cells) + f" | {len(v['A'])}, {len(v['B'])} |")
        continue
    a, b = statistics.median(v["A"]), statistics.median(v["B"])
    amin, bmin = min(v["A"]), min(v["B"])
    print(f"| {name} | {a/1e6:.1f} | {b/1e6:.1f} | {b/a:.3f} | {amin/1e6:.1f} | {bmin/1e6:.1f} | {bmin/amin:.3f} | {len(v['A'])}, {len(v['B'])} |")
PY
