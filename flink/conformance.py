"""Runs Weir's exported Flink SQL jobs on real Apache Flink (PyFlink) and
compares their output with Weir's replay of the same events.

Usage (from flink/conformance.sh): python conformance.py REPO_ROOT OUT_DIR [sql] [java] [adversarial]

For each input (flink/tests/fixtures/events.csv and boundary/events.csv)
and each SQL golden (flink/tests/golden/{tumbling,sliding,session}.sql, which
`cargo test -p weir-flink --test flink_export` keeps equal to `to_flink_sql`'s output for
maxOutOfOrderness 1999, allowed lateness 0), it:
  1. writes the events as the exported source expects them (no header;
     key,event_time_ms,value in arrival order),
  2. runs the script: SET statements go to the table config (executeSql does
     not take SET), CREATE TABLE statements run as they are, and the
     INSERT's SELECT is collected instead of written to the print sink,
  3. runs Weir's replay example (built by conformance.sh) with the same design,
  4. compares the rows sorted by key, window (floats within 1e-9 relative),
     and also with the result Flink recorded in the fixture (sql_*.csv).
"""
import csv
import math
import itertools
import os
import random
import subprocess
import sys
import time

from pyflink.table import EnvironmentSettings, TableEnvironment

JOBS = [
    # golden, replay --window, recorded fixture
    ("tumbling.sql", "tumbling:10000", "sql_tumble.csv"),
    ("sliding.sql", "sliding:10000,2000", "sql_hop.csv"),
    ("session.sql", "session:3000", "sql_session.csv"),
]
# Java goldens (DataStream API): golden, replay arguments.
JAVA_JOBS = [
    ("lateness.java", ["--window", "tumbling:10000", "--allowed-lateness", "5000"]),
    ("sliding_non_dividing.java", ["--window", "sliding:10000,3000"]),
]
INPUTS = ["", "boundary/"]
GOLDEN_PATH = "file:///data/events.csv"


def statements(script):
    body = "\n".join(l for l in script.splitlines() if not l.lstrip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def run_flink(script, events_path):
    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    conf = env.get_config()
    script = script.replace("'" + GOLDEN_PATH + "'", "'file://" + events_path + "'")
    rows = None
    for st in statements(script):
        if st.upper().startswith("SET "):
            k, v = st[4:].split("=", 1)
            conf.set(k.strip().strip("'"), v.strip().strip("'"))
        elif st.upper().startswith("INSERT INTO"):
            select = st.split("\n", 1)[1]
            with env.execute_sql(select).collect() as res:
                rows = [tuple(r) for r in res]
        else:
            env.execute_sql(st).wait()
    return rows


def replay_cmd():
    """The replay example: the binary conformance.sh built (WEIR_REPLAY), else
    through cargo."""
    exe = os.environ.get("WEIR_REPLAY")
    return [exe] if exe else ["cargo", "run", "-q", "-p", "weir-flink", "--example", "replay", "--"]


def close(a, b):
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def same(flink, weir):
    """Rows (key, start, end, count, sum, min, max, mean)."""
    if len(flink) != len(weir):
        return "row count %d (Flink) vs %d (Weir)" % (len(flink), len(weir))
    for f, w in zip(flink, weir):
        if f[:4] != w[:4] or not all(close(x, y) for x, y in zip(f[4:], w[4:])):
            return "first difference: Flink %s vs Weir %s" % (f, w)
    return None


def main():
    root, out = sys.argv[1], sys.argv[2]
    parts = sys.argv[3:] or ["sql", "java", "adversarial"]
    os.makedirs(out, exist_ok=True)
    fixtures = os.path.join(root, "flink/tests/fixtures")
    failures = 0
    for inp in INPUTS:
        src = os.path.join(fixtures, inp, "events.csv")
        name = inp.strip("/") or "events"
        events = os.path.join(out, name + "_input.csv")
        with open(src) as f, open(events, "w") as g:
            r = csv.DictReader(f)
            for row in r:
                g.write("%s,%s,%s\n" % (row["key"], row["event_time_ms"], row["value"]))
        for golden, window, recorded in JOBS if "sql" in parts else []:
            script = open(os.path.join(root, "flink/tests/golden", golden)).read()
            t0 = time.time()
            rows = run_flink(script, os.path.abspath(events))
            flink_s = time.time() - t0
            flink = sorted(
                (int(k), int(s), int(e), int(c), float(su), float(mi), float(ma), float(me))
                for k, s, e, c, su, mi, ma, me in rows
            )
            stem = "%s_%s" % (name, golden.split(".")[0])
            with open(os.path.join(out, stem + "_flink.csv"), "w") as g:
                g.write("key,window_start,window_end,count,sum,min,max,mean\n")
                for row in flink:
                    g.write(",".join(repr(x) if isinstance(x, float) else str(x) for x in row) + "\n")
            rep = subprocess.run(
                replay_cmd() + ["--window", window, "--max-out-of-orderness", "1999"],
                cwd=root, stdin=open(src), capture_output=True, text=True, check=True,
            ).stdout
            with open(os.path.join(out, stem + "_weir.csv"), "w") as g:
                g.write(rep)
            weir = sorted(
                (int(r["key"]), int(r["window_start"]), int(r["window_end"]), int(r["count"]),
                 float(r["sum"]), float(r["min"]), float(r["max"]), float(r["mean"]))
                for r in csv.DictReader(rep.splitlines())
            )
            rec = sorted(
                (int(r["key"]), int(r["window_start_ms"]), int(r["window_end_ms"]), int(r["count"]),
                 float(r["sum"]), float(r["min"]), float(r["max"]))
                for r in csv.DictReader(open(os.path.join(fixtures, inp, recorded)))
            )
            d1 = same(flink, weir)
            d2 = same([f[:7] for f in flink], rec)
            ok = d1 is None and d2 is None
            failures += not ok
            print("%-4s %-9s %-13s %4d windows  Flink %.1f s  vs Weir: %s  vs recorded %s: %s" % (
                "ok" if ok else "FAIL", name, golden, len(flink), flink_s,
                d1 or "same", recorded, d2 or "same"), flush=True)
    if "java" in parts:
        failures += java_jobs(root, out)
    if "adversarial" in parts:
        failures += adversarial_jobs(root, out)
    return 1 if failures else 0


def flink_lib():
    import pyflink
    return os.path.join(os.path.dirname(pyflink.__file__), "lib", "*")


def run_java(java_text, events, d):
    """Compiles a DataStream program exported by Weir (its source path set to
    `events`, its sinks turned into stdout), runs it on a local mini cluster
    and returns (firings, late rows, seconds): firings as `row` tuples, late
    rows as (key, time, value), both sorted."""
    lib = flink_lib()
    os.makedirs(d, exist_ok=True)
    text = java_text.replace('"' + GOLDEN_PATH + '"', '"file://' + events + '"')
    text = "\n".join(
        "        results.print();" if l.strip().startswith("results.sinkTo(")
        else '        late.print("late");' if l.strip().startswith("late.sinkTo(")
        else l for l in text.split("\n"))
    open(os.path.join(d, "WeirWindowJob.java"), "w").write(text)
    t0 = time.time()
    subprocess.run(["javac", "-nowarn", "-cp", lib, "WeirWindowJob.java"], cwd=d, check=True,
                   capture_output=True)
    run = subprocess.run(
        ["java", "--add-opens", "java.base/java.util=ALL-UNNAMED",
         "--add-opens", "java.base/java.lang=ALL-UNNAMED",
         "-cp", lib + os.pathsep + ".", "WeirWindowJob"],
        cwd=d, capture_output=True, text=True, check=True)
    lines = [l for l in run.stdout.splitlines() if l.strip()]
    late = sorted((int(f[0]), int(f[1]), float(f[2])) for f in
                  (l[len("late> "):].split(",") for l in lines if l.startswith("late> ")))
    fired = sorted(row(f[:7] + f[-2:]) for f in
                   (l.split(",") for l in lines if not l.startswith("late> ")))
    return fired, late, time.time() - t0


def run_weir(root, args, events_csv, late_path):
    """Weir's replay of `events_csv` (with a header): (firings, late rows), sorted."""
    rep = subprocess.run(
        replay_cmd() + ["--late-out", late_path] + args,
        cwd=root, stdin=open(events_csv), capture_output=True, text=True, check=True).stdout
    fired = sorted(row([r["key"], r["window_start"], r["window_end"], r["count"], r["sum"], r["min"],
                        r["max"], r["firing"], r["watermark"]]) for r in csv.DictReader(rep.splitlines()))
    late = sorted((int(r["key"]), int(r["time_ms"]), float(r["value"]))
                  for r in csv.DictReader(open(late_path)))
    return fired, late


def compare(fired_j, late_j, fired_w, late_w, firing_kinds=True):
    """None when Flink's and Weir's firings and side output are the same."""
    if not firing_kinds:
        fired_j = sorted(f[:7] + f[8:] for f in fired_j)
        fired_w = sorted(f[:7] + f[8:] for f in fired_w)
    if len(fired_j) != len(fired_w):
        first = next((("Flink", a, "Weir", b) for a, b in zip(fired_j, fired_w) if a != b), None)
        return "firings %d (Flink) vs %d (Weir); first difference %s" % (len(fired_j), len(fired_w), first)
    for a, b in zip(fired_j, fired_w):
        if a[:4] != b[:4] or a[7:] != b[7:] or not all(close(x, y) for x, y in zip(a[4:7], b[4:7])):
            return "first difference: Flink %s vs Weir %s" % (a, b)
    if late_j != late_w:
        extra = sorted(set(late_j) ^ set(late_w))[:3]
        return "side output %d (Flink) vs %d (Weir) rows; e.g. %s" % (len(late_j), len(late_w), extra)
    return None


def java_jobs(root, out):
    """Compiles each Java golden against the jars bundled in PyFlink, runs it
    on a local mini cluster (print sinks), and compares every firing (key,
    window, count, sum, min, max, firing kind, watermark) and the late side
    output with Weir's replay (which keeps its own order; compared sorted)."""
    failures = 0
    for golden, args in JAVA_JOBS:
        src_text = open(os.path.join(root, "flink/tests/golden", golden)).read()
        for inp in INPUTS:
            name = inp.strip("/") or "events"
            events = os.path.abspath(os.path.join(out, name + "_input.csv"))
            d = os.path.join(out, "java_%s_%s" % (name, golden.split(".")[0]))
            fired_j, late_j, java_s = run_java(src_text, events, d)
            fired_w, late_w = run_weir(
                root, ["--max-out-of-orderness", "1999"] + args,
                os.path.join(root, "flink/tests/fixtures", inp, "events.csv"), os.path.join(d, "weir_late.csv"))
            diff = compare(fired_j, late_j, fired_w, late_w)
            failures += diff is not None
            print("%-4s %-9s %-26s %4d firings, %3d late rows  Flink %.1f s  vs Weir: %s" % (
                "ok" if diff is None else "FAIL", name, golden, len(fired_j), len(late_j), java_s,
                diff or "same"), flush=True)
    return failures


# Streams the fixtures do not have, each design exported as Java (DataStream:
# no SQL watermark floor at 0, side output, lateness, any slide) by Weir itself.
# (window, maxOutOfOrderness, allowed lateness)
ADVERSARIAL = [
    ("tumbling:1000@-300", 200, 0),
    ("tumbling:1000", 0, 700),
    ("sliding:1000,300@100", 150, 400),
    ("sliding:300,1000", 100, 0),
    ("sliding:300,1000@-700", 100, 300),
    ("sliding:1000,250", 50, 0),
    ("session:400", 100, 0),
    ("session:400", 100, 1500),
    ("session:1", 0, 50),
]


def adversarial_stream(seed, n=6000, keys=12):
    """A seeded stream that crosses time 0 (about half of it before 0), with duplicate
    timestamps (within and across keys), bounded disorder, some events far
    behind the watermark (late, and late enough to bridge session gaps),
    pauses longer than the session gaps, and integer values (so sums are
    exact in any order)."""
    rnd = random.Random(seed)
    t = -330000
    rows = []
    for _ in range(n):
        t += rnd.choice([0, 0, 1, 3, 7, 20, 40, 90, 350, 600])
        k = rnd.randrange(keys)
        r = rnd.random()
        if r < 0.06:
            e = t - rnd.randrange(0, 2500)
        elif r < 0.5:
            e = t - rnd.randrange(0, 250)
        else:
            e = t
        if rnd.random() < 0.1 and rows:
            e = rows[-1][1]
        rows.append((k, e, float(rnd.randrange(-50, 51))))
    return rows


def bridging_merges(fired):
    """How many fired session windows contain two or more disjoint session
    windows of the same key that fired before: a late event bridged them."""
    by_key = {}
    for f in fired:
        by_key.setdefault(f[0], set()).add((f[1], f[2]))
    count = 0
    for ws in by_key.values():
        for s2, e2 in ws:
            inner = sorted((s1, e1) for s1, e1 in ws if s2 <= s1 and e1 <= e2 and (s1, e1) != (s2, e2))
            if any(a[1] <= b[0] for a, b in zip(inner, inner[1:])):
                count += 1
    return count


def adversarial_jobs(root, out, seeds=(1,), designs=None):
    failures = 0
    for seed in seeds:
        events = os.path.abspath(os.path.join(out, "adversarial_%d_input.csv" % seed))
        rows = adversarial_stream(seed)
        times = [e for _, e, _ in rows]
        dup = len(rows) - len(set((k, e) for k, e, _ in rows))
        behind = max(m - e for m, e in zip(itertools.accumulate(times, max), times))
        print("adversarial stream (seed %d): %d events, %d before time 0, %d duplicate (key, time) pairs, "
              "up to %d ms out of order" % (seed, len(rows), sum(e < 0 for e in times), dup, behind), flush=True)
        if not (min(times) < 0 < max(times) and dup > 0 and behind > 1500):
            print("FAIL the adversarial stream lost one of its properties", flush=True)
            failures += 1
        with open(events, "w") as g:
            for k, e, v in rows:
                g.write("%d,%d,%r\n" % (k, e, v))
        with_header = events.replace("_input.csv", "_events.csv")
        with open(with_header, "w") as g:
            g.write("key,event_time_ms,value\n")
            for k, e, v in rows:
                g.write("%d,%d,%r\n" % (k, e, v))
        for i, (window, dd, ll) in enumerate(designs or ADVERSARIAL):
            d = os.path.join(out, "adversarial_%d_%d" % (seed, i))
            os.makedirs(d, exist_ok=True)
            java_path = os.path.join(d, "export.java")
            args = ["--window", window, "--max-out-of-orderness", str(dd), "--allowed-lateness", str(ll)]
            fired_w, late_w = run_weir(root, args + ["--export-java", java_path], with_header,
                                       os.path.join(d, "weir_late.csv"))
            fired_j, late_j, java_s = run_java(open(java_path).read(), events, d)
            # Flink's DataStream program cannot see whether a window's first
            # firing was on time (see the export's notes): compared without it.
            diff = compare(fired_j, late_j, fired_w, late_w, firing_kinds=False)
            if diff is None and window.startswith("session") and ll >= 1000:
                bridged = bridging_merges(fired_w)
                print("     %d sessions were merged from sessions that had already fired, by a late event" % bridged)
                if bridged == 0:
                    diff = "the stream no longer merges fired sessions with late events"
            failures += diff is not None
            print("%-4s seed %d  %-22s D=%-4d L=%-5d %5d firings, %4d late rows  Flink %.1f s  vs Weir: %s" % (
                "ok" if diff is None else "FAIL", seed, window, dd, ll, len(fired_j), len(late_j), java_s,
                diff or "same"), flush=True)
    return failures


def row(f):
    """key, start, end, count, sum, min, max, firing, watermark."""
    return (int(f[0]), int(f[1]), int(f[2]), int(f[3]), float(f[4]), float(f[5]), float(f[6]), f[7], f[8])


if __name__ == "__main__":
    sys.exit(main())
