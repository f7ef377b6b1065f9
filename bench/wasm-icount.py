# bench/wasm-icount.sh's arithmetic: python3 wasm-icount.py EVENTS TOP OUT_A MAP_A OUT_B MAP_B
# (callgrind outputs and V8 perf maps of runs with R and R+1 passes): the
# instructions per event of one pass, by V8 code symbol (JIT) or by native
# function (Node, V8, libc), from B minus A.
import bisect, collections, re, sys

def load(out, mp):
    syms = []
    for line in open(mp):
        a, s, name = line.rstrip("\n").split(" ", 2)
        syms.append((int(a, 16), int(s, 16), re.sub(r"::h[0-9a-f]{16}|-\d+-(turbofan|liftoff)", "", name)))
    syms.sort()
    starts = [s[0] for s in syms]
    cost, fn, skip = collections.Counter(), "", False
    for line in open(out):
        if skip:  # the line after calls= is the call's inclusive cost
            skip = False
        elif line.startswith("calls="):
            skip = True
        elif line.startswith("fn="):
            fn = line[3:].strip()
        elif line.startswith("0x"):
            p = line.split()
            a, c = int(p[0], 16), int(p[-1])
            i = bisect.bisect_right(starts, a) - 1
            if i >= 0 and a < syms[i][0] + syms[i][1]:
                cost[syms[i][2]] += c
            elif not fn.startswith("0x"):
                cost["native: " + fn] += c
            else:
                cost["jit (unmapped)"] += c
    return cost

ev, top = float(sys.argv[1]), int(sys.argv[2])
a, b = load(*sys.argv[3:5]), load(*sys.argv[5:7])
d = {k: (b[k] - a.get(k, 0)) / ev for k in set(a) | set(b)}
jit = sum(v for k, v in d.items() if not k.startswith("native: "))
nat = sum(v for k, v in d.items() if k.startswith("native: "))
print(f"  JIT {jit:.1f} instr/event (wasm + JS glue), native code {nat:.1f}")
for k, v in sorted(d.items(), key=lambda x: -abs(x[1]))[:top]:
    print(f"  {v:8.1f} {k[:100]}")
