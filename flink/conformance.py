"""Runs Weir's exported Flink SQL jobs on real Apache Flink (PyFlink) and
compares their output with Weir's replay of the same events.

Usage (from flink/conformance.sh): python conformance.py REPO_ROOT OUT_DIR [sql] [java] [adversarial] [v2 [record] [only=NAME]...]

(`v2`, not in the default run until Weir's engine runs the v2 designs: see
v2_jobs.)

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
    # With no parts named (the `flink` suite of ./weir test), v2 runs one
    # design per feature on real Flink, adversarial streams first; `v2`
    # alone runs all of them (every recorded fixture is also compared with
    # Weir, without Flink, by `cargo test -p weir-flink --test flink_v2`).
    parts = sys.argv[3:] or ["sql", "java", "adversarial", "v2"] + ["only=" + o for o in V2_DEFAULT]
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
    if "v2" in parts:
        only = [p[len("only="):] for p in parts if p.startswith("only=")]
        failures += v2_jobs(root, out, record="record" in parts, only=only)
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


# ---- v2 (SEMANTICS.md, triggers, accumulation, cumulate) -------------------
#
# Each design is exported by Weir (flink/examples/export.rs, the flags of
# "Replay flags (v2)"), run on real Flink, and compared row by row (firing kind
# and watermark included) with Weir's replay given the same flags. Java jobs:
# the exported WeirTrigger tells each firing's kind (early / on-time / late /
# final) from the trigger call that fired it, the contract's rule. SQL jobs
# (CUMULATE) have no kind column: every Weir row must be on-time there.
# Flink's rows are recorded in flink/tests/fixtures/v2/ (`v2 record` rewrites
# them; `v2` alone compares with them too), which flink/tests/flink_v2.rs
# replays without Flink.
FIXTURE_D = ["--max-out-of-orderness", "1999"]
# The v2 designs the default run (the `flink` suite) puts on real Flink: count
# triggers with discarding and session merges, every-event, final, cumulate,
# retracting.
V2_DEFAULT = [
    "adversarial_1_session_count4_discarding",
    "adversarial_1_sampling_count2_discarding",
    "adversarial_1_session_every_event",
    "adversarial_1_sliding_final",
    "adversarial_1_shifted_cumulate_300_1200_at-100",
    "events_cumulate_2s_10s",
    "tumbling_retracting",
]
# (name, flags) run on events.csv and boundary/events.csv.
V2_FIXTURE_JOBS = [
    ("tumbling_count3", ["--window", "tumbling:10000", "--allowed-lateness", "5000", "--early", "count:3"]),
    ("tumbling_count3_discarding", ["--window", "tumbling:10000", "--allowed-lateness", "5000",
                                    "--early", "count:3", "--accumulation", "discarding"]),
    ("sliding_count2", ["--window", "sliding:10000,2000", "--allowed-lateness", "5000", "--early", "count:2"]),
    ("sliding3_count4_discarding", ["--window", "sliding:10000,3000", "--allowed-lateness", "5000",
                                    "--early", "count:4", "--accumulation", "discarding"]),
    ("session_count3", ["--window", "session:3000", "--allowed-lateness", "5000", "--early", "count:3"]),
    ("session_count3_discarding", ["--window", "session:3000", "--allowed-lateness", "5000",
                                   "--early", "count:3", "--accumulation", "discarding"]),
    ("tumbling_discarding", ["--window", "tumbling:10000", "--allowed-lateness", "5000",
                             "--accumulation", "discarding"]),
    ("tumbling_every_event", ["--window", "tumbling:10000", "--allowed-lateness", "5000",
                              "--mode", "every-event"]),
    ("session_final", ["--window", "session:3000", "--allowed-lateness", "5000", "--mode", "final"]),
]
V2_FIXTURE_SQL = [
    ("cumulate_2s_10s", ["--window", "cumulate:2000,10000"]),
    ("cumulate_1s_4s_at2500", ["--window", "cumulate:1000,4000@2500"]),
]
# Designs on the seeded adversarial stream (negative times, duplicate
# timestamps, late events that merge fired sessions, offsets, slides that do
# not divide the size or exceed it).
V2_ADVERSARIAL_JOBS = [
    ("tumbling_count3_discarding", ["--window", "tumbling:1000@-300", "--max-out-of-orderness", "200",
                                    "--allowed-lateness", "700", "--early", "count:3",
                                    "--accumulation", "discarding"]),
    ("sliding_count2", ["--window", "sliding:1000,300@100", "--max-out-of-orderness", "150",
                        "--allowed-lateness", "400", "--early", "count:2"]),
    ("sampling_count2_discarding", ["--window", "sliding:300,1000@-700", "--max-out-of-orderness", "100",
                                    "--allowed-lateness", "300", "--early", "count:2",
                                    "--accumulation", "discarding"]),
    ("session_count3", ["--window", "session:400", "--max-out-of-orderness", "100",
                        "--allowed-lateness", "1500", "--early", "count:3"]),
    ("session_count4_discarding", ["--window", "session:400", "--max-out-of-orderness", "100",
                                   "--allowed-lateness", "1500", "--early", "count:4",
                                   "--accumulation", "discarding"]),
    ("session_discarding", ["--window", "session:400", "--max-out-of-orderness", "100",
                            "--allowed-lateness", "1500", "--accumulation", "discarding"]),
    ("session1_count2", ["--window", "session:1", "--max-out-of-orderness", "0",
                         "--allowed-lateness", "50", "--early", "count:2"]),
    ("sliding_final", ["--window", "sliding:1000,250", "--max-out-of-orderness", "50",
                       "--allowed-lateness", "300", "--mode", "final"]),
    ("session_every_event", ["--window", "session:400", "--max-out-of-orderness", "100",
                             "--allowed-lateness", "1500", "--mode", "every-event"]),
]
# Run on Flink, not compared with Weir: Flink's ContinuousEventTimeTrigger
# differs from the contract's event-time early firings by design (the
# export's notes list how); checked to run and to fire early.
V2_FLINK_ONLY = [
    ("sliding_event_time_1s", ["--window", "sliding:10000,2000", "--allowed-lateness", "5000",
                               "--early", "event-time:1000"] + FIXTURE_D),
    ("session_event_time_1s_discarding", ["--window", "session:3000", "--allowed-lateness", "5000",
                                          "--early", "event-time:1000", "--accumulation", "discarding"]
     + FIXTURE_D),
]
# CUMULATE on the adversarial stream moved after time 0: Flink SQL never
# emits a watermark <= 0 (SEMANTICS.md), so before 0 it differs from Weir by
# design. Offsets and duplicate timestamps stay.
V2_ADVERSARIAL_SQL = [
    ("cumulate_300_1200_at-100", ["--window", "cumulate:300,1200@-100", "--max-out-of-orderness", "150"]),
    ("cumulate_250_1000", ["--window", "cumulate:250,1000", "--max-out-of-orderness", "0"]),
]
ADVERSARIAL_SQL_SHIFT = 400000
# Retracting (Flink SQL's update-before / update-after): not an export (the
# window TVFs are insert-only), but Flink SQL's legacy group windows with the
# experimental late firing ('table.exec.emit.late-fire.delay' = '0 s': one
# firing per late row, event time only, so deterministic) emit -U then +U for
# each late row within 'table.exec.emit.allow-lateness'. Compared with Weir's
# `--accumulation retracting` as a changelog (see weir_changelog).
# (name, GROUP BY window, its _START/_END prefix, Weir's window)
V2_RETRACT_SQL = [
    ("tumbling_retracting", "TUMBLE(ts, INTERVAL '10' SECOND)", "TUMBLE", "tumbling:10000"),
    ("sliding_retracting", "HOP(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND)", "HOP", "sliding:10000,2000"),
]
# (Sessions: Flink 2.3 refuses, "Session window doesn't support EMIT strategy currently.")
# The firing column of these rows is Flink's row kind (+I, -U, +U): +I is a
# window's first row, on time or (for a window that held nothing at its end)
# late, which SQL cannot tell apart. Weir's rows are compared as the same
# changelog: a window's first row +I, a retract row -U, a later row +U.


def weir_changelog(rows):
    """Weir's rows (in emission order) with their firing kind as row kinds."""
    seen = set()
    out = []
    for r in rows:
        w = r[:3]
        kind = "-U" if r[7] == "retract" else "+U" if w in seen else "+I"
        seen.add(w)
        out.append(r[:7] + (kind, ""))
    return out


def retract_sql(group, fn):
    """The legacy group-window query of V2_RETRACT_SQL, bounds as epoch ms."""
    def ms(b):
        t = "CAST(%s_%s(%s) AS TIMESTAMP(3))" % (fn, b, group[group.index("(") + 1:-1])
        return "EXTRACT(EPOCH FROM %s) * 1000 + EXTRACT(MILLISECOND FROM %s)" % (t, t)
    return ("SELECT `key`, %s AS ws, %s AS we, COUNT(*), SUM(`value`), MIN(`value`), MAX(`value`) "
            "FROM events GROUP BY `key`, %s" % (ms("START"), ms("END"), group))


def run_flink_retract(select, events_path, lateness_ms):
    """Runs `select` over the events with late firing on; rows with their kind."""
    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    conf = env.get_config()
    for k, v in [("parallelism.default", "1"), ("pipeline.auto-watermark-interval", "0"),
                 ("table.local-time-zone", "UTC"), ("table.exec.emit.late-fire.enabled", "true"),
                 ("table.exec.emit.late-fire.delay", "0 s"),
                 ("table.exec.emit.allow-lateness", "%d ms" % lateness_ms)]:
        conf.set(k, v)
    env.execute_sql(
        "CREATE TABLE events (`key` BIGINT, t BIGINT, `value` DOUBLE, ts AS TO_TIMESTAMP_LTZ(t, 3), "
        "WATERMARK FOR ts AS ts - INTERVAL '2' SECOND) WITH ('connector' = 'filesystem', "
        "'path' = 'file://%s', 'format' = 'csv')" % events_path).wait()
    rows = []
    with env.execute_sql(select).collect() as res:
        for r in res:
            k, s, e, c, su, mi, ma = tuple(r)
            rows.append((int(k), int(s), int(e), int(c), float(su), float(mi), float(ma),
                         str(r.get_row_kind()), ""))
    return sorted(rows)
V2_HEADER = "key,window_start,window_end,count,sum,min,max,firing,watermark"
V2_SQL_HEADER = "key,window_start,window_end,count,sum,min,max"


def export_job(flags):
    exe = os.environ.get("WEIR_EXPORT")
    cmd = [exe] if exe else ["cargo", "run", "-q", "-p", "weir-flink", "--example", "export", "--"]
    return subprocess.run(cmd + flags, capture_output=True, text=True, check=True).stdout


def fmt(x):
    return repr(x) if isinstance(x, float) else str(x)


def write_rows(path, header, rows):
    with open(path, "w") as g:
        g.write(header + "\n")
        for r in rows:
            g.write(",".join(fmt(x) for x in r) + "\n")


def read_rows(path, sql):
    conv = (int, int, int, int, float, float, float) + (() if sql else (str, str))
    with open(path) as f:
        next(f)
        return sorted(tuple(c(x) for c, x in zip(conv, l.rstrip("\n").split(",")))
                      for l in f if l.strip())


def read_late(path):
    with open(path) as f:
        next(f)
        # The first three columns: Weir's side output also has the watermark.
        return sorted((int(r[0]), int(r[1]), float(r[2]))
                      for r in (l.strip().split(",") for l in f if l.strip()))


def v2_diff(flink, weir, sql):
    """None when the row sets are equal (floats within 1e-9 relative), else
    a diff: the counts and up to five rows on each side that the other lacks."""
    def key(r):
        return r[:4] + ((r[7], r[8]) if not sql else ())
    def eq(a, b):
        return key(a) == key(b) and all(close(x, y) for x, y in zip(a[4:7], b[4:7]))
    if len(flink) == len(weir) and all(eq(a, b) for a, b in zip(flink, weir)):
        return None
    only_f = [r for r in flink if not any(eq(r, w) for w in weir)][:5]
    only_w = [r for r in weir if not any(eq(r, f) for f in flink)][:5]
    return "%d rows (Flink) vs %d (Weir)\n        only in Flink: %s\n        only in Weir:  %s" % (
        len(flink), len(weir), only_f, only_w)


def v2_weir(root, flags, events_csv, late_path, sql):
    """Weir's replay with the v2 flags: (rows, late rows), or an error string."""
    try:
        rep = subprocess.run(replay_cmd() + ["--late-out", late_path] + flags, cwd=root,
                             stdin=open(events_csv), capture_output=True, text=True, check=True).stdout
    except subprocess.CalledProcessError as e:
        why = e.stderr.strip().splitlines()[0] if e.stderr.strip() else str(e)
        return None, None, "replay failed: %s" % why
    rows = []
    for r in csv.DictReader(rep.splitlines()):
        base = (int(r["key"]), int(r["window_start"]), int(r["window_end"]), int(r["count"]),
                float(r["sum"]), float(r["min"]), float(r["max"]))
        if sql:
            if r["firing"] != "on-time":
                return None, None, "a %s row where Flink SQL fires on time only: %s" % (r["firing"], base)
            rows.append(base)
        else:
            # Weir's replay writes -inf as i64::MIN; the exported job writes "-inf".
            wm = "-inf" if r["watermark"] == str(-2 ** 63) else r["watermark"]
            rows.append(base + (r["firing"], wm))
    # In emission order: weir_changelog needs it; the caller sorts.
    return rows, read_late(late_path), None


def v2_one(root, out, stem, flags, events_input, events_csv, sql, record):
    """Runs one design on Flink and in Weir; returns 1 on a mismatch. `sql`:
    False (an exported Java job), True (an exported SQL script) or
    (select, lateness) for a V2_RETRACT_SQL query."""
    if V2_ONLY and not any(o in stem for o in V2_ONLY):
        return 0
    d = os.path.join(out, "v2", stem)
    os.makedirs(d, exist_ok=True)
    fixtures = os.path.join(root, "flink/tests/fixtures/v2")
    t0 = time.time()
    retract = isinstance(sql, tuple)
    if retract:
        flink = run_flink_retract(sql[0], events_input, sql[1])
        late_j = None
        sql = False
    elif sql:
        text = export_job(flags)
        flink = sorted((int(k), int(s), int(e), int(c), float(su), float(mi), float(ma))
                       for k, s, e, c, su, mi, ma, _me in run_flink(text, events_input))
        late_j = None
    else:
        text = export_job(flags)
        fired, late_j, _ = run_java(text, events_input, d)
        # run_java's rows: (key, start, end, count, sum, min, max, firing, watermark).
        flink = sorted(fired)
    flink_s = time.time() - t0
    header = V2_SQL_HEADER if sql else V2_HEADER
    write_rows(os.path.join(d, "flink.csv"), header, flink)
    rec_path = os.path.join(fixtures, stem + ".csv")
    if record:
        os.makedirs(fixtures, exist_ok=True)
        write_rows(rec_path, header, flink)
        if late_j is not None:
            write_rows(os.path.join(fixtures, stem + "_late.csv"), "key,time_ms,value", late_j)
        vs_rec = "recorded"
    elif os.path.exists(rec_path):
        vs_rec = v2_diff(flink, read_rows(rec_path, sql), sql)
        vs_rec = "FLINK CHANGED: " + vs_rec if vs_rec else "same"
        if late_j is not None and vs_rec == "same" and read_late(rec_path[:-4] + "_late.csv") != late_j:
            vs_rec = "FLINK CHANGED: side output"
    else:
        vs_rec = "no fixture (run `flink/conformance.sh v2 record`)"
    weir, late_w, err = v2_weir(root, flags, events_csv, os.path.join(d, "weir_late.csv"), sql)
    if retract and err is None:
        weir = weir_changelog(weir)
    if err is None:
        weir = sorted(weir)
        write_rows(os.path.join(d, "weir.csv"), header, weir)
        err = v2_diff(flink, weir, sql)
        if err is None and late_j is not None and late_j != late_w:
            extra = sorted(set(late_j) ^ set(late_w))[:5]
            err = "side output %d (Flink) vs %d (Weir) rows; e.g. %s" % (len(late_j), len(late_w), extra)
    kinds = {}
    for r in flink:
        if not sql:
            kinds[r[7]] = kinds.get(r[7], 0) + 1
    bad = err is not None or vs_rec.startswith("FLINK CHANGED")
    print("%-4s v2 %-44s %5d rows %s Flink %.1f s  vs recorded: %s  vs Weir: %s" % (
        "FAIL" if bad else "ok", stem, len(flink),
        "(SQL)" if sql else "(" + ", ".join("%s %d" % kv for kv in sorted(kinds.items())) + ")",
        flink_s, vs_rec, err or "same"), flush=True)
    return 1 if bad else 0


V2_ONLY = []


def v2_jobs(root, out, record=False, only=()):
    """Every v2 design on every stream (`only`: those whose name contains one
    of these)."""
    V2_ONLY[:] = only
    failures = 0
    fixtures = os.path.join(root, "flink/tests/fixtures")
    for inp in INPUTS:
        name = inp.strip("/") or "events"
        src = os.path.join(fixtures, inp, "events.csv")
        events = os.path.abspath(os.path.join(out, name + "_input.csv"))
        with open(src) as f, open(events, "w") as g:
            for r in csv.DictReader(f):
                g.write("%s,%s,%s\n" % (r["key"], r["event_time_ms"], r["value"]))
        for stem, flags in V2_FIXTURE_JOBS:
            failures += v2_one(root, out, name + "_" + stem, flags + FIXTURE_D, events, src, False, record)
        for stem, flags in V2_FIXTURE_SQL:
            failures += v2_one(root, out, name + "_" + stem, flags + FIXTURE_D, events, src, True, record)
        for stem, group, fn, window in V2_RETRACT_SQL:
            flags = ["--window", window, "--allowed-lateness", "5000", "--accumulation", "retracting"]
            failures += v2_one(root, out, name + "_" + stem, flags + FIXTURE_D, events, src,
                               (retract_sql(group, fn), 5000), record)
        for stem, flags in V2_FLINK_ONLY if name == "events" else []:
            if V2_ONLY and not any(o in stem for o in V2_ONLY):
                continue
            d = os.path.join(out, "v2", name + "_" + stem)
            t0 = time.time()
            fired, late_j, _ = run_java(export_job(flags), events, d)
            kinds = {}
            for r in fired:
                kinds[r[7]] = kinds.get(r[7], 0) + 1
            # (Discarding sessions may have no on-time rows: the point after a
            # session's last event reports everything, leaving nothing new at its end.)
            ok = kinds.get("early", 0) > 0
            failures += not ok
            print("%-4s v2 %-44s %5d rows (%s) Flink %.1f s  (Flink only: ContinuousEventTimeTrigger differs "
                  "from Weir by design, see the export's notes)" % (
                      "ok" if ok else "FAIL", name + "_" + stem, len(fired),
                      ", ".join("%s %d" % kv for kv in sorted(kinds.items())), time.time() - t0), flush=True)
    seed = 1
    rows = adversarial_stream(seed)
    v2dir = os.path.join(fixtures, "v2")
    os.makedirs(v2dir, exist_ok=True)
    for shift, jobs, sql in ((0, V2_ADVERSARIAL_JOBS, False), (ADVERSARIAL_SQL_SHIFT, V2_ADVERSARIAL_SQL, True)):
        tag = "adversarial_%d%s" % (seed, "_shifted" if shift else "")
        events = os.path.abspath(os.path.join(out, tag + "_input.csv"))
        with open(events, "w") as g:
            for k, e, v in rows:
                g.write("%d,%d,%r\n" % (k, e + shift, v))
        # The stream with a header, for Weir (and for the Rust test, without Flink).
        with_header = os.path.join(v2dir, tag + "_events.csv")
        text = "key,event_time_ms,value\n" + "".join("%d,%d,%r\n" % (k, e + shift, v) for k, e, v in rows)
        if record or not os.path.exists(with_header):
            open(with_header, "w").write(text)
        elif open(with_header).read() != text:
            print("FAIL %s no longer matches adversarial_stream(%d): record again" % (with_header, seed))
            failures += 1
        for stem, flags in jobs:
            failures += v2_one(root, out, tag + "_" + stem, flags, events, with_header, sql, record)
    return failures


if __name__ == "__main__":
    sys.exit(main())
