// <weir-window-types> in Chromium: the Flink fixture slice through the
// tumbling engine gives Flink's totals; keyboard and attribute inputs;
// hover/focus links events and windows; axe-core; screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { afterChange, axeViolations, pageWith, screenshots, widgetsReady, widgetSuite } from "./widget-helpers.mjs";
import { HOP_L0, SESSION_L0, TUMBLE_L0, assertRows, resultRows } from "./flink-slice.mjs";
import { labelCollisions, medianDotGap, regions, ticks } from "./chart-checks.mjs";

const FLINK = `src="/data/flink-events-620.csv" window="10s" slide="2s" gap="3s" out-of-orderness="1999ms"`;
// Sensor 1 at 0.5 s and 1.5 s, sensor 2 at 12 s (no arrival times: the order given is the arrival order).
const EARLY = [[1, 500, 1], [1, 1500, 3], [2, 12_000, 5]].map(([key, time, value]) => ({ key, time, value }));

const pages = {
  "/t/flink.html": pageWith(`<weir-window-types id="wt" ${FLINK}></weir-window-types>`),
  "/t/sim.html": pageWith(`<weir-window-types id="wt" seed="11" sensors="3" rate="1" duration="30s" burst-active="0"></weir-window-types>`),
  "/t/try-it.html": pageWith(`<weir-window-types id="wt" scenario="try-it"></weir-window-types>`),
  // A classic script runs while the page is parsed, before the module that defines the element.
  "/t/early.html": pageWith(`<weir-window-types id="wt" window="10s" slide="5s" gap="3s"></weir-window-types>
    <script>window.definedFirst = Boolean(customElements.get("weir-window-types"));
      document.getElementById("wt").events = ${JSON.stringify(EARLY)};</script>`),
};

const { open } = widgetSuite({ pages });

test("Flink slice by attribute: tumbling, sliding and session show Flink's window totals; the cost cards show real engine numbers", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/flink.html");
  const wt = page.locator("#wt");
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  assertRows(assert, await resultRows(wt.locator('table.results[data-type="tumbling"]')), TUMBLE_L0);
  // The sliding and session engines beside it agree with Flink's HOP and SESSION runs too.
  assertRows(assert, await resultRows(wt.locator('table.results[data-type="sliding"]')), HOP_L0);
  assertRows(assert, await resultRows(wt.locator('table.results[data-type="session"]')), SESSION_L0);
  const card = (t, f) => wt.locator(`.card[data-type="${t}"] output[data-out="${f}"]`).textContent();
  // 620 events, 5 keys: tumbling emits 5 x 4 windows = 20 results after the final flush.
  assert.equal(await card("tumbling", "firings"), "20");
  // Sliding 10 s / 2 s: each event in 5 windows; more results, more state.
  const firings = { t: Number(await card("tumbling", "firings")), s: Number(await card("sliding", "firings")) };
  assert.ok(firings.s >= 4 * firings.t, `sliding emits ${firings.s} vs tumbling ${firings.t}`);
  const peak = async (t) => Number((await card(t, "peak-state")).replace(/ B$/, ""));
  assert.ok(await peak("tumbling") > 0);
  assert.ok(await peak("sliding") > await peak("tumbling"), "sliding keeps more state than tumbling (measured)");
  const r = await page.evaluate(() => document.getElementById("wt").result);
  assert.equal(r.events, 620);
  assert.equal(r.tumbling.stats.sideOutput, 12); // the 12 late rows of L0_tumble_late.csv with id < 620
  assert.equal(r.tumbling.firings, 20);
  assert.deepEqual(problems, []);
  await context.close();
});

test("events set before the element is defined: the widget takes them over and draws them", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/early.html");
  const wt = page.locator("#wt");
  assert.equal(await page.evaluate(() => window.definedFirst), false, "the property was set before customElements.define");
  assert.deepEqual(await wt.evaluate((el) => el.events.map(({ key, time, value }) => ({ key, time, value }))), EARLY);
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  const drawn = await wt.locator("svg.timeline g.event").evaluateAll((gs) => gs.map((g) => [Number(g.dataset.key), Number(g.dataset.time)]));
  assert.deepEqual(drawn, EARLY.map((e) => [e.key, e.time]));
  const r = await wt.evaluate((el) => el.result);
  assert.equal(r.events, EARLY.length);
  assert.deepEqual(r.tumbling.results.map((x) => [x.key, x.start, x.count, x.mean]), [[1, 0, 2, 2], [2, 10_000, 1, 5]]);
  // Sessions with a 3 s gap: sensor 1's two readings in one, sensor 2's alone.
  assert.deepEqual(r.session.results.map((x) => [x.key, x.start, x.end, x.count]), [[1, 500, 4500, 2], [2, 12_000, 15_000, 1]]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard: window size typed, events and windows focused with the arrow keys light each other up", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/flink.html");
  const wt = page.locator("#wt");
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  // Focus the first event (one tab stop for all events), then move along.
  await wt.getByRole("button", { name: "Rewind" }).focus();
  await wt.locator("g.event").first().focus();
  await page.keyboard.press("ArrowRight");
  const focused = wt.locator("g.event:focus");
  assert.equal(await focused.getAttribute("data-index"), "1");
  // Event 1 is sensor 1 at 889 ms: one tumbling window, 5 sliding windows (10 s / 2 s), one session.
  assert.equal(await wt.locator(".windows.tumbling .window.lit").count(), 1);
  assert.equal(await wt.locator(".windows.sliding .window.lit").count(), 5);
  assert.equal(await wt.locator(".windows.session .window.lit").count(), 1);
  assert.match(await wt.locator(".details").textContent(), /Sensor 1 at 889 ms.*tumbling: 1 window \[0 s, 10 s\)/);
  // Focus the first tumbling window: its events light up and its per-sensor results show.
  await wt.locator(".windows.tumbling .window").first().focus();
  const lit = await wt.locator("g.event.lit").count();
  // 207 on time plus the 6 late rows of [0, 10 s) (ids 244, 291, 292, 293, 378, 436)
  assert.equal(lit, 63 + 55 + 39 + 23 + 27 + 6, "the [0, 10 s) events, late ones included");
  const rows = await wt.locator("table.window-result tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent)));
  assert.deepEqual(rows[0], ["sensor 0", "63", "37.33", "-48.46", "144.56", "on time"]); // 2351.68 / 63, fate in words

  // Type a 5 s window: every tumbling result is 5 s long.
  const size = wt.getByLabel("Window size", { exact: true });
  await size.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("5");
  await afterChange(page, "#wt", () => page.keyboard.press("Enter"));
  assert.equal(await wt.getAttribute("window"), "5s");
  const spans = await wt.locator('table.results[data-type="tumbling"] tbody tr').evaluateAll((trs) =>
    [...new Set(trs.map((tr) => tr.dataset.end - tr.dataset.start))]);
  assert.deepEqual(spans, [5000]);
  assert.match(await wt.locator("[aria-live=polite]").textContent(), /620 of 620 events pushed/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("simulated stream: step, play/pause and reseed use the engines; attributes change the stream", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html");
  const wt = page.locator("#wt");
  const result = () => page.evaluate(() => document.getElementById("wt").result);
  const first = await result();
  assert.equal(first.events, 90); // 3 steady sensors (burst-active="0") x 1 Hz x 30 s
  assert.equal(first.pushed, 0); // opens rewound
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  assert.equal((await result()).pushed, 90);
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "Rewind" }).click());
  assert.equal((await result()).pushed, 0);
  await wt.getByRole("button", { name: "Step" }).focus();
  await afterChange(page, "#wt", () => page.keyboard.press("Enter"));
  assert.equal((await result()).pushed, 2); // steps of ceil(90 / 60)
  await wt.getByRole("button", { name: "Play" }).click();
  await page.waitForFunction(() => document.getElementById("wt").result.pushed >= 20);
  await wt.getByRole("button", { name: "Pause" }).click();
  const paused = (await result()).pushed;
  await page.waitForTimeout(400);
  assert.equal((await result()).pushed, paused);
  const before = await page.evaluate(() => document.getElementById("wt").events.map((e) => e.time).join());
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "Reseed" }).click());
  assert.equal(await wt.getAttribute("seed"), "12");
  const after = await page.evaluate(() => document.getElementById("wt").events.map((e) => e.time).join());
  assert.notEqual(after, before);
  await afterChange(page, "#wt", () => wt.evaluate((el) => el.setAttribute("rate", "2")));
  assert.equal((await result()).events, 180);
  assert.equal((await result()).pushed, paused); // a new stream, the same step
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  // The events property replaces the stream.
  await afterChange(page, "#wt", () => wt.evaluate((el) => {
    el.events = [{ key: 1, time: 500, value: 1 }, { key: 1, time: 1500, value: 3 }, { key: 2, time: 12000, value: 5 }];
  }));
  const r = await result();
  assert.deepEqual(r.tumbling.results.map((x) => [x.key, x.start, x.count, x.mean]), [[1, 0, 2, 2], [2, 10000, 1, 5]]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("one playback model: opens rewound with Press Play; a control keeps the position; focus and details follow each step", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html");
  const wt = page.locator("#wt");
  const result = () => page.evaluate(() => document.getElementById("wt").result);
  assert.equal((await result()).pushed, 0);
  assert.match(await wt.locator(".status").textContent(), /^Press Play \(or Step\) to push the events/);
  assert.equal(await wt.locator("svg.timeline g.event.pending").count(), 90);
  // Hover event 10 (not pushed yet), then Step six times (2 events a step): the details follow.
  await wt.locator('g.event[data-index="10"]').dispatchEvent("pointerenter");
  assert.match(await wt.locator(".details").textContent(), /\(not pushed yet\)/);
  for (let i = 0; i < 6; i++) await afterChange(page, "#wt", () => wt.getByRole("button", { name: "Step" }).click());
  assert.equal((await result()).pushed, 12);
  assert.match(await wt.locator(".details").textContent(), /\(tumbling: on time\)/);
  // Play, then Tab to an event: several redraws later the focus is still on that event.
  await wt.getByRole("button", { name: "Play" }).click();
  await wt.locator('g.event[data-index="30"]').focus();
  await page.waitForFunction(() => document.getElementById("wt").result.pushed >= 40);
  const focus = await page.evaluate(() => {
    const el = document.getElementById("wt");
    return { outer: document.activeElement?.localName, index: el.shadowRoot.activeElement?.dataset.index };
  });
  assert.deepEqual(focus, { outer: "weir-window-types", index: "30" });
  assert.match(await wt.locator(".details").textContent(), /\(tumbling: on time\)/);
  // The polite live region is not flooded at every 150 ms step: it still tells the last step before Play...
  const live = () => wt.locator("[aria-live=polite]").textContent();
  assert.match(await live(), /^12 of 90 events pushed\./);
  await wt.getByRole("button", { name: "Pause" }).click();
  const paused = (await result()).pushed;
  assert.ok(paused >= 40 && paused < 90, `paused at ${paused}`);
  // ...and tells where playback stopped.
  assert.match(await live(), new RegExp(`^${paused} of 90 events pushed\\.`));
  // A new design re-runs the engines to the same step.
  const slide = wt.getByLabel("Slide (sliding)", { exact: true });
  await slide.fill("5");
  await afterChange(page, "#wt", () => slide.press("Enter"));
  assert.equal(await wt.getAttribute("slide"), "5s");
  assert.equal((await result()).pushed, paused);
  assert.equal(await wt.locator("svg.timeline g.event.pending").count(), 90 - paused);
  // At the end, a change stays at the end (every window fired).
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  await afterChange(page, "#wt", () => wt.evaluate((el) => el.setAttribute("gap", "4s")));
  assert.equal((await result()).pushed, 90);
  assert.match(await wt.locator(".status").textContent(), /end of stream: every window fired/);
  // A focused window that a new design removes: the focus stays in the chart, the details do not go stale.
  await wt.locator('.windows.tumbling .window[data-start="0"]').focus();
  assert.match(await wt.locator(".details").textContent(), /^tumbling window \[0 s, 10 s\)/);
  await afterChange(page, "#wt", () => wt.evaluate((el) => el.setAttribute("window", "7s")));
  assert.equal(await page.evaluate(() => document.getElementById("wt").shadowRoot.activeElement?.getAttribute("aria-label")),
    "Window chart, scrolls sideways if narrow");
  assert.match(await wt.locator(".details").textContent(), /^Hover or focus an event/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("charts: all-sensor colour, windows that run off the axis, round ticks, labels off the marks, a complete key", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html");
  const wt = page.locator("#wt");
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  // Tumbling and sliding bars hold every sensor: their own colour, not sensor 0's.
  const style = (sel, prop) => wt.locator(sel).first().evaluate((el, p) => getComputedStyle(el)[p], prop);
  assert.equal(await style(".windows.tumbling .window rect", "stroke"), "rgb(75, 85, 99)");
  assert.equal(await style(".windows.sliding .window rect", "stroke"), "rgb(75, 85, 99)");
  assert.equal(await style("g.event.key-0 circle", "fill"), "rgb(9, 105, 218)");
  // The sliding window [-8 s, 2 s) starts before the axis: drawn open on the left with a chevron, and said so.
  const first = wt.locator('.windows.sliding .window[data-start="-8000"]');
  assert.equal(await first.getAttribute("data-end"), "2000");
  assert.match(await first.getAttribute("class"), /\boff-left\b/);
  assert.equal(await first.locator("path.off").count(), 1);
  assert.match(await first.getAttribute("aria-label"), /^sliding window of all sensors \[-8 s, 2 s\): \d+ events, starts before the chart$/);
  assert.equal(await wt.locator(".windows.sliding .window.off-left").count(), 4); // -8, -6, -4, -2 s
  assert.equal(await wt.locator(".windows.tumbling .window.off-left").count(), 0);
  // No text drawn over a dot; the key names every mark.
  assert.deepEqual(await labelCollisions(page, "#wt"), []);
  assert.deepEqual(await wt.locator(".legend li").evaluateAll((lis) => lis.map((li) => li.dataset.legend)),
    ["sensor-0", "sensor-1", "sensor-2", "pending", "late", "all-sensors", "open", "off-axis", "watermark"]);
  // Ticks at round values even for an odd window size (they were multiples of it: "1.581 s").
  await afterChange(page, "#wt", () => wt.evaluate((el) => el.setAttribute("window", "1581ms")));
  assert.deepEqual(await ticks(page, "#wt"), ["0 s", "5 s", "10 s", "15 s", "20 s", "25 s", "30 s"]);
  assert.deepEqual(await labelCollisions(page, "#wt"), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("360 px: the chart keeps a legible scale and scrolls sideways in a focusable region; region labels are unique", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/flink.html", { viewport: { width: 360, height: 800 } });
  const wt = page.locator("#wt");
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  const box = await wt.locator(".scroll-x").evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth, tab: el.tabIndex }));
  assert.ok(box.scroll > 2 * box.client, `the chart scrolls: ${box.scroll} > 2 x ${box.client}`);
  assert.equal(box.tab, 0);
  // The dense Flink slice is drawn at a desktop width (960 px), not squeezed into 360.
  assert.equal(await wt.locator("svg.timeline").evaluate((el) => el.getBoundingClientRect().width), 960);
  // Scrolled sideways, the sensor names stay at the left edge, over the chart.
  const name = await wt.locator(".scroll-x").evaluate((el) => {
    el.scrollLeft = 400;
    const box = el.getBoundingClientRect();
    const t = el.querySelector("svg.gutter .lane-label").getBoundingClientRect();
    return { left: Math.round(t.left - box.left), right: Math.round(t.right - box.left), scrolled: el.scrollLeft };
  });
  assert.equal(name.scrolled, 400);
  assert.ok(name.left >= 0 && name.right <= 64, JSON.stringify(name));
  assert.deepEqual(await labelCollisions(page, "#wt"), []);
  await wt.locator(".windows.tumbling .window").first().focus();
  const labels = await regions(page, "#wt");
  assert.deepEqual(labels.map((r) => r.label), ["Window chart, scrolls sideways if narrow", "Selected window's results by sensor",
    "tumbling window results", "sliding window results", "session window results"]);
  assert.ok(labels.every((r) => r.focusable));
  assert.deepEqual(problems, []);
  await context.close();
});

test("360 px, simulated stream: neighbouring dots of every lane at least 7 px apart (a dot is 7 px wide)", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html", { viewport: { width: 360, height: 800 } });
  for (const key of [0, 1, 2]) {
    const gap = await medianDotGap(page, "#wt", key);
    assert.ok(gap >= 7, `sensor ${key}: ${gap} px`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("accessible (axe-core), light and dark; fits 360 px; freed on removal", { timeout: 240_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await open("/t/flink.html", { colorScheme, viewport: { width: 1280, height: 900 } });
    assert.equal(await page.locator("#wt").getAttribute("data-scheme"), colorScheme);
    await afterChange(page, "#wt", () => page.locator("#wt").getByRole("button", { name: "To the end" }).click());
    await page.locator("#wt").locator("details summary").click();
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300); // the chart redraws on resize
      assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}, ${width} px`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator("#wt").locator("details summary").click();
    await screenshots(page, colorScheme === "light" ? "window-types" : "window-types-dark");
    // Removing the element frees its engines; putting it back rebuilds them.
    await page.evaluate(() => { const el = document.getElementById("wt"); el.remove(); document.querySelector("main").append(el); });
    await widgetsReady(page);
    assert.equal(await page.evaluate(() => document.getElementById("wt").result.events), 620);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

// The chapter's Try It: one reading a second for 20 s, the ones made at 4 s and 9 s arriving
// after those made at 6 s and 11 s. Worked by hand through the chapter's Python code
// (arrival order, no watermark): TumblingWindow(5) emits when a reading of another window
// arrives, SlidingWindow(10, 2) evicts from the front of its FIFO only.
const TRY_IT_TUMBLING = [[0, 4], [5000, 2], [0, 1], [5000, 2], [10_000, 2], [5000, 1], [10_000, 3]];
const TRY_IT_SLIDING = [[2000, 3], [5000, 5], [7000, 8], [10_000, 10], [12_000, 11], [14_000, 11], [16_000, 12], [18_000, 11]];

test("try-it scenario: 5 s tumbling and 10 s / 2 s sliding; the chapter's code (arrival order, no watermark) beside Weir's event time", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/try-it.html");
  const wt = page.locator("#wt");
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  const r = await page.evaluate(() => document.getElementById("wt").result);
  // Weir: four 5 s windows of five readings each (the watermark, 2 s behind, waits for the two delayed ones).
  assert.deepEqual(r.tumbling.results.map((w) => [w.start, w.end, w.count, w.firing]),
    [[0, 5000, 5, "on-time"], [5000, 10_000, 5, "on-time"], [10_000, 15_000, 5, "on-time"], [15_000, 20_000, 5, "on-time"]]);
  // Weir's sliding windows: each reading in 10 / 2 = 5 of them, [0 s, 10 s) holds ten readings.
  assert.equal(r.sliding.results.find((w) => w.start === 0 && w.end === 10_000).count, 10);
  assert.equal(r.sliding.results.reduce((a, w) => a + w.count, 0), 20 * 5);
  // The chapter's code: seven tumbling results, window [5 s, 10 s) in three pieces, the last window never emitted.
  assert.deepEqual(r.chapterCode.tumbling.map((x) => [x.start, x.count]), TRY_IT_TUMBLING);
  assert.deepEqual(r.chapterCode.buffered, { start: 15_000, count: 5 });
  // ... and a moving average over 12 readings at 16 s: the reading made at 4 s is stuck behind the one made at 6 s.
  assert.deepEqual(r.chapterCode.sliding.map((x) => [x.at, x.readings]), TRY_IT_SLIDING);
  const panel = wt.locator("section.chapter-code");
  assert.equal(await panel.isVisible(), true);
  assert.equal(await panel.locator("table.chapter-tumbling caption").textContent(),
    "Tumbling 5 s: the chapter's code emitted 7 results, Weir 4 windows; a delayed reading makes the chapter's code emit a window in pieces (highlighted).");
  assert.deepEqual(await panel.locator("table.chapter-tumbling tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.dataset.start, tr.dataset.pieces, tr.className])),
    [["0", "2", "differs"], ["5000", "3", "differs"], ["10000", "2", "differs"], ["15000", "0", "differs"]]);
  assert.equal(await panel.locator('table.chapter-tumbling tr[data-start="15000"] td').first().textContent(), "5 buffered, not emitted");
  assert.equal(await panel.locator('table.chapter-sliding tr[data-at="10000"] td').last().textContent(), "[0 s, 10 s): 10");
  assert.match(await panel.locator("p.muted").textContent(), /Each reading is in 5 sliding windows \(10 s \/ 2 s\): the overlap factor\./);
  // The chart says which sizes: 5 s tumbling, 10 s / 2 s sliding.
  const labels = await wt.locator("svg.timeline text.panel-label").allTextContents();
  assert.ok(labels.some((l) => l.startsWith("tumbling 5 s")) && labels.some((l) => l.startsWith("sliding 10 s / 2 s")), labels.join(" | "));
  // Rewound, the chapter's code has seen nothing yet.
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "Rewind" }).click());
  const r0 = await page.evaluate(() => document.getElementById("wt").result);
  assert.deepEqual([r0.chapterCode.tumbling.length, r0.chapterCode.sliding.length], [0, 0]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("try-it scenario: axe-core finds no serious or critical violation at 1280 and 360 px, light and dark; screenshots", { timeout: 240_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await open("/t/try-it.html", { colorScheme, viewport: { width: 1280, height: 900 } });
    await afterChange(page, "#wt", () => page.locator("#wt").getByRole("button", { name: "To the end" }).click());
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}, ${width} px`);
    }
    await screenshots(page, colorScheme === "light" ? "window-types-try-it" : "window-types-try-it-dark");
    assert.deepEqual(problems, []);
    await context.close();
  }
});
