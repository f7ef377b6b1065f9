// <weir-watermark-price> in Chromium: the sweep's three curves against values
// worked by hand on a 10-event stream and against the engine run here in
// Node, per bound, on the seeded stream (completeness, latency and peak state
// computed in this file from the engine's own results); the latency budget's
// answer; clicking and the keyboard choose a setting in the bound
// <weir-event-time> (and its controls move the sweep); errors; axe-core;
// light, dark, reduced motion, 1280 and 360 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, WWW, guardedPage, launchBrowser } from "./helpers.mjs";
import { afterChange, axeViolations, pageWith, screenshots, serve } from "./widget-helpers.mjs";
import { StreamEngine, simulateSensors } from "../api/weir.mjs";

// One sensor, 10 s tumbling windows, in arrival order: 3000 arrives after 12000, 8000 after 21000.
const HAND = [1000, 4000, 9000, 12000, 3000, 15000, 21000, 8000, 25000, 31000].map((time) => ({ key: 1, time, value: 1 }));

const pages = {
  "/t/sim.html": pageWith(`<weir-event-time id="et"></weir-event-time><weir-watermark-price id="wp" for="et"></weir-watermark-price>`),
  "/t/hand.html": pageWith(`<weir-watermark-price id="wp" bound-max="4s" lateness-max="10s" steps="4" completeness-target="90%"></weir-watermark-price>
    <script type="module">document.getElementById("wp").events = ${JSON.stringify(HAND)};</script>`),
  "/t/csv.html": pageWith(`<weir-watermark-price id="wp" src="/data/flink-events-620.csv" bound-max="4s" lateness-max="8s" steps="4" out-of-orderness="1999ms"></weir-watermark-price>`),
  "/t/adopt.html": pageWith(`<weir-event-time id="et" out-of-orderness="5s" lateness="1500ms"></weir-event-time><weir-watermark-price id="wp" for="et"></weir-watermark-price>`),
  "/t/bad.html": pageWith(`<weir-watermark-price id="wp" bound-max="30s"></weir-watermark-price><weir-watermark-price id="wp2" bound-min="5s" bound-max="5s"></weir-watermark-price>
    <weir-watermark-price id="wp3" for="nope" duration="10s"></weir-watermark-price>`),
};

let server, browser;
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve(WWW, { pages });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const ready = (page, sel = "weir-watermark-price") => page.waitForFunction((q) => {
  const els = [...document.querySelectorAll(q)];
  return els.length > 0 && els.every((e) => e.dataset.state === "ready" || e.dataset.state === "error");
}, sel, { timeout: 30_000 });

async function open(path, options = {}) {
  const g = await guardedPage(browser, { viewport: { width: 1280, height: 900 }, ...options });
  await g.page.goto(server.url + path.replace(/^\//, ""));
  await ready(g.page, "weir-watermark-price, weir-event-time");
  return g;
}

/** The rows of one of the widget's tables, as drawn: [setting, on time, after updates, median, p99, state bytes] and the texts. */
const rows = (wp, kind) => wp.locator(`table.numbers.${kind} tbody tr`).evaluateAll((trs) => trs.map((tr) => ({
  data: [tr.dataset.value, tr.dataset.onTime, tr.dataset.final, tr.dataset.median, tr.dataset.p99].map((v) => (v === "" ? null : Number(v))),
  bytes: Number(tr.dataset.stateBytes),
  text: [...tr.children].map((c) => c.textContent),
})));

/** The peak of the engine's stateBytes over a run of `events` (measured here, in Node). */
function peakState(events, size, bound, lateness) {
  const e = new StreamEngine({ window: { type: "tumbling", size }, watermark: { maxOutOfOrderness: bound }, allowedLateness: lateness });
  let peak = 0;
  for (const ev of events) {
    e.push({ key: ev.key, time: ev.time, value: ev.value });
    peak = Math.max(peak, e.stateBytes);
  }
  e.free();
  return peak;
}

test("hand-worked stream: completeness, latency by nearest rank and the budget's answer, as worked out by hand", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await open("/t/hand.html");
  const wp = page.locator("#wp");
  // Bound d, lateness 0 (W = max - d; a window fires when W >= end):
  //  d = 0, 1 s: [0,10) fires at 12000 with 3 (latency 2 s), [10,20) at 21000 (1 s), [20,30) at 31000 (1 s);
  //    3000 and 8000 go to the side output; [30,40) fires at the end. On time 3+2+2+1 = 8 of 10.
  //  d = 2 s: [0,10) at 12000 with 3 (2 s), [10,20) at 25000 (5 s); the rest at the end: 8 of 10.
  //  d = 3, 4 s: 3000 arrives with W < 10000 and counts: [0,10) fires at 15000 with 4 (5 s), [10,20) at 25000 (5 s): 9 of 10.
  // Median and p99 by nearest rank: of [1, 1, 2] s: 1 s and 2 s; of [2, 5]: 2 s and 5 s.
  const bound = [[0, 8, 8, 1000, 2000], [1000, 8, 8, 1000, 2000], [2000, 8, 8, 2000, 5000], [3000, 9, 9, 5000, 5000], [4000, 9, 9, 5000, 5000]];
  // Lateness l at bound 2 s: 3000 arrives with W = 10000 (accepted if 10000 < 10000 + l), 8000 with W = 19000 (if l > 9 s).
  // The on-time results do not change, nor their latency.
  const lateness = [[0, 8, 8, 2000, 5000], [2500, 8, 9, 2000, 5000], [5000, 8, 9, 2000, 5000], [7500, 8, 9, 2000, 5000], [10000, 8, 10, 2000, 5000]];
  const b = await rows(wp, "bound");
  const l = await rows(wp, "lateness");
  assert.deepEqual(b.map((r) => r.data), bound);
  assert.deepEqual(l.map((r) => r.data), lateness);
  assert.deepEqual(b[3].text.slice(0, 5), ["3 s", "90 %", "90 %", "5 s", "5 s"]);
  assert.deepEqual(b.map((r) => Number(r.text[7])), [2, 2, 2, 1, 1], "side output");
  assert.deepEqual(l.map((r) => Number(r.text[6])), [0, 1, 1, 1, 2], "late firings");
  // State: the engine's own figure, peak over the run, as measured here.
  assert.deepEqual(b.map((r) => r.bytes), bound.map(([d]) => peakState(HAND, 10_000, d, 0)));
  assert.deepEqual(l.map((r) => r.bytes), lateness.map(([L]) => peakState(HAND, 10_000, 2000, L)));

  // Target 90 %, budget 5 s: 3 s is the smallest bound with 90 % on time and p99 <= 5 s.
  const verdict = wp.locator(".verdict");
  assert.equal(await verdict.getAttribute("data-bound"), "3000");
  assert.match(await verdict.textContent(), /^Smallest bound meeting 90 % of the events on time with p99 latency within 5 s: 3 s \(90 % on time, p99 5 s\)/);
  assert.equal(await wp.locator('svg.bound g.point.is-answer').getAttribute("data-value"), "3000");
  // Budget 4 s typed: no bound meets both; 3 s reaches 90 % at p99 5 s; lateness 2.5 s at bound 2 s gets 90 % after updates.
  const budget = wp.getByLabel("Latency budget (p99)", { exact: true });
  await budget.fill("4");
  await afterChange(page, "#wp", () => budget.press("Enter"));
  assert.equal(await wp.getAttribute("latency-budget"), "4s");
  assert.equal(await verdict.getAttribute("data-bound"), "none");
  assert.equal(await verdict.textContent(), "No bound from 0 s to 4 s meets 90 % of the events on time with p99 latency within 4 s. " +
    "The smallest reaching 90 % is 3 s, with p99 5 s. Within the budget, 0 s counts the most on time: 80 %. " +
    "With bound 2 s, allowed lateness 2.5 s brings the results to 90 % after late updates (on time: 80 %).");
  assert.equal(await wp.locator('svg.lateness g.point.is-answer').getAttribute("data-value"), "2500");
  // A chosen bound off the grid is run too: 3.5 s, between the points.
  await afterChange(page, "#wp", () => wp.evaluate((el) => el.setAttribute("out-of-orderness", "3500ms")));
  assert.deepEqual((await rows(wp, "bound")).map((r) => r.data[0]), [0, 1000, 2000, 3000, 3500, 4000]);
  assert.deepEqual((await rows(wp, "lateness")).map((r) => r.data.slice(0, 3)), [[0, 9, 9], [2500, 9, 9], [5000, 9, 9], [7500, 9, 9], [10000, 9, 10]]);
  assert.deepEqual(problems, []);
  await context.close();
});

// The seeded stream (the simulator with <weir-event-time>'s defaults), run here per bound.
function seeded() {
  const sim = simulateSensors({ anomalies: 0, seed: 3, sensors: 3, rateHz: 1, durationMs: 40_000, delayBaseMs: 200, delaySpreadMs: 2000, lateFraction: 0.05, lateMinMs: 2000, lateMaxMs: 12_000 });
  return [...sim.keys].map((key, i) => ({ key, time: sim.times[i], value: sim.values[i] }));
}
/** [bound, on-time count, last-result count, median, p99] from the engine's results: latency = max event time pushed at the firing - end. */
function expectedRun(events, d, L) {
  const e = new StreamEngine({ window: { type: "tumbling", size: 10_000 }, watermark: { maxOutOfOrderness: d }, allowedLateness: L });
  let max = -Infinity, onTime = 0;
  const lat = [], last = new Map();
  const note = (r, flushed) => {
    last.set(`${r.key}/${r.start}`, r.count);
    if (r.firing === "on-time") {
      onTime += r.count;
      if (!flushed) lat.push(max - r.end);
    }
  };
  for (const ev of events) {
    e.push(ev);
    max = Math.max(max, ev.time);
    for (const r of e.drain()) note(r, false);
  }
  e.flush();
  for (const r of e.drain()) note(r, true);
  e.free();
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.ceil(p * lat.length) - 1];
  return [d, onTime, [...last.values()].reduce((a, b) => a + b, 0), q(0.5), q(0.99)];
}

test("seeded stream: 21 bounds and 21 lateness values as the engine gives them here; a click chooses in the event-time widget", { timeout: 90_000 }, async (t) => {
  const { page, context, problems } = await open("/t/sim.html");
  const wp = page.locator("#wp");
  const events = seeded();
  assert.equal(events.length, 120);
  const grid = Array.from({ length: 21 }, (_, i) => i * 500);
  const b = await rows(wp, "bound");
  assert.deepEqual(b.map((r) => r.data), grid.map((d) => expectedRun(events, d, 0)));
  assert.deepEqual(b.map((r) => r.bytes), grid.map((d) => peakState(events, 10_000, d, 0)));
  const l = await rows(wp, "lateness");
  assert.deepEqual(l.map((r) => r.data), grid.map((L) => expectedRun(events, 2000, L)).map(([, ...rest], i) => [grid[i], ...rest]));
  assert.deepEqual(l.map((r) => r.bytes), grid.map((L) => peakState(events, 10_000, 2000, L)));
  // For this seed: 112 of 120 on time with no bound, 115 with 2 s, all 120 from 7 s; lateness 5 s gets all 120 at bound 2 s.
  assert.deepEqual([b[0].data[1], b[4].data[1], b[13].data[1], b[14].data[1]], [112, 115, 119, 120]);
  assert.deepEqual([l[0].data[2], l[9].data[2], l[10].data[2]], [115, 119, 120]);
  // Target 95 %, budget 5 s (the defaults): 1 s (114 of 120, p99 1.594 s).
  assert.equal(await wp.locator(".verdict").getAttribute("data-bound"), "1000");
  assert.match(await wp.locator(".verdict").textContent(), /: 1 s \(95 % on time, p99 1\.59 s\)/);
  t.diagnostic(`sweep of the default stream (41 engine runs): ${await wp.evaluate((el) => el.result.runMs.toFixed(1))} ms`);

  // The chosen setting (2 s, lateness 0) is marked in both charts and the tables.
  assert.equal(await wp.locator("svg.bound line.chosen").getAttribute("data-value"), "2000");
  assert.equal(await wp.locator('svg.bound g.point[aria-pressed="true"]').getAttribute("data-value"), "2000");
  assert.equal(await wp.locator("table.numbers.bound tr.highlight").getAttribute("data-value"), "2000");
  // A click on the 3.5 s point: chosen here and set in the event-time widget, whose engine then runs that bound.
  const et = page.locator("#et");
  await afterChange(page, "#et", () => wp.locator('svg.bound g.point[data-value="3500"] rect.hit').click());
  assert.equal(await wp.getAttribute("out-of-orderness"), "3500ms");
  assert.equal(await et.getAttribute("out-of-orderness"), "3500ms");
  assert.equal(await et.getAttribute("lateness"), "0ms");
  assert.equal(await et.getByLabel("Max out-of-orderness", { exact: true }).inputValue(), "3500");
  await ready(page, "#wp");
  assert.equal(await wp.locator("svg.bound line.chosen").getAttribute("data-value"), "3500");
  // ...and the other way: the event-time widget's allowed lateness, typed, moves the sweep's mark.
  const etLateness = et.getByLabel("Allowed lateness", { exact: true });
  await etLateness.fill("4000");
  await afterChange(page, "#wp", () => etLateness.press("Enter"));
  assert.equal(await wp.getAttribute("lateness"), "4000ms");
  assert.equal(await wp.locator("svg.lateness line.chosen").getAttribute("data-value"), "4000");
  assert.match(await wp.locator("figcaption").first().textContent(), /allowed lateness 4 s/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("src: the Flink fixture slice, swept as the engine gives it here (bound 1999 ms off the grid is run too)", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await open("/t/csv.html");
  const wp = page.locator("#wp");
  const events = readFileSync(join(WWW, "data/flink-events-620.csv"), "utf8").trim().split("\n").slice(1)
    .map((line) => line.split(",").map(Number)).map(([key, time, value]) => ({ key, time, value }));
  assert.equal(events.length, 620);
  const bounds = [0, 1000, 1999, 2000, 3000, 4000];
  assert.deepEqual((await rows(wp, "bound")).map((r) => r.data), bounds.map((d) => expectedRun(events, d, 0)));
  const late = [0, 2000, 4000, 6000, 8000];
  assert.deepEqual((await rows(wp, "lateness")).map((r) => r.data), late.map((L) => expectedRun(events, 1999, L)).map(([, ...rest], i) => [late[i], ...rest]));
  assert.match(await wp.locator(".status").textContent(), /^620 events, \/data\/flink-events-620\.csv; tumbling 10 s windows/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard: Tab to a chart, arrows, Enter chooses; the focus stays on the point; both charts", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html");
  const wp = page.locator("#wp");
  const et = page.locator("#et");
  // Every point (lateness 0) is labelled with its numbers.
  assert.match(await wp.locator('svg.bound g.point[data-value="0"]').getAttribute("aria-label"),
    /^Bound 0 s: 93\.3 % on time, 93\.3 % after late updates; latency median 0\.15 s, p99 0\.23 s; peak state .*; 0 late firings, 8 events to the side output$/);
  await wp.getByRole("button", { name: "Use bound 1 s" }).focus();
  await page.keyboard.press("Tab");
  const focused = () => wp.evaluate((el) => el.shadowRoot.activeElement?.getAttribute("data-focus-id"));
  assert.equal(await focused(), "bound-2000", "the bound chart's tab stop is the chosen point");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focused(), "bound-3000");
  assert.match(await wp.locator(".details").textContent(), /^Bound 3 s \(lateness 0 s\): 97\.5 % on time, 97\.5 % after late updates; latency median 3\.23 s, p99 3\.23 s;/);
  await afterChange(page, "#et", () => page.keyboard.press("Enter"));
  await ready(page, "#wp");
  assert.equal(await et.getAttribute("out-of-orderness"), "3000ms");
  assert.equal(await focused(), "bound-3000", "the focus is kept across the redraw");
  assert.equal(await wp.locator('svg.bound g.point[aria-pressed="true"]').getAttribute("data-value"), "3000");
  // Tab on to the lateness chart (its tab stop: the chosen lateness, 0), End, Space.
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "lateness-0");
  await page.keyboard.press("End");
  await afterChange(page, "#et", () => page.keyboard.press(" "));
  await ready(page, "#wp");
  assert.equal(await et.getAttribute("lateness"), "10000ms");
  assert.equal(await et.getAttribute("out-of-orderness"), "3000ms");
  assert.equal(await wp.getAttribute("lateness"), "10000ms");
  // The budget's button chooses its answer.
  await afterChange(page, "#et", () => wp.getByRole("button", { name: "Use bound 1 s" }).press("Enter"));
  assert.equal(await et.getAttribute("out-of-orderness"), "1000ms");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a for= element that states its bound and lateness from the start gives the chosen setting", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/adopt.html");
  const wp = page.locator("#wp");
  await page.waitForFunction(() => document.getElementById("wp").result?.chosen.lateness === 1500, null, { timeout: 20_000 });
  await ready(page, "#wp");
  assert.deepEqual(await wp.evaluate((el) => el.result.chosen), { outOfOrderness: 5000, lateness: 1500 });
  assert.equal(await wp.locator("svg.bound line.chosen").getAttribute("data-value"), "5000");
  assert.equal(await wp.locator("svg.lateness line.chosen").getAttribute("data-value"), "1500");
  // 1.5 s is off the lateness grid: run too.
  assert.ok((await rows(wp, "lateness")).some((r) => r.data[0] === 1500));
  assert.deepEqual(problems, []);
  await context.close();
});

test("bad attributes name themselves; a missing for= target is said, not fatal", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/bad.html");
  const err = (id) => page.locator(`#${id}`).locator(".error").textContent();
  assert.equal(await page.locator("#wp").getAttribute("data-state"), "error");
  assert.equal(await err("wp"), 'bound-max="30s": expected a duration such as "2s" or "500ms" from 0 s to 20 s');
  assert.equal(await err("wp2"), 'bound-min="5s" is not less than bound-max="5s"');
  assert.equal(await page.locator("#wp3").getAttribute("data-state"), "ready");
  assert.match(await page.locator("#wp3").locator(".status").textContent(), /No element with id "nope" on this page\./);
  // Fixed, it runs.
  await afterChange(page, "#wp", () => page.locator("#wp").evaluate((el) => el.setAttribute("bound-max", "20s")));
  assert.equal((await rows(page.locator("#wp"), "bound")).at(-1).data[0], 20_000);
  assert.deepEqual(problems, []);
  await context.close();
});

test("axe-core clean; light and dark; 1280 and 360 px; reduced motion: the chosen line does not slide", { timeout: 90_000 }, async () => {
  for (const [scheme, reducedMotion] of [["light", "no-preference"], ["dark", "reduce"]]) {
    const g = await guardedPage(browser, { viewport: { width: 1280, height: 900 }, colorScheme: scheme, reducedMotion });
    const { page, context, problems } = g;
    // Count the animations the widget starts.
    await page.addInitScript(() => {
      window.slides = 0;
      const animate = Element.prototype.animate;
      Element.prototype.animate = function (...a) { window.slides++; return animate.apply(this, a); };
    });
    await page.goto(`${server.url}t/sim.html`);
    await ready(page, "weir-watermark-price, weir-event-time");
    const wp = page.locator("#wp");
    assert.equal(await wp.getAttribute("data-scheme"), scheme);
    assert.deepEqual(await axeViolations(page), [], `${scheme}`);
    await afterChange(page, "#wp", () => wp.locator('svg.bound g.point[data-value="5000"] rect.hit').click());
    assert.equal(await page.evaluate(() => window.slides), reducedMotion === "reduce" ? 0 : 1, "the bound chart's line slid (and the lateness chart's stayed)");
    // The curve strokes are the palette's accent, not an unset colour.
    const stroke = await wp.locator("svg.bound polyline.curve.solid").first().evaluate((el) => getComputedStyle(el).stroke);
    assert.equal(stroke, scheme === "dark" ? "rgb(110, 168, 255)" : "rgb(9, 105, 218)");
    const shots = await screenshots(page, `widgets-watermark-price-${scheme}`);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      const over = await wp.evaluate((el) => ({ right: el.getBoundingClientRect().right, vw: document.documentElement.clientWidth, two: el.shadowRoot.querySelector(".columns").classList.contains("two-up") }));
      assert.ok(over.right <= over.vw + 1, `${width} px: the widget is wider than the page`);
      assert.equal(over.two, width === 1280, `${width} px: the charts ${width === 1280 ? "side by side" : "stacked"}`);
    }
    await wp.screenshot({ path: join(ARTIFACTS, `widget-watermark-price-${scheme}.png`) });
    assert.ok(shots.phone);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test("www/index.html: the sweep under the event-time widget sets its bound", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await open("/index.html");
  const wp = page.locator("#watermark-price weir-watermark-price");
  const et = page.locator("#event-time weir-event-time");
  assert.equal(await wp.getAttribute("for"), await et.getAttribute("id"));
  await afterChange(page, "#event-time-sim", () => wp.locator('svg.bound g.point[data-value="4000"] rect.hit').click());
  assert.equal(await et.getAttribute("out-of-orderness"), "4000ms");
  assert.match(await wp.locator(".status").textContent(), /^120 events, simulated \(seed 3\); tumbling 10 s windows; .* Choosing a point also sets it in weir-event-time#event-time-sim\./);
  assert.deepEqual(problems, []);
  await context.close();
});

test("www/frame.html embeds it (for an LMS iframe), attributes from the query", { timeout: 60_000 }, async () => {
  const g = await guardedPage(browser, { viewport: { width: 1000, height: 900 } });
  await g.page.goto(`${server.url}frame.html?widget=watermark-price&duration=20s&steps=5&frame=wp`);
  await ready(g.page);
  const wp = g.page.locator("weir-watermark-price");
  assert.equal(await wp.getAttribute("data-state"), "ready");
  // 3 sensors at 1 Hz for 20 s; bounds 0, 2, 4, 6, 8, 10 s.
  assert.equal(await wp.evaluate((el) => el.result.events), 60);
  assert.deepEqual((await rows(wp, "bound")).map((r) => r.data[0]), [0, 2000, 4000, 6000, 8000, 10000]);
  assert.deepEqual(g.problems, []);
  await g.context.close();
});
