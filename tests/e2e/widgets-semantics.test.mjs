// <weir-semantics> in Chromium: the default trace under the six presets
// against values worked by hand (firings, kinds, totals, when each answer
// was known, late drops, what a downstream sum received against the true
// total, the windows that differ) and against the native replay's rows for
// the same trace (flink/tests/golden/presets/, written by
// flink/tests/presets_trace.rs) under every accumulation the toggle offers;
// a seeded simulator stream and a CSV against the engine run here in Node;
// the rule lines from the core; the keyboard path; errors; axe-core; light
// and dark; 1280 and 360 px; index.html and frame.html.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ARTIFACTS, guardedPage } from "./helpers.mjs";
import { afterChange, axeViolations, pageWith, screenshots, widgetSuite } from "./widget-helpers.mjs";
import weir, { StreamEngine, simulateSensors } from "../api/weir.mjs";

const GOLDEN = fileURLToPath(new URL("../../flink/tests/golden/presets/", import.meta.url));
const NAMES = ["flink", "flink-sql", "beam", "kafka-streams", "kafka-streams-final", "spark-append"];
// A small CSV with two sensors, served by the test.
const CSV = "key,time_ms,value\n1,500,2\n2,900,3\n1,10500,5\n2,3000,7\n1,21000,1\n2,9000,4\n";

const suite = widgetSuite({
  id: "sem",
  timeout: 30_000,
  pages: {
    "/t/default.html": pageWith(`<weir-semantics id="sem"></weir-semantics>`),
    "/t/sim.html": pageWith(`<weir-semantics id="sem" scenario="simulator" seed="7" sensors="2" duration="20s" presets="flink, beam kafka-streams"></weir-semantics>`),
    "/t/csv.html": pageWith(`<weir-semantics id="sem" src="/t/two.csv" lateness="0ms" accumulation="retracting"></weir-semantics>`),
    "/t/two.csv": CSV,
    "/t/chapter.html": pageWith(`<weir-semantics id="sem" scenario="chapter" presets="kafka-streams flink"></weir-semantics>`),
    "/t/bad.html": pageWith(`<weir-semantics id="sem" presets="flink spark"></weir-semantics>
      <weir-semantics id="sem2" out-of-orderness="0ms"></weir-semantics>
      <weir-semantics id="sem3" scenario="simulator" duration="120s" sensors="5" rate="5"></weir-semantics>`),
  },
});

const ready = (page, id = "sem") => page.waitForFunction((i) => ["ready", "error"].includes(document.getElementById(i)?.dataset.state), id, { timeout: 30_000 });
const result = (page, id = "sem") => page.evaluate((i) => document.getElementById(i).result, id);
const byName = (r) => Object.fromEntries(r.presets.map((p) => [p.name, p]));

/** The native replay's rows for one accumulation: { preset: [[key, start, end, count, sum, min, max, firing, watermark]] }. */
function golden(file) {
  const out = Object.fromEntries(NAMES.map((n) => [n, []]));
  for (const line of readFileSync(join(GOLDEN, file), "utf8").trim().split("\n").slice(1)) {
    const [preset, key, start, end, count, sum, min, max, , firing, wm] = line.split(",");
    // The replay writes the flush's +inf as an empty cell and -inf (an update before any watermark) as i64::MIN.
    const watermark = wm === "" ? Infinity : wm === "-9223372036854775808" ? -Infinity : +wm;
    out[preset].push([+key, +start, +end, +count, +sum, +min, +max, firing, watermark]);
  }
  return out;
}
const rowsOf = (p) => p.firings.map((f) => [f.key, f.start, f.end, f.count, f.sum, f.min, f.max, f.firing, f.watermark]);

/**
 * The engine run here in Node as the widget runs it: the preset, the window,
 * the bound and lateness where the preset leaves them open, drained after
 * every push; each firing as [at, key, start, count, sum, firing].
 */
function nodeRun(name, events, { window = 10_000, bound = 2000, lateness = 5000, accumulation } = {}) {
  const rule = weir.presetRules().find((r) => r.name === name);
  const config = { preset: name, window: { type: "tumbling", size: window } };
  if (rule.sets.maxOutOfOrderness === undefined) config.watermark = { maxOutOfOrderness: bound };
  if (rule.sets.allowedLateness === undefined) config.allowedLateness = lateness;
  if (accumulation) config.accumulation = accumulation;
  const e = new StreamEngine(config);
  const out = [], outcomes = [];
  const take = (at) => { for (const r of e.drain()) out.push([at, r.key, r.start, r.count, r.sum, r.firing]); };
  events.forEach((ev, i) => {
    outcomes.push(e.push({ key: ev.key, time: ev.time, value: ev.value }));
    take(i);
  });
  e.flush();
  take(events.length);
  const drops = e.stats().sideOutput;
  e.free();
  return { firings: out, outcomes, drops };
}

test("the default trace: every preset's firings, counts and sums as worked out by hand; the rows that differ", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/default.html");
  const sem = page.locator("#sem");
  const r = await result(page);
  assert.equal(r.events, 10);
  assert.deepEqual([r.window, r.bound, r.lateness, r.accumulation], [10_000, 2000, 5000, "preset"]);
  const p = byName(r);
  assert.deepEqual(r.presets.map((x) => x.name), NAMES);
  // [at, window start, kind, count, sum] per firing: at = the reading whose push fired it (10: the flush).
  const brief = (name) => p[name].firings.map((f) => [f.at, f.start / 1000, f.firing, f.count, f.sum]);
  // Flink (bound 2 s, lateness 5 s): [0, 10) on time at 13 s (#4, W = 11 s), late with 6 s (#5);
  // [10, 20) on time at 22 s (#8), late with 19 s (#9); [20, 30) at the flush. 9 s (#7) arrives at W = 15 s: dropped.
  assert.deepEqual(brief("flink"), [[4, 0, "on-time", 3, 6], [5, 0, "late", 4, 12], [8, 10, "on-time", 3, 16], [9, 10, "late", 4, 26], [10, 20, "on-time", 1, 9]]);
  // Flink SQL: L = 0, so 6 s, 9 s and 19 s are dropped (the bound, its INTERVAL, runs as 1999 ms).
  assert.deepEqual(brief("flink-sql"), [[4, 0, "on-time", 3, 6], [8, 10, "on-time", 3, 16], [10, 20, "on-time", 1, 9]]);
  // Beam: discarding, the late firings carry only the reading they add.
  assert.deepEqual(brief("beam"), [[4, 0, "on-time", 3, 6], [5, 0, "late", 1, 6], [8, 10, "on-time", 3, 16], [9, 10, "late", 1, 10], [10, 20, "on-time", 1, 9]]);
  // Kafka Streams: stream time (d = 0), one update per record, nothing at W >= end; 9 s arrives at W = 17 s >= 10 + 5.
  assert.deepEqual(brief("kafka-streams"), [[0, 0, "early", 1, 1], [1, 0, "early", 2, 3], [2, 0, "early", 3, 6], [3, 10, "early", 1, 4],
    [4, 10, "early", 2, 9], [5, 0, "late", 4, 12], [6, 10, "early", 3, 16], [8, 20, "early", 1, 9], [9, 10, "late", 4, 26]]);
  // suppress: [0, 10) closes at W = 17 s >= 15 s (#6); the others only at the end.
  assert.deepEqual(brief("kafka-streams-final"), [[6, 0, "final", 4, 12], [10, 10, "final", 4, 26], [10, 20, "final", 1, 9]]);
  assert.deepEqual(brief("spark-append"), [[4, 0, "final", 3, 6], [8, 10, "final", 3, 16], [10, 20, "final", 1, 9]]);
  // [results, updates, retractions, late drops, received, true total] and the side output's readings.
  const counts = { flink: [5, 2, 0, 1, 69, 47], "flink-sql": [3, 0, 0, 3, 31, 31], beam: [5, 2, 0, 1, 47, 47],
    "kafka-streams": [9, 6, 0, 1, 86, 47], "kafka-streams-final": [3, 0, 0, 1, 47, 47], "spark-append": [3, 0, 0, 3, 31, 31] };
  for (const [name, want] of Object.entries(counts)) {
    const x = p[name];
    assert.deepEqual([x.results, x.updates, x.retractions, x.lateDrops, x.received, x.trueTotal], want, name);
    const card = sem.locator(`section.preset[data-preset="${name}"] .counts`);
    assert.deepEqual(await card.evaluate((el) => [el.dataset.results, el.dataset.updates, el.dataset.retractions, el.dataset.drops].map(Number)), want.slice(0, 4), name);
  }
  assert.deepEqual(p["flink-sql"].outcomes.map((o, i) => (o === "side-output" ? i : -1)).filter((i) => i >= 0), [5, 7, 9]);
  assert.deepEqual(await sem.locator('g.lane[data-preset="spark-append"] path.drop').evaluateAll((els) => els.map((e) => +e.dataset.index)), [5, 7, 9]);
  // When each window's final answer was first known (the reading's index; 10 = the end).
  const known = (name) => p[name].windows.map((w) => w.knownAt);
  assert.deepEqual(NAMES.map(known), [[5, 9, 10], [4, 8, 10], [5, 9, 10], [5, 9, 8], [6, 10, 10], [4, 8, 10]]);
  // [0, 10) and [10, 20) differ; [20, 30) is one firing of 9 everywhere.
  assert.deepEqual(r.differing, ["1|0", "1|10000"]);
  const rows = await sem.locator("table.answers tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.dataset.window, tr.dataset.differs, tr.classList.contains("highlight"), tr.lastElementChild.textContent]));
  assert.deepEqual(rows, [["1|0", "true", true, "differs"], ["1|10000", "true", true, "differs"], ["1|20000", "false", false, "same"]]);
  assert.deepEqual(await sem.locator('table.answers tbody tr[data-window="1|0"] td[data-preset]').evaluateAll((tds) => tds.map((td) => [td.dataset.sum, td.dataset.firings].map(Number))),
    [[12, 2], [6, 1], [12, 2], [12, 4], [12, 1], [6, 1]]);
  // What a downstream sum received, beside the true total, in the card and the lane's title.
  assert.equal(await sem.locator('section.preset[data-preset="flink"] .sums').textContent(), "Downstream received Σ 69; true total 47 (22 counted more than once)");
  assert.equal(await sem.locator('section.preset[data-preset="beam"] .sums').textContent(), "Downstream received Σ 47; true total 47");
  assert.deepEqual(await sem.locator("svg.lanes path.received").evaluateAll((els) => els.map((e) => e.classList.contains("over"))), [true, false, false, true, false, false]);
  // The chips: kind, the sum written on it, a retraction struck through (none here), the known ones outlined.
  assert.deepEqual(await sem.locator('g.lane[data-preset="flink"] g.firing').evaluateAll((gs) => gs.map((g) => [g.dataset.kind, g.textContent, g.classList.contains("known")])),
    [["on-time", "6", false], ["late", "12", true], ["on-time", "16", false], ["late", "26", true], ["on-time", "9", true]]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the rule lines and what each preset sets are the core's (presetRules), shown per preset", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/default.html");
  const rules = weir.presetRules();
  assert.deepEqual(rules.map((x) => x.name), NAMES);
  // What the presets set, as the core defines them.
  assert.deepEqual(rules.map((x) => x.sets), [
    { mode: "watermark", accumulation: "accumulating" },
    { allowedLateness: 0, mode: "watermark", accumulation: "accumulating" },
    { mode: "watermark", accumulation: "discarding" },
    { maxOutOfOrderness: 0, mode: "every-event", accumulation: "accumulating" },
    { maxOutOfOrderness: 0, mode: "final", accumulation: "accumulating" },
    { allowedLateness: 0, mode: "final" },
  ]);
  const sem = page.locator("#sem");
  for (const x of rules) {
    assert.equal(await sem.locator(`section.preset[data-preset="${x.name}"] .rule`).textContent(), x.rule);
    const note = sem.locator(`section.preset[data-preset="${x.name}"] .note`);
    if (x.notEmulated) assert.equal(await note.textContent(), `Not emulated: ${x.notEmulated}.`);
    else assert.equal(await note.count(), 0);
  }
  assert.match(rules[3].rule, /stream time \(d = 0\)/);
  // The configs the widget ran: the bound and lateness only where the preset leaves them open.
  const r = byName(await result(page));
  assert.deepEqual(r["kafka-streams"].config, { preset: "kafka-streams", window: { type: "tumbling", size: 10_000 }, allowedLateness: 5000 });
  assert.deepEqual(r["flink-sql"].config, { preset: "flink-sql", window: { type: "tumbling", size: 10_000 }, watermark: { maxOutOfOrderness: 2000 } });
  assert.deepEqual(r["spark-append"].config, { preset: "spark-append", window: { type: "tumbling", size: 10_000 }, watermark: { maxOutOfOrderness: 2000 } });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the presets' rows are the native replay's for the same trace, under every accumulation; the toggle's sums", { timeout: 120_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/default.html");
  const sem = page.locator("#sem");
  // The widget's default stream is the trace the native replay read.
  const trace = readFileSync(join(GOLDEN, "trace.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
  assert.deepEqual((await sem.evaluate((el) => el.events)).map((e) => [e.key, e.time, e.value]), trace);
  const events = trace.map(([key, time, value]) => ({ key, time, value }));
  // [received, true total, retractions] per preset for each toggle, worked by hand.
  const sums = {
    preset: [[69, 47, 0], [31, 31, 0], [47, 47, 0], [86, 47, 0], [47, 47, 0], [31, 31, 0]],
    accumulating: [[69, 47, 0], [31, 31, 0], [69, 47, 0], [86, 47, 0], [47, 47, 0], [31, 31, 0]],
    discarding: [[47, 47, 0], [31, 31, 0], [47, 47, 0], [47, 47, 0], [47, 47, 0], [31, 31, 0]],
    retracting: [[47, 47, 2], [31, 31, 0], [47, 47, 2], [47, 47, 6], [47, 47, 0], [31, 31, 0]],
  };
  for (const [acc, file] of [["accumulating", "accumulating.csv"], ["discarding", "discarding.csv"], ["retracting", "retracting.csv"], ["preset", "own.csv"]]) {
    await afterChange(page, "#sem", () => sem.locator(`button[data-accumulation="${acc}"]`).click());
    assert.equal(await sem.getAttribute("accumulation"), acc);
    assert.equal(await sem.locator(`button[data-accumulation="${acc}"]`).getAttribute("aria-pressed"), "true");
    const r = await result(page);
    const want = golden(file);
    for (const p of r.presets) {
      assert.deepEqual(rowsOf(p), want[p.name], `${acc}: ${p.name} against the native replay`);
      assert.deepEqual(p.firings.map((f) => [f.at, f.key, f.start, f.count, f.sum, f.firing]),
        nodeRun(p.name, events, { accumulation: acc === "preset" ? undefined : acc }).firings, `${acc}: ${p.name} against the engine in Node`);
    }
    assert.deepEqual(r.presets.map((p) => [p.received, p.trueTotal, p.retractions]), sums[acc], acc);
  }
  // Retracting: a retraction row is drawn as a struck-through chip with its total negated, before its update.
  await afterChange(page, "#sem", () => sem.locator('button[data-accumulation="retracting"]').click());
  assert.deepEqual(await sem.locator('g.lane[data-preset="flink"] g.firing').evaluateAll((gs) => gs.map((g) => [g.dataset.kind, g.textContent, !!g.querySelector("line.strike")])),
    [["on-time", "6", false], ["retract", "−6", true], ["late", "12", false], ["on-time", "16", false], ["retract", "−16", true], ["late", "26", false], ["on-time", "9", false]]);
  assert.match(await sem.locator('section.preset[data-preset="flink"] h4').textContent(), /^flink · watermark, retracting \(chosen\)$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a seeded simulator stream and a served CSV: every preset's rows as the engine gives them here", { timeout: 90_000 }, async () => {
  {
    const { page, context, problems } = await suite.open("/t/sim.html");
    const sim = simulateSensors({ anomalies: 0, seed: 7, sensors: 2, rateHz: 1, durationMs: 20_000, delayBaseMs: 200, delaySpreadMs: 2000, lateFraction: 0.1, lateMinMs: 2000, lateMaxMs: 12_000 });
    const events = [...sim.keys].map((key, i) => ({ key, time: sim.times[i], value: sim.values[i] }));
    const r = await result(page);
    assert.equal(r.events, 40);
    assert.match(r.source, /^simulated \(seed 7\)$/);
    assert.deepEqual(r.presets.map((p) => p.name), ["flink", "beam", "kafka-streams"]);
    for (const p of r.presets) {
      const want = nodeRun(p.name, events);
      assert.deepEqual(p.firings.map((f) => [f.at, f.key, f.start, f.count, f.sum, f.firing]), want.firings, p.name);
      assert.deepEqual(p.outcomes, want.outcomes, p.name);
      assert.equal(p.lateDrops, want.drops, p.name);
    }
    // For this seed: [results, updates, late drops] per preset.
    assert.deepEqual(r.presets.map((p) => [p.results, p.updates, p.lateDrops]), SIM_COUNTS);
    assert.deepEqual(problems, []);
    await context.close();
  }
  {
    const { page, context, problems } = await suite.open("/t/csv.html");
    const r = await result(page);
    const events = CSV.trim().split("\n").slice(1).map((l) => l.split(",").map(Number)).map(([key, time, value]) => ({ key, time, value }));
    assert.equal(r.source, "/t/two.csv");
    for (const p of r.presets) {
      assert.deepEqual(p.firings.map((f) => [f.at, f.key, f.start, f.count, f.sum, f.firing]),
        nodeRun(p.name, events, { lateness: 0, accumulation: "retracting" }).firings, p.name);
    }
    // Two keys: the labels and the table name them.
    assert.match(await page.locator("#sem").locator("table.answers tbody tr").first().locator("th").textContent(), /key 1$/);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test("the chapter's scenario brings its design (bound 10 s, no lateness): the late reading dropped by Flink, Kafka's stream time drops more", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/chapter.html");
  const r = await result(page);
  assert.deepEqual([r.events, r.bound, r.lateness], [17, 10_000, 0]);
  const p = byName(r);
  // The reading made at 14:00:05 arrives last (#16), when W = 20 s: dropped by Flink.
  assert.deepEqual(p.flink.outcomes.map((o, i) => (o === "side-output" ? i : -1)).filter((i) => i >= 0), [16]);
  assert.equal(p["kafka-streams"].lateDrops, 1);
  // Flink fires [0, 10) when 20 s arrives (#10, W = 10 s); Kafka answers at every reading.
  assert.deepEqual(p.flink.firings.slice(0, 1).map((f) => [f.at, f.start, f.firing, f.count]), [[10, 0, "on-time", 5]]);
  assert.equal(p["kafka-streams"].results, 16);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard: Tab to a lane, arrows read each firing, Enter picks its window in every lane and the table", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/default.html");
  const sem = page.locator("#sem");
  const focused = () => sem.evaluate((el) => el.shadowRoot.activeElement?.getAttribute("data-focus-id"));
  await sem.locator('button[data-accumulation="retracting"]').focus();
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "chart", "the chart's scroll region first");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "flink-0", "then the first lane's first firing");
  const label = () => sem.evaluate((el) => el.shadowRoot.activeElement.getAttribute("aria-label"));
  assert.equal(await label(), "flink, window [0 s, 10 s): on time, sum 6 (3 readings), after reading #4 (time 13 s)");
  await page.keyboard.press("ArrowRight");
  assert.equal(await label(), "flink, window [0 s, 10 s): late, sum 12 (4 readings), after reading #5 (time 6 s); final answer known");
  assert.equal(await sem.locator(".details").textContent(),
    "flink, window [0 s, 10 s): late, sum 12 (4 readings), after reading #5 (time 6 s); final answer known. Downstream has received Σ 18 so far (true total 47).");
  await page.keyboard.press("End");
  assert.equal(await label(), "flink, window [20 s, 30 s): on time, sum 9 (1 reading), at the end of the stream; final answer known");
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  // Enter picks [0, 10): its chips in every lane, its row in the table; the focus stays.
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("sem").shadowRoot.querySelector("tr.selected"));
  assert.equal(await focused(), "flink-1");
  assert.equal(await sem.locator("table.answers tr.selected").getAttribute("data-window"), "1|0");
  assert.deepEqual(await sem.locator("g.firing.sel").evaluateAll((gs) => gs.map((g) => g.closest("g.lane").dataset.preset + ":" + g.dataset.kind)),
    ["flink:on-time", "flink:late", "flink-sql:on-time", "beam:on-time", "beam:late", "kafka-streams:early", "kafka-streams:early", "kafka-streams:early", "kafka-streams:late",
      "kafka-streams-final:final", "spark-append:final"]);
  assert.equal(await sem.locator("g.firing.sel").first().getAttribute("aria-pressed"), "true");
  assert.match(await sem.evaluate((el) => el.shadowRoot.querySelector("[aria-live]").textContent),
    /^Window \[0 s, 10 s\): flink 12 \(2 firings\); flink-sql 6 \(1 firing\); .*; the presets differ$/);
  // Tab moves to the next lane; each lane is one tab stop.
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "flink-sql-0");
  // The toggle from the keyboard.
  await sem.locator('button[data-accumulation="discarding"]').focus();
  await afterChange(page, "#sem", () => page.keyboard.press("Enter"));
  assert.equal(await sem.getAttribute("accumulation"), "discarding");
  assert.equal(await focused(), "acc-discarding");
  // The fields set the design: lateness 0 by typing.
  const lateness = sem.getByLabel("Allowed lateness", { exact: true });
  await lateness.fill("0");
  await afterChange(page, "#sem", () => lateness.press("Enter"));
  assert.equal(await sem.getAttribute("lateness"), "0ms");
  assert.equal(byName(await result(page)).flink.lateDrops, 3);
  assert.deepEqual(problems, []);
  await context.close();
});

test("bad attributes name themselves; a design one preset refuses is said in its lane, the others run", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/bad.html");
  await ready(page, "sem2");
  await ready(page, "sem3");
  const err = (id) => page.locator(`#${id}`).locator(".error").first().textContent();
  assert.equal(await page.locator("#sem").getAttribute("data-state"), "error");
  assert.equal(await err("sem"), `presets="flink spark": expected preset names (comma or space separated, each once) from ${NAMES.join(", ")}`);
  // Bound 0: Flink SQL's INTERVAL 0 would be Weir's d = -1.
  assert.equal(await page.locator("#sem2").getAttribute("data-state"), "ready");
  const r = byName(await result(page, "sem2"));
  assert.match(r["flink-sql"].error, /watermark\.maxOutOfOrderness = 0: is Flink SQL's ts - INTERVAL d under preset flink-sql/);
  assert.equal(r.flink.error, null);
  assert.equal(r.flink.results, 5);
  assert.match(await page.locator("#sem2").locator('section.preset[data-preset="flink-sql"] .error').textContent(), /watermark\.maxOutOfOrderness = 0/);
  assert.equal(await page.locator("#sem2").locator("table.answers thead th").count(), 1 + 5 + 1, "the refusing preset has no column");
  // 5 sensors at 5 Hz for 120 s: too many readings to draw.
  assert.equal(await page.locator("#sem3").getAttribute("data-state"), "error");
  assert.equal(await err("sem3"), "simulated (seed 3): 3000 events; this view draws at most 400");
  // Fixed, it runs.
  await afterChange(page, "#sem", () => page.locator("#sem").evaluate((el) => el.setAttribute("presets", "flink,spark-append")));
  assert.deepEqual((await result(page)).presets.map((p) => p.name), ["flink", "spark-append"]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("axe-core clean; light and dark; 1280 and 360 px; the retracting view", { timeout: 90_000 }, async () => {
  for (const scheme of ["light", "dark"]) {
    const { page, context, problems } = await suite.open("/t/default.html", { viewport: { width: 1280, height: 900 }, colorScheme: scheme, reducedMotion: scheme === "dark" ? "reduce" : "no-preference" });
    const sem = page.locator("#sem");
    assert.equal(await sem.getAttribute("data-scheme"), scheme);
    assert.deepEqual(await axeViolations(page), [], scheme);
    // The chips are the palette's colours, not unset ones.
    const fill = await sem.locator('g.firing.on-time rect').first().evaluate((el) => getComputedStyle(el).fill);
    assert.equal(fill, scheme === "dark" ? "rgb(110, 168, 255)" : "rgb(9, 105, 218)");
    await screenshots(page, `widgets-semantics-${scheme}`);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      const box = await sem.evaluate((el) => ({ right: el.getBoundingClientRect().right, vw: document.documentElement.clientWidth,
        scrolls: el.shadowRoot.querySelector(".scroll-x").scrollWidth > el.shadowRoot.querySelector(".scroll-x").clientWidth }));
      assert.ok(box.right <= box.vw + 1, `${width} px: the widget is wider than the page`);
      assert.equal(box.scrolls, false, `${width} px: the default trace's chart fits without scrolling`);
      // No chart text runs past the chart's edges (the scroll box would clip it).
      const past = await sem.evaluate((el) => {
        const svg = el.shadowRoot.querySelector("svg.lanes"), b = svg.getBoundingClientRect();
        return [...svg.querySelectorAll("text")].filter((t) => { const r = t.getBoundingClientRect(); return r.right > b.right + 0.5 || r.left < b.left - 0.5; })
          .map((t) => t.textContent);
      });
      assert.deepEqual(past, [], `${width} px: text past the chart's edge`);
      await sem.screenshot({ path: join(ARTIFACTS, `widget-semantics-${scheme}-${width}.png`) });
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
  // The retracting view (docs/widget-semantics-retracting.png is this picture).
  const { page, context, problems } = await suite.open("/t/default.html");
  const sem = page.locator("#sem");
  await afterChange(page, "#sem", () => sem.locator('button[data-accumulation="retracting"]').click());
  assert.deepEqual(await axeViolations(page), [], "retracting");
  assert.equal(await sem.locator("g.firing.retract").count(), 2 + 2 + 6);
  await sem.screenshot({ path: join(ARTIFACTS, "widget-semantics-retracting-1280.png") });
  assert.deepEqual(problems, []);
  await context.close();
});

test("www/index.html has the section; www/frame.html embeds it with attributes from the query", { timeout: 90_000 }, async () => {
  {
    const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${suite.server.url}index.html`);
    await page.waitForFunction(() => ["ready", "error"].includes(document.querySelector("#semantics weir-semantics")?.dataset.state), null, { timeout: 30_000 });
    const sem = page.locator("#semantics weir-semantics");
    assert.equal(await sem.getAttribute("data-state"), "ready");
    assert.equal(await sem.evaluate((el) => el.result.presets.length), 6);
    assert.equal(await page.locator('nav a[href="#semantics"]').count(), 1);
    assert.deepEqual(problems, []);
    await context.close();
  }
  {
    const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1000, height: 900 } });
    await page.goto(`${suite.server.url}frame.html?widget=semantics&presets=beam&accumulation=retracting&frame=s`);
    await page.waitForFunction(() => ["ready", "error"].includes(document.querySelector("weir-semantics")?.dataset.state), null, { timeout: 30_000 });
    const r = await page.evaluate(() => document.querySelector("weir-semantics").result);
    assert.deepEqual([r.presets.map((p) => p.name), r.accumulation, r.presets[0].retractions], [["beam"], "retracting", 2]);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

// [results, updates, late drops] of flink, beam and kafka-streams on the seed-7 stream (2 sensors, 20 s).
const SIM_COUNTS = [[5, 1, 0], [5, 1, 0], [39, 35, 1]];
