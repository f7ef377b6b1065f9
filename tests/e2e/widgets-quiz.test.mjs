// <weir-quiz> in Chromium: every question of the chapter bank answered wrong
// and then right (the right answers are written here, from the chapter),
// engine questions for fixed seeds against values worked out by hand from
// SEMANTICS.md and the memory model, author-written questions, a
// keyboard-only path, `result`, `change` and `weir-score`, axe-core, light
// and dark, 1280 and 360 px, and the screenshot in tests/artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ARTIFACTS, guardedPage } from "./helpers.mjs";
import { axeViolations, pageWith, screenshots, serve, widgetSuite } from "./widget-helpers.mjs";

// Written to tests/artifacts/ (git-ignored); docs/ holds a copy made by hand.
const DOCS = ARTIFACTS;

// The chapter bank: id -> [a wrong answer, the right answer], as the page shows them.
const BANK = {
  "rule": ["Batch processing", "Stream processing"],
  "hard-real-time": ["Zero latency", "A deterministic maximum latency, under 10 ms"],
  "latency-classes": ["Hard real-time (< 10 ms)", "Soft real-time (< 100 ms)"],
  "domain-fastest": ["Smart grid load balancing", "Autonomous vehicles"],
  "domain-healthcare": ["Under 1 second", "Under 10 seconds"],
  "window-trend": ["Tumbling", "Sliding"],
  "window-session": ["Sliding", "Session"],
  "window-memory": [5, 10],
  "event-time": ["14:05:23", "14:00:00"],
  "watermark": ["14:00:30", "14:00:20"],
  "late-event": ["It is counted in [14:00:00, 14:00:10) like any other event", "It goes to the side output: its window already closed"],
  "ooo-vs-lateness": ["Where the watermark is", "How long after a window closes late events are still accepted"],
  "worked-window": [10, 1],
  "worked-utilization": [75, 62.5],
  "worked-overhead": [62.5, 75],
  "worked-instances": [1, 2],
  "pitfalls": ["Conflating event time with processing time", "Using tumbling windows for periodic reports"],
  "pitfall-lag": ["CPU usage", "Consumer lag"],
};

// Engine questions, worked out by hand. Seed 7 draws: sliding 6 s / 2 s at
// 14:00:58; latest 14:00:47, bound 10 s, window [14:00:20, 14:00:30);
// latest 14:00:39, bound 2 s, lateness 10 s, event 14:00:09; 1,000 sensors
// x 10/s x 200 B, 60 s every 1 s; 6 s / 1 s over 21 readings. Seed 42: 8 s
// / 2 s at 14:00:51; latest 14:00:46, bound 2 s, window [14:00:40,
// 14:00:50); latest 14:00:31, bound 5 s, lateness 30 s, event 14:00:12;
// 1,000 x 100/s x 200 B, 10 s every 1 s; 6 s / 2 s over 22 readings. No
// seed: the chapter's numbers.
const ENGINE = {
  7: {
    windows: { prompt: /sliding window of 6 s every 2 s, which windows does an event at 14:00:58/, right: "[14:00:54, 14:01:00), [14:00:56, 14:01:02), [14:00:58, 14:01:04)", explain: /returns 3 windows/ },
    // W = 14:00:47 - 10 s = 14:00:37 >= 14:00:30: fired.
    watermark: { prompt: /latest event time seen is 14:00:47 .* 10 s/, right: "W = 14:00:37; [14:00:20, 14:00:30) has fired", explain: /W = 14:00:47 - 10 s = 14:00:37 >= the window's end 14:00:30, so the window has fired/ },
    // W = 14:00:37 >= end 14:00:10 + 10 s = 14:00:20: side output.
    fate: { prompt: /allowed lateness 10 s\. After an event at 14:00:39, an event stamped 14:00:09/, right: "Side output: too late for its window", explain: /W = 14:00:37 >= end \+ allowed lateness = 14:00:10 \+ 10 s = 14:00:20/ },
    // 1,000 x 10 x 200 B = 2 MB/s; x 60 s = 120 MB; 60 windows: 7.2 GB.
    memory: { prompt: /1,000 sensors send 10 messages\/s each, 200 B .* 1 min every 1 s/, right: "7.2 GB", explain: /2 MB\/s.* 120 MB per window.* 60 overlapping windows held: 7\.2 GB/ },
    // Readings 0..20 s. Tumbling 6 s: 4 windows. Sliding 6 s / 1 s: starts -5..20 s: 26.
    results: { prompt: /every 1 s from 14:00:00 for 21 s \(21 readings\)\. A tumbling window of 6 s emits 4 results/, right: 26, explain: /tumbling 4, sliding 26\. Each reading is in 6 sliding windows/ },
  },
  42: {
    windows: { prompt: /8 s every 2 s, which windows does an event at 14:00:51/, right: "[14:00:44, 14:00:52), [14:00:46, 14:00:54), [14:00:48, 14:00:56), [14:00:50, 14:00:58)", explain: /returns 4 windows/ },
    watermark: { prompt: /14:00:46 .* 2 s/, right: "W = 14:00:44; [14:00:40, 14:00:50) has not fired yet", explain: /W = 14:00:46 - 2 s = 14:00:44 < the window's end 14:00:50, so the window is still open/ },
    // W = 14:00:26; end 14:00:20 <= W < 14:00:50: accepted, re-fires.
    fate: { prompt: /lateness 30 s\. After an event at 14:00:31, an event stamped 14:00:12/, right: "Late but accepted: its window fires again with it", explain: /W = 14:00:26 >= the window's end 14:00:20.*W < end \+ allowed lateness = 14:00:50/ },
    // 1,000 x 100 x 200 B = 20 MB/s; x 10 s = 200 MB; 10 windows: 2 GB.
    memory: { prompt: /1,000 sensors send 100 messages\/s each, 200 B .* 10 s every 1 s/, right: "2 GB", explain: /200 MB per window.* 10 overlapping windows held: 2 GB/ },
    // Readings 0..21 s. Tumbling 6 s: 4. Sliding 6 s / 2 s: starts -4..20 s: 13.
    results: { prompt: /for 22 s \(22 readings\)\. A tumbling window of 6 s emits 4 results/, right: 13, explain: /tumbling 4, sliding 13\. Each reading is in 3 sliding windows/ },
  },
  none: {
    windows: { prompt: /10 s every 2 s, which windows does an event at 14:00:07/, right: "[13:59:58, 14:00:08), [14:00:00, 14:00:10), [14:00:02, 14:00:12), [14:00:04, 14:00:14), [14:00:06, 14:00:16)", explain: /returns 5 windows/ },
    watermark: { prompt: /14:00:30 .* 10 s/, right: "W = 14:00:20; [14:00:00, 14:00:10) has fired", explain: /W = 14:00:30 - 10 s = 14:00:20 >= the window's end 14:00:10, so the window has fired/ },
    fate: { prompt: /lateness 0 s\. After an event at 14:00:30, an event stamped 14:00:05/, right: "Side output: too late for its window", explain: /W = 14:00:20 >= end \+ allowed lateness = 14:00:10 \+ 0 s = 14:00:10/ },
    memory: { prompt: /10,000 sensors send 100 messages\/s each, 100 B .* 10 s every 1 s/, right: "10 GB", explain: /100 MB\/s.* 1 GB per window.* 10 overlapping windows held: 10 GB \(62\.5 % of 16 GB\)/ },
    // Readings 0..19 s. Tumbling 10 s: 2. Sliding 10 s / 2 s: starts -8..18 s: 14.
    results: { prompt: /for 20 s \(20 readings\)\. A tumbling window of 10 s emits 2 results/, right: 14, explain: /tumbling 2, sliding 14/ },
  },
};
const WRONG_NUMBER = 3; // no engine question here has 3 for an answer

// The v2 engine questions (engine="v2"), worked out by hand from
// SEMANTICS.md v2; `check` is the trace each prompt states (seconds after
// 14:00:00), which the test also runs through the page's www/weir.js
// (engineSays) to get the right choice from the engine a second way.
const V2 = {
  7: {
    // Every-event: 5, 5 + 3 = 8; [14:00:10, 14:00:20): 5; 14:00:04 comes at stream time 14:00:15 >= 14:00:10 + 0: dropped.
    kafka: { prompt: /grace 0 s\) sums one sensor's readings in tumbling windows of 10 s\. The readings arrive in this order \(values in brackets\): 14:00:04 \(5\), 14:00:08 \(3\), 14:00:15 \(5\), 14:00:04 \(7\)\./,
      right: "[14:00:00, 14:00:10): 5, 8; [14:00:10, 14:00:20): 5", explain: /The record at 14:00:04 arrived at stream time W = 14:00:15 >= its window's end \+ grace = 14:00:10: side output/,
      check: { size: 10, grace: 0, trace: [[4, 5], [8, 3], [15, 5], [4, 7]] } },
    // Early every 2: [3, 8] = 11, [2, 2] = 4; at W = 14:00:12 nothing new (not emitted); 14:00:09 late, accepted (12 < 15): 3. 11 + 4 + 3 = 18.
    discarding: { prompt: /allowed lateness 5 s, an early firing every 2 readings .* 14:00:01 \(3\), 14:00:03 \(8\), 14:00:02 \(2\), 14:00:05 \(2\), 14:00:12 \(2\), 14:00:09 \(3\)/,
      right: "18", explain: /early 11, early 4, late 3; they add up to 18.*early 11, early 15, on-time 15, late 18: 59/,
      check: { size: 10, early: 2, lateness: 5, trace: [[1, 3], [3, 8], [2, 2], [5, 2], [12, 2], [9, 3]] } },
    // d = 2 s, timeout 10 s, clock 14:00:22: gateway 0 last arrived 7 s ago (active), W_0 = 14:00:09 is the min.
    gateway: { prompt: /out-of-orderness 2 s, idle timeout 10 s\. .* clock is at 14:00:22: gateway 0's latest event time is 14:00:11 \(its last reading arrived at 14:00:15\); gateway 1's .* 14:00:15 \(.* 14:00:21\); gateway 2's .* 14:00:13 \(.* 14:00:22\)/,
      right: "Gateway 0: W = 14:00:09", explain: /W_0 = 14:00:11 - 2 s = 14:00:09, W_1 = 14:00:15 - 2 s = 14:00:13, W_2 = 14:00:13 - 2 s = 14:00:11\. W = the min over the active gateways = 14:00:09: gateway 0 holds it back/,
      check: { bound: 2, timeout: 10, gateways: [[11, 15], [15, 21], [13, 22]] } },
    // Gateway 1's one reading 14:00:08: W_1 = 14:00:06 < 14:00:10 for good: only flush() fires the window.
    idle: { prompt: /out-of-orderness 2 s\. .* Gateway 0 sends readings stamped 14:00:02, 14:00:05, 14:00:11, 14:00:19, 14:00:23; gateway 1 sends one reading, stamped 14:00:08, before them/,
      right: "Only at flush(): until the stream ends W stays at 14:00:06", explain: /W_0 = 14:00:21 and W_1 = 14:00:06 \(gateway 1 holds W back\).*nothing fired while the stream ran\. flush\(\) sets W = \+∞.*with 3 readings/,
      check: { size: 10, bound: 2, readings: [2, 5, 11, 19, 23], quiet: 8 } },
  },
  42: {
    kafka: { prompt: /windows of 20 s\. The readings arrive in this order \(values in brackets\): 14:00:08 \(3\), 14:00:16 \(6\), 14:00:24 \(8\), 14:00:10 \(5\)/,
      right: "[14:00:00, 14:00:20): 3, 9; [14:00:20, 14:00:40): 8", explain: /14:00:10 arrived at stream time W = 14:00:24 >= its window's end \+ grace = 14:00:20: side output/,
      check: { size: 20, grace: 0, trace: [[8, 3], [16, 6], [24, 8], [10, 5]] } },
    // Early every 3: [5, 8, 1] = 14; on time nothing new; 14:00:00 late (13 < 15): 1. 15.
    discarding: { prompt: /early firing every 3 readings .* 14:00:01 \(5\), 14:00:05 \(8\), 14:00:06 \(1\), 14:00:13 \(6\), 14:00:00 \(1\)/,
      right: "15", explain: /early 14, late 1; they add up to 15/,
      check: { size: 10, early: 3, lateness: 5, trace: [[1, 5], [5, 8], [6, 1], [13, 6], [0, 1]] } },
    gateway: { prompt: /out-of-orderness 0 s, no idle timeout\. .* gateway 0's latest event time is 14:00:11/,
      right: "Gateway 0: W = 14:00:11", explain: /without idleTimeout no source ever leaves the min/,
      check: { bound: 0, timeout: 0, gateways: [[11, 15], [19, 21], [18, 22]] } },
    idle: { prompt: /stamped 14:00:02, 14:00:05, 14:00:13, 14:00:18, 14:00:26; gateway 1 never sends anything/,
      right: "Only at flush(): until the stream ends W stays at −∞", explain: /W_1 = −∞ \(gateway 1 holds W back\)/,
      check: { size: 10, bound: 2, readings: [2, 5, 13, 18, 26], quiet: null } },
  },
  none: {
    // The API's preset example: 1, 3; 4; 14:00:06 dropped.
    kafka: { prompt: /14:00:01 \(1\), 14:00:04 \(2\), 14:00:12 \(4\), 14:00:06 \(8\)/,
      right: "[14:00:00, 14:00:10): 1, 3; [14:00:10, 14:00:20): 4", explain: /Weir's rows: \[14:00:00, 14:00:10\): early 1, early 3; \[14:00:10, 14:00:20\): early 4\. With suppress \(kafka-streams-final\) the job would emit \[14:00:00, 14:00:10\): 3; \[14:00:10, 14:00:20\): 4/,
      check: { size: 10, grace: 0, trace: [[1, 1], [4, 2], [12, 4], [6, 8]] } },
    // [1, 2] = 3 early; 3 on time at W = 14:00:12; 4 late (12 < 15). 10; accumulating 3 + 6 + 10 = 19.
    discarding: { prompt: /14:00:01 \(1\), 14:00:03 \(2\), 14:00:05 \(3\), 14:00:12 \(5\), 14:00:07 \(4\)/,
      right: "10", explain: /early 3, on-time 3, late 4; they add up to 10.*early 3, on-time 6, late 10: 19/,
      check: { size: 10, early: 2, lateness: 5, trace: [[1, 1], [3, 2], [5, 3], [12, 5], [7, 4]] } },
    // Gateway 1 silent for 21 s >= 10 s: idle; min(W_0 = 14:00:16, W_2 = 14:00:15).
    gateway: { prompt: /idle timeout 10 s\. .* gateway 1's latest event time is 14:00:01 \(its last reading arrived at 14:00:01\)/,
      right: "Gateway 2: W = 14:00:15", explain: /W_1 = 14:00:01 - 2 s = 13:59:59 \(idle: silent for 21 s >= the 10 s timeout\)/,
      check: { bound: 2, timeout: 10, gateways: [[18, 20], [1, 1], [17, 22]] } },
    idle: { prompt: /stamped 14:00:03, 14:00:07, 14:00:12, 14:00:18, 14:00:24; gateway 1 never sends anything\. Does the window \[14:00:00, 14:00:10\) fire/,
      right: "Only at flush(): until the stream ends W stays at −∞", explain: /on time with 2 readings \(sum 3\)/,
      check: { size: 10, bound: 2, readings: [3, 7, 12, 18, 24], quiet: null } },
  },
};

/**
 * In the page, through www/weir.js: the right choice of a v2 question for
 * the trace its prompt states (`check`), and for `kafka` the suppress rows,
 * one of the wrong choices.
 */
function engineSays(page, kind, c) {
  return page.evaluate(async ([kind, c]) => {
    const { replay, StreamEngine } = await import("/weir.js");
    const NOON = 14 * 3600e3, S = 1000;
    const p2 = (n) => String(n).padStart(2, "0");
    const clock = (ms) => {
      if (ms === -Infinity) return "−∞";
      const s = Math.floor(ms / S);
      return `${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}`;
    };
    const window = { type: "tumbling", size: c.size * S };
    const events = (c.trace ?? []).map(([t, value]) => ({ key: 1, time: NOON + t * S, value }));
    if (kind === "kafka") {
      const rows = (preset) => {
        const by = new Map();
        for (const r of replay({ window, preset, allowedLateness: c.grace * S }, events).results) {
          const w = `[${clock(r.start)}, ${clock(r.end)})`;
          by.set(w, [...(by.get(w) ?? []), r.sum]);
        }
        return [...by].map(([w, sums]) => `${w}: ${sums.join(", ")}`).join("; ");
      };
      return { right: rows("kafka-streams"), suppress: rows("kafka-streams-final") };
    }
    if (kind === "discarding") {
      const { results } = replay({ window, trigger: { mode: "watermark", early: { count: c.early } }, accumulation: "discarding", allowedLateness: c.lateness * S }, events);
      return { right: String(results.filter((r) => r.start === NOON).reduce((a, r) => a + r.sum, 0)) };
    }
    if (kind === "gateway") {
      // What the prompt states is enough: each gateway sends its latest event time every 5 s of
      // arrival up to its last arrival (all from the start, none silent for 10 s before it stops).
      const e = new StreamEngine({ window: { type: "tumbling", size: 10 * S }, sources: 3,
        watermark: { maxOutOfOrderness: c.bound * S, ...(c.timeout ? { idleTimeout: c.timeout * S } : {}) } });
      c.gateways.flatMap(([t, a], source) => Array.from({ length: Math.floor(a / 5) + 1 }, (_, k) => ({ key: 1, time: NOON + t * S, value: 1, source, arrival: NOON + (a - 5 * k) * S })))
        .sort((x, y) => x.arrival - y.arrival).forEach((ev) => e.push(ev));
      const holder = e.sourceStats().find((x) => x.holdsBack);
      const w = e.watermark;
      e.free();
      return { right: `Gateway ${holder.source}: W = ${clock(w)}` };
    }
    const all = [...(c.quiet === null ? [] : [{ key: 1, time: NOON + c.quiet * S, value: 1, source: 1 }]),
      ...c.readings.map((t) => ({ key: 1, time: NOON + t * S, value: 1, source: 0 }))];
    const { results, watermark } = replay({ window, watermark: { maxOutOfOrderness: c.bound * S }, sources: 2 }, all);
    const row = results.find((r) => r.start === NOON);
    return { right: row.watermark === Infinity ? `Only at flush(): until the stream ends W stays at ${clock(watermark)}` : `Yes, on time during the stream, at W = ${clock(row.watermark)}` };
  }, [kind, c]);
}

const KINDS = "windows watermark fate memory results";
const AUTHOR = `<weir-quiz id="q" bank="none">
  <weir-question id="lambda">
    <weir-prompt>Which architecture runs a stream layer and a batch layer side by side?</weir-prompt>
    <weir-choice>Kappa</weir-choice>
    <weir-choice correct>Lambda</weir-choice>
    <weir-choice>Batch only</weir-choice>
    <weir-explain>Lambda: a speed layer for fresh answers, a batch layer for accurate ones.</weir-explain>
  </weir-question>
  <weir-question id="rate" answer="1000000" unit="messages/s" tolerance="0">
    <weir-prompt>10,000 sensors at 100 messages per second each: how many messages per second in total?</weir-prompt>
    <weir-explain>10,000 × 100 = 1,000,000.</weir-explain>
  </weir-question>
  <weir-question id="late30" engine="fate" latest="14:00:30" bound="10s" lateness="30s" time="14:00:05"></weir-question>
</weir-quiz>`;

const suite = widgetSuite({
  pages: {
    "/t/bank.html": pageWith(`<weir-quiz id="q"></weir-quiz>`),
    "/t/seed7.html": pageWith(`<weir-quiz id="q" bank="none" engine="${KINDS}" seed="7"></weir-quiz>`),
    "/t/seed42.html": pageWith(`<weir-quiz id="q" bank="none" engine="${KINDS}" seed="42"></weir-quiz>`),
    "/t/seednone.html": pageWith(`<weir-quiz id="q" bank="none" engine="${KINDS}"></weir-quiz>`),
    "/t/author.html": pageWith(AUTHOR),
    "/t/bad.html": pageWith(`<weir-quiz id="q" bank="none"><weir-question id="oops"><weir-prompt>?</weir-prompt><weir-choice>a</weir-choice><weir-choice>b</weir-choice></weir-question></weir-quiz>`),
    "/t/v2-7.html": pageWith(`<weir-quiz id="q" bank="none" engine="v2" seed="7"></weir-quiz>`),
    "/t/v2-42.html": pageWith(`<weir-quiz id="q" bank="none" engine="v2" seed="42"></weir-quiz>`),
    "/t/v2-none.html": pageWith(`<weir-quiz id="q" bank="none" engine="v2"></weir-quiz>`),
    "/t/v2-mixed.html": pageWith(`<weir-quiz id="q" bank="none" engine="watermark idle v1 kafka"></weir-quiz>`),
    "/t/v2-all.html": pageWith(`<weir-quiz id="q" bank="none" engine="all" seed="3"></weir-quiz>`),
    "/t/v2-bad.html": pageWith(`<weir-quiz id="q" bank="none" engine="kafka-rows"></weir-quiz>`),
    "/t/v2-author.html": pageWith(`<weir-quiz id="q" bank="none">
  <weir-question id="grace" engine="kafka" grace="5s" trace="14:00:01=1 14:00:04=2 14:00:12=4 14:00:06=8"></weir-question>
  <weir-question id="dropped" engine="discarding" early="3" lateness="0s"></weir-question>
  <weir-question id="stalled" engine="gateway" idle-timeout="none"></weir-question>
  <weir-question id="late-gw" engine="idle" silent-reading="14:00:15"></weir-question>
</weir-quiz>`),
    "/t/shot.html": pageWith(`<weir-quiz id="q" bank="none" engine="watermark fate" heading="Knowledge Check: watermarks and late data"></weir-quiz>`),
  },
  id: "q",
});

async function open(path, options) {
  const g = await suite.open(path, options);
  // Count change and weir-score events from here on.
  await g.page.evaluate(() => {
    const q = document.getElementById("q");
    window.changes = 0;
    window.scores = [];
    q.addEventListener("change", (e) => { if (e.target === q) window.changes++; });
    document.addEventListener("weir-score", (e) => window.scores.push(e.detail));
  });
  return g;
}

const form = (page, id) => page.locator("#q").locator(`form[data-question="${id}"]`);

/** Gives `answer` to question `id` (a choice's text or a number) and presses Check. */
async function answer(page, id, value) {
  const f = form(page, id);
  if (typeof value === "number") await f.getByLabel("Your answer").fill(String(value));
  else await f.getByLabel(value, { exact: true }).check();
  await f.getByRole("button", { name: "Check" }).click();
  return (await f.locator(".feedback").textContent()).replace(/\s+/g, " ");
}

const result = (page) => page.evaluate(() => JSON.parse(JSON.stringify(document.getElementById("q").result)));

test("the chapter bank: every question answered wrong, then right, with the reason, the score and the events", { timeout: 120_000 }, async () => {
  const { page, context, problems } = await open("/t/bank.html");
  const ids = await page.locator("#q").locator("form[data-question]").evaluateAll((fs) => fs.map((f) => f.dataset.question));
  assert.deepEqual(ids, Object.keys(BANK), "the bank's questions, in order");
  assert.ok(ids.length >= 12);
  const first = await result(page);
  assert.deepEqual([first.answered, first.correct, first.total, first.score], [0, 0, ids.length, 0]);
  let n = 0;
  for (const [id, [wrong, right]] of Object.entries(BANK)) {
    const bad = await answer(page, id, wrong);
    assert.match(bad, /^Not quite\./, `${id}: a wrong answer is called wrong`);
    assert.ok(bad.includes(`the answer is ${typeof right === "number" ? right : right}`), `${id}: the feedback names the right answer: ${bad}`);
    let r = await result(page);
    assert.equal(r.questions.find((q) => q.id === id).correct, false);
    const good = await answer(page, id, right);
    assert.match(good, /^Right\./, `${id}: the right answer is accepted`);
    assert.ok(good.length > 40, `${id}: the feedback says why`);
    n++;
    r = await result(page);
    assert.equal(r.correct, n);
    assert.equal(r.answered, n);
    assert.deepEqual(r.questions.find((q) => q.id === id), { id, correct: true, response: right, attempts: 2 });
  }
  const r = await result(page);
  assert.deepEqual([r.answered, r.correct, r.total, r.score], [18, 18, 18, 1]);
  assert.equal(await page.locator("#q").locator(".score").textContent(), "Score: 18 of 18 right (18 answered).");
  const events = await page.evaluate(() => ({ changes: window.changes, scores: window.scores }));
  assert.equal(events.changes, 36, "one change per check");
  assert.equal(events.scores.length, 36, "one weir-score per check");
  assert.deepEqual(events.scores[0], { score: { raw: 0, min: 0, max: 18, scaled: 0 }, success: false, completion: false });
  assert.deepEqual(events.scores[1], { score: { raw: 1, min: 0, max: 18, scaled: 1 / 18 }, success: false, completion: false });
  assert.deepEqual(events.scores.at(-1), { score: { raw: 18, min: 0, max: 18, scaled: 1 }, success: true, completion: true });
  // A wrong answer after a right one takes the point back; Start over clears everything.
  await answer(page, "rule", "Batch processing");
  assert.equal((await result(page)).correct, 17);
  await page.locator("#q").getByRole("button", { name: "Start over" }).click();
  const cleared = await result(page);
  assert.deepEqual([cleared.answered, cleared.correct, cleared.questions[0].attempts, cleared.questions[0].response], [0, 0, 0, null]);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const seed of ["7", "42", "none"]) {
  test(`engine questions${seed === "none" ? " without a seed (the chapter's numbers)" : ` for seed ${seed}`}: prompts, right answers and the computation in the feedback`, { timeout: 60_000 }, async () => {
    const { page, context, problems } = await open(`/t/seed${seed}.html`);
    for (const [kind, want] of Object.entries(ENGINE[seed])) {
      const id = `engine-${kind}`;
      const f = form(page, id);
      assert.match((await f.locator("legend").textContent()).replace(/\s+/g, " "), want.prompt, `${kind}: prompt`);
      assert.match(await f.locator("legend").textContent(), /computed by Weir/);
      // A wrong answer first: any choice that is not the right one.
      if (typeof want.right === "number") {
        assert.match(await answer(page, id, WRONG_NUMBER), /^Not quite\./);
      } else {
        const choices = await f.locator(".choice label").allTextContents();
        assert.ok(choices.includes(want.right), `${kind}: the right choice is offered: ${choices.join(" | ")}`);
        assert.ok(choices.length >= 2);
        assert.match(await answer(page, id, choices.find((c) => c !== want.right)), /^Not quite\./);
      }
      const good = await answer(page, id, want.right);
      assert.match(good, /^Right\./, `${kind}: ${good}`);
      assert.match(good, want.explain, `${kind}: the feedback shows the computation`);
    }
    const r = await result(page);
    assert.deepEqual([r.answered, r.correct, r.total], [5, 5, 5]);
    assert.deepEqual(r.questions.map((q) => q.attempts), [2, 2, 2, 2, 2]);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const seed of ["7", "42", "none"]) {
  test(`v2 engine questions${seed === "none" ? " without a seed" : ` for seed ${seed}`}: the right choice is the engine's (also through replay in the page), the feedback cites the rule`, { timeout: 60_000 }, async () => {
    const { page, context, problems } = await open(`/t/v2-${seed}.html`);
    const ids = await page.locator("#q").locator("form[data-question]").evaluateAll((fs) => fs.map((f) => f.dataset.question));
    assert.deepEqual(ids, ["engine-kafka", "engine-discarding", "engine-gateway", "engine-idle"]);
    const RULE = {
      kafka: /every-event mode: each accepted record fires every window it entered at once \(early while W < end, late after\)/,
      discarding: /every firing reports only the readings added since the window's previous firing, and a firing with nothing new is not emitted/,
      gateway: /Each source's watermark is its max event time - d and W the min over the active sources/,
      idle: /A declared source holds W at −∞ until it sends or goes idle, and without idleTimeout a silent source never goes idle/,
    };
    for (const [kind, want] of Object.entries(V2[seed])) {
      const id = `engine-${kind}`;
      const f = form(page, id);
      const legend = (await f.locator("legend").textContent()).replace(/\s+/g, " ");
      assert.match(legend, want.prompt, `${kind}: prompt`);
      assert.match(legend, /computed by Weir/);
      const says = await engineSays(page, kind, want.check);
      assert.equal(says.right, want.right, `${kind}: the page's www/weir.js agrees with the hand-worked answer`);
      const choices = await f.locator(".choice label").allTextContents();
      assert.ok(choices.length >= 3, `${kind}: three or more choices: ${choices.join(" | ")}`);
      assert.equal(new Set(choices).size, choices.length, `${kind}: no choice twice`);
      assert.ok(choices.includes(want.right), `${kind}: the right choice is offered: ${choices.join(" | ")}`);
      if (kind === "kafka") assert.ok(choices.includes(says.suppress), `kafka: suppress's rows are a wrong choice: ${choices.join(" | ")}`);
      const bad = await answer(page, id, choices.find((c) => c !== want.right));
      assert.match(bad, /^Not quite\./);
      assert.ok(bad.includes(`the answer is ${want.right}`), `${kind}: ${bad}`);
      const good = await answer(page, id, want.right);
      assert.match(good, /^Right\./, `${kind}: ${good}`);
      assert.match(good, want.explain, `${kind}: the feedback shows the engine's numbers`);
      assert.match(good, RULE[kind], `${kind}: the feedback cites the rule`);
    }
    const r = await result(page);
    assert.deepEqual([r.answered, r.correct, r.total], [4, 4, 4]);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("v2 questions by name, among v1 ones, and the groups v1, v2 and all; a wrong name is an error naming it", { timeout: 60_000 }, async () => {
  const ids = async (path) => {
    const { page, context, problems } = await open(path);
    const list = await page.locator("#q").locator("form[data-question]").evaluateAll((fs) => fs.map((f) => f.dataset.question));
    assert.deepEqual(problems, []);
    await context.close();
    return list;
  };
  assert.deepEqual(await ids("/t/v2-mixed.html"), ["engine-watermark", "engine-idle", "engine-windows", "engine-watermark-2",
    "engine-fate", "engine-memory", "engine-results", "engine-kafka"]);
  assert.deepEqual(await ids("/t/v2-all.html"), ["windows", "watermark", "fate", "memory", "results", "kafka", "discarding", "gateway", "idle"].map((k) => `engine-${k}`));
  const bad = await open("/t/v2-bad.html");
  assert.equal(await bad.page.evaluate(() => document.getElementById("q").dataset.state), "error");
  assert.equal(await bad.page.locator("#q").locator(".error").textContent(),
    'engine "kafka-rows": expected one of windows, watermark, fate, memory, results, kafka, discarding, gateway, idle (or a group: v1, v2, all)');
  await bad.context.close();
});

test("v2 author questions with attributes: a grace that accepts the straggler, a lateness that drops it, no idle timeout, a late-sending gateway", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/v2-author.html");
  // Grace 5 s: 14:00:06 comes at W = 14:00:12 < 14:00:10 + 5 s: accepted, a late row 1 + 2 + 8 = 11.
  assert.match(await answer(page, "grace", "[14:00:00, 14:00:10): 1, 3; [14:00:10, 14:00:20): 4"), /^Not quite\./);
  let good = await answer(page, "grace", "[14:00:00, 14:00:10): 1, 3, 11; [14:00:10, 14:00:20): 4");
  assert.match(good, /^Right\..*14:00:06 arrived at W = 14:00:12 < its window's end \+ grace = 14:00:15: accepted late.*early 1, early 3, late 11/);
  // Early every 3: [1, 2, 3] = 6; lateness 0: 14:00:07 at W = 14:00:12 is side output. 6.
  good = await answer(page, "dropped", "6");
  assert.match(good, /^Right\..*early 6; they add up to 6.*14:00:07 came at W = 14:00:12 >= end \+ allowed lateness = 14:00:10: side output/);
  // No idle timeout: gateway 1, silent since 14:00:01, still holds W at 14:00:01 - 2 s.
  good = await answer(page, "stalled", "Gateway 1: W = 13:59:59");
  assert.match(good, /^Right\..*W = the min over the active gateways = 13:59:59: gateway 1 holds it back.*without idleTimeout/);
  // Gateway 1 sent 14:00:15 first (W_1 = 14:00:13): W = W_0 = 14:00:10 when 14:00:12 arrives, the window fires on time.
  good = await answer(page, "late-gw", "Yes, on time during the stream, at W = 14:00:10");
  assert.match(good, /^Right\..*W_1 = 14:00:13.*fired on time at W = 14:00:10/);
  assert.equal((await result(page)).correct, 4);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard only on the v2 questions: arrows pick the rows, Enter checks, the verdict is announced", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/v2-none.html");
  const active = () => page.evaluate(() => document.getElementById("q").shadowRoot.activeElement?.labels?.[0]?.textContent ?? null);
  await page.locator("h1").click();
  await page.keyboard.press("Tab");
  const right = V2.none.kafka.right;
  for (let i = 0; i < 4 && (await active()) !== right; i++) await page.keyboard.press("ArrowDown");
  assert.equal(await active(), right);
  await page.keyboard.press("Space"); // Tab focuses a radio without picking it (arrows pick as they move)
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("q").result.answered === 1);
  const live = page.locator("#q").locator("[aria-live]");
  assert.equal(await live.textContent(), "Question 1, attempt 1: Right. Score: 1 of 4 right (1 answered).");
  // Tab past Check into the next group; the first arrow press picks a choice, Enter checks it.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.match(await active(), /^\d+$/, "on a total of the discarding question");
  for (let i = 0; i < 4 && (await active()) !== V2.none.discarding.right; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Space");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("q").result.correct === 2);
  assert.equal(await live.textContent(), "Question 2, attempt 1: Right. Score: 2 of 4 right (2 answered).");
  assert.deepEqual(problems, []);
  await context.close();
});

test("two seeds give different numbers; the same seed gives the same ones", { timeout: 60_000 }, async () => {
  const prompts = async (path) => {
    const { page, context } = await open(path);
    const p = await page.locator("#q").locator("legend").allTextContents();
    await context.close();
    return p;
  };
  const [a, b, a2] = [await prompts("/t/seed7.html"), await prompts("/t/seed42.html"), await prompts("/t/seed7.html")];
  assert.deepEqual(a, a2);
  for (let i = 0; i < a.length; i++) assert.notEqual(a[i], b[i], `question ${i + 1} differs between seeds`);
});

test("author questions written in HTML: choices, a numeric answer with unit and tolerance, an engine question with attributes", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/author.html");
  assert.deepEqual(await page.locator("#q").locator("form[data-question]").evaluateAll((fs) => fs.map((f) => f.dataset.question)), ["lambda", "rate", "late30"]);
  assert.match(await answer(page, "lambda", "Kappa"), /^Not quite\..*the answer is Lambda/);
  assert.match(await answer(page, "lambda", "Lambda"), /^Right\. Lambda: a speed layer/);
  assert.equal(await form(page, "rate").locator(".unit").textContent(), "messages/s");
  assert.match(await answer(page, "rate", 100000), /^Not quite\./);
  assert.match(await answer(page, "rate", 1000000), /^Right\. 10,000 × 100 = 1,000,000\./);
  // W = 14:00:30 - 10 s = 14:00:20 >= 14:00:10, < 14:00:10 + 30 s = 14:00:40: accepted late.
  assert.match(await answer(page, "late30", "Side output: too late for its window"), /^Not quite\./);
  const good = await answer(page, "late30", "Late but accepted: its window fires again with it");
  assert.match(good, /W = 14:00:20 >= the window's end 14:00:10, so \[14:00:00, 14:00:10\) has fired; but W < end \+ allowed lateness = 14:00:40/);
  assert.match(good, /the engine emitted a late firing/);
  // Editing the author's markup rebuilds the quiz.
  await page.evaluate(() => document.querySelector("#rate").setAttribute("tolerance", "10"));
  await page.waitForFunction(() => document.getElementById("q").result.answered === 0);
  assert.match(await answer(page, "rate", 1000005), /^Right\./);
  assert.deepEqual(problems, []);
  await context.close();

  const bad = await open("/t/bad.html");
  assert.equal(await bad.page.evaluate(() => document.getElementById("q").dataset.state), "error");
  assert.equal(await bad.page.locator("#q").locator(".error").textContent(), 'question "oops": mark exactly one <weir-choice correct>');
  await bad.context.close();
});

test("keyboard only: Tab to a question, arrows pick a choice, Enter checks; numbers by typing; feedback announced once", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/author.html");
  const active = () => page.evaluate(() => {
    const a = document.getElementById("q").shadowRoot.activeElement;
    return a ? `${a.localName}${a.type ? `[${a.type}]` : ""} ${a.labels?.[0]?.textContent ?? a.textContent}` : null;
  });
  // Tab from the page's heading into the first question's radio group.
  await page.locator("h1").click();
  await page.keyboard.press("Tab");
  assert.equal(await active(), "input[radio] Kappa");
  await page.keyboard.press("ArrowDown"); // Lambda
  assert.equal(await active(), "input[radio] Lambda");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("q").result.answered === 1);
  const live = page.locator("#q").locator("[aria-live]");
  assert.equal(await live.count(), 1, "one live region: the feedback is announced once");
  assert.equal(await live.textContent(), "Question 1, attempt 1: Right. Score: 1 of 3 right (1 answered).");
  // The visible feedback is not a second live region.
  assert.equal(await form(page, "lambda").locator(".feedback").getAttribute("aria-live"), null);
  await page.keyboard.press("Tab"); // Check button
  assert.equal(await active(), "button[submit] Check");
  await page.keyboard.press("Tab"); // the number field
  assert.equal(await active(), "input[number] Your answer");
  await page.keyboard.type("999");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("q").result.answered === 2);
  assert.equal(await live.textContent(), "Question 2, attempt 1: Not quite. The answer is 1000000 messages/s. Score: 1 of 3 right (2 answered).");
  // Retry: clear the field, type the right number, check again with the button.
  await page.keyboard.press("Control+A");
  await page.keyboard.type("1000000");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.waitForFunction(() => document.getElementById("q").result.correct === 2);
  assert.equal(await live.textContent(), "Question 2, attempt 2: Right. Score: 2 of 3 right (2 answered).");
  // The accessible names: the group's legend says which question of how many.
  const legend = await form(page, "rate").locator("legend").textContent();
  assert.match(legend, /^Question 2 of 3: .*10,000 sensors/);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const scheme of ["light", "dark"]) {
  test(`the v2 questions: axe-core finds no serious or critical violations (${scheme}), at 1280 and 360 px, answered and not; nothing overflows`, { timeout: 90_000 }, async () => {
    const { page, context, problems } = await open("/t/v2-none.html", { colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    assert.deepEqual(await axeViolations(page), []);
    await answer(page, "engine-kafka", V2.none.kafka.right);
    await answer(page, "engine-idle", "Never, not even at flush(): the window stays stuck");
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      assert.deepEqual(await axeViolations(page), [], `${width} px`);
    }
    await screenshots(page, `quiz-v2-${scheme}`);
    // The longest choice (a list of rows) wraps inside the element at 360 px.
    const over = await page.evaluate(() => {
      const q = document.getElementById("q");
      const right = q.getBoundingClientRect().right;
      return [...q.shadowRoot.querySelectorAll("label, legend, .feedback")].filter((e) => e.getBoundingClientRect().right > right + 1).length;
    });
    assert.equal(over, 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`axe-core finds no serious or critical violations (${scheme}), at 1280 and 360 px, answered and not`, { timeout: 90_000 }, async () => {
    const { page, context, problems } = await open("/t/bank.html", { colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    assert.deepEqual(await axeViolations(page), []);
    await answer(page, "rule", "Batch processing");
    await answer(page, "worked-window", 1);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      assert.deepEqual(await axeViolations(page), [], `${width} px`);
    }
    await screenshots(page, `quiz-${scheme}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("screenshot for the README: two engine questions, one answered wrong, one right", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/shot.html", { viewport: { width: 820, height: 700 } });
  await answer(page, "engine-watermark", "W = 14:00:20; [14:00:00, 14:00:10) has fired");
  await answer(page, "engine-fate", "Late but accepted: its window fires again with it");
  mkdirSync(DOCS, { recursive: true });
  await page.locator("#q").screenshot({ path: `${DOCS}widget-quiz.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test("on index.html: the Knowledge Check follows batch vs stream, Label the Diagram follows the factory's pipeline; both work there", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.server.url}index.html`);
  await page.waitForFunction(() => ["weir-quiz", "weir-label-diagram"].every((n) => document.querySelector(n)?.dataset.state === "ready"), null, { timeout: 30_000 });
  const order = await page.evaluate(() => [...document.querySelectorAll("main > section")].map((s) => s.id));
  const at = (id) => order.indexOf(id);
  assert.equal(at("knowledge-check"), at("batch-vs-stream") + 1, order.join(", "));
  assert.equal(at("label-diagram"), at("factory") + 1, order.join(", "));
  // The chapter's order: why stream (batch vs stream), event time (the pipeline reading, the
  // interactive widgets, the watermark's price, the watermark example), windows (tumbling, the trade-off, Try It), the
  // memory calculator, the worked example (the factory), then the Concept Check.
  assert.deepEqual(order, ["batch-vs-stream", "knowledge-check", "pipeline-reading", "window-types", "event-time",
    "watermark-price", "watermark-example", "semantics", "sources", "rules-check", "tumbling-demo", "window-advisor", "try-it", "memory", "factory", "label-diagram"]);
  // The table of contents lists every section, the factory included, in the same order.
  const toc = await page.evaluate(() => [...document.querySelectorAll("nav .toc a[href^='#']")].map((a) => a.getAttribute("href").slice(1)));
  assert.deepEqual(toc, order);
  // The page's quiz: the chapter bank and four engine questions with the chapter's numbers.
  const r = await page.evaluate(() => document.querySelector("weir-quiz").result);
  assert.equal(r.total, 18 + 4);
  // The rules check after the gateways: the four v2 engine questions alone.
  await page.waitForFunction(() => document.querySelector("#rules-check weir-quiz")?.dataset.state === "ready", null, { timeout: 30_000 });
  const v2 = await page.locator("#rules-check weir-quiz").locator("form[data-question]").evaluateAll((fs) => fs.map((f) => f.dataset.question));
  assert.deepEqual(v2, ["engine-kafka", "engine-discarding", "engine-gateway", "engine-idle"]);
  const quiz = page.locator("weir-quiz");
  await quiz.locator('form[data-question="engine-fate"]').getByLabel("Side output: too late for its window").check();
  await quiz.locator('form[data-question="engine-fate"]').getByRole("button", { name: "Check" }).click();
  assert.match(await quiz.locator('form[data-question="engine-fate"] .feedback').textContent(), /^Right\. The engine says the event is too late: side output\. W = 14:00:30 - 10 s = 14:00:20\./);
  assert.equal(await page.evaluate(() => document.querySelector("weir-label-diagram").result.total), 8);
  assert.deepEqual(problems, []);
  await context.close();
});

test("from dist/ (as ./weir dist copies it): both elements load and answer", { timeout: 60_000 }, async () => {
  const root = fileURLToPath(new URL("../../dist/", import.meta.url));
  assert.ok(existsSync(`${root}widgets/quiz.js`) && existsSync(`${root}widgets/label-diagram.js`), "dist/ lacks the two widgets: build it with ./weir dist");
  const dist = await serve(root, {
    pages: { "/both.html": pageWith(`<weir-quiz id="q" bank="none" engine="watermark"></weir-quiz><weir-label-diagram diagram="event-time"></weir-label-diagram>`) },
  });
  const { page, context, problems } = await guardedPage(suite.browser);
  await page.goto(`${dist.url}both.html`);
  await page.waitForFunction(() => ["weir-quiz", "weir-label-diagram"].every((n) => document.querySelector(n)?.dataset.state === "ready"), null, { timeout: 30_000 });
  assert.match(await answer(page, "engine-watermark", "W = 14:00:20; [14:00:00, 14:00:10) has fired"), /^Right\./);
  assert.equal(await page.evaluate(() => document.querySelector("weir-label-diagram").result.total), 7);
  assert.deepEqual(problems, []);
  await context.close();
  await dist.close();
});
