// <weir-event-time> in Chromium: the Flink fixture slice with Weir's
// maxOutOfOrderness 1999 shows Flink's window totals and late rows (side
// output), with allowed lateness 0 and 5 s; processing time differs and is
// highlighted; keyboard inputs; axe-core; screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { afterChange, axeViolations, pageWith, screenshots, widgetSuite } from "./widget-helpers.mjs";
import { LATE_L0, LATE_L5000, TUMBLE_L0, TUMBLE_L5000_CHANGED, assertRows, resultRows } from "./flink-slice.mjs";
import { labelCollisions, medianDotGap, regions, ticks } from "./chart-checks.mjs";

// In arrival order: sensor 2's reading at 12 s moves the watermark to 11 s (bound 1 s), which
// fires [0 s, 10 s) for sensor 1 (1 s and 4 s: count 2, mean 3); the 3 s reading arrives after it.
const EARLY = [[1, 1000, 2, 1200], [1, 4000, 4, 4100], [2, 12_000, 6, 12_500], [1, 3000, 8, 13_000]]
  .map(([key, time, value, arrival]) => ({ key, time, value, arrival }));

const pages = {
  "/t/flink.html": pageWith(`<weir-event-time id="et" src="/data/flink-events-620.csv" window="10s" out-of-orderness="1999ms"></weir-event-time>`),
  "/t/sim.html": pageWith(`<weir-event-time id="et" seed="5" sensors="3" rate="1" duration="40s" delay-spread="2s" late-share="10%"></weir-event-time>`),
  "/t/late.html": pageWith(`<weir-event-time id="et" seed="5" sensors="3" rate="1" duration="60s" late-share="40%"></weir-event-time>`),
  // A classic script runs while the page is parsed, before the module that defines the element.
  "/t/early.html": pageWith(`<weir-event-time id="et" window="10s" out-of-orderness="1s"></weir-event-time>
    <script>window.definedFirst = Boolean(customElements.get("weir-event-time"));
      document.getElementById("et").events = ${JSON.stringify(EARLY)};</script>`),
};

const { open } = widgetSuite({ pages });

const tray = (et) => et.locator("ul.tray li.chip").evaluateAll((lis) =>
  lis.map((li) => [Number(li.dataset.key), Number(li.dataset.time), Number(li.dataset.value), Number(li.dataset.watermark)]));

test("Flink slice, lateness 0: Flink's totals, and its 12 late rows in the side-output tray", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/flink.html");
  const et = page.locator("#et");
  await afterChange(page, "#et", () => et.getByRole("button", { name: "To the last event" }).click());
  assertRows(assert, await resultRows(et.locator("table.results")), TUMBLE_L0);
  // Weir's watermark (max - 1999) is Flink's W_f (max - 2000) plus 1.
  assert.deepEqual(await tray(et), LATE_L0.map(([k, t, v, wf]) => [k, t, v, wf + 1]));
  assert.match(await et.locator("ul.tray").textContent(), /sensor 2 @ 9.94 s: value 124.41, watermark was 10.301 s/);
  // Not flushed: the watermark line stands at 32381 - 1999 (last max event time in the slice).
  assert.equal(await et.locator("svg.timeline line.watermark").getAttribute("data-watermark"), String(33541 - 1999));
  // Windows of [30 s, 40 s) are still open, the earlier ones fired or closed.
  assert.ok(await et.locator('g.window[data-start="30000"][data-state="open"]').count() === 5);
  assert.equal(await et.locator('g.window[data-start="0"][data-state="open"]').count(), 0);
  // Processing time (no arrival column: the latest event time is the clock) gives other totals.
  assert.ok(await et.locator("table.compare tr.differs").count() > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("events set before the element is defined: the widget takes them over and draws them", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/early.html");
  const et = page.locator("#et");
  assert.equal(await page.evaluate(() => window.definedFirst), false, "the property was set before customElements.define");
  assert.deepEqual(await et.evaluate((el) => el.events.map(({ key, time, value, arrival }) => ({ key, time, value, arrival }))), EARLY);
  assert.equal(await et.evaluate((el) => el.result.events), EARLY.length);
  await afterChange(page, "#et", () => et.getByRole("button", { name: "To the last event" }).click());
  // Both lanes draw each given reading once: the arrival dot and the event-time dot.
  const drawn = await et.locator("svg.timeline g.event").evaluateAll((gs) => gs.map((g) => [Number(g.dataset.key), Number(g.dataset.time), Number(g.dataset.arrival)]));
  assert.deepEqual(drawn.sort((a, b) => a[2] - b[2]), EARLY.map((e) => [e.key, e.time, e.arrival]));
  const r = await et.evaluate((el) => el.result);
  assert.equal(r.watermark, 11_000);
  assert.deepEqual(r.results.map((x) => [x.key, x.start, x.count, x.mean]), [[1, 0, 2, 3]]);
  assert.deepEqual(r.late.map((l) => [l.key, l.time, l.value]), [[1, 3000, 8]]);
  assert.equal(await et.locator("ul.tray li.chip").count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard: allowed lateness 5 s re-fires windows late with Flink's updated totals; fewer rows in the tray", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/flink.html");
  const et = page.locator("#et");
  await afterChange(page, "#et", () => et.getByRole("button", { name: "To the last event" }).click());
  const lateness = et.getByLabel("Allowed lateness", { exact: true });
  await lateness.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("5000");
  await afterChange(page, "#et", () => page.keyboard.press("Tab"));
  assert.equal(await et.getAttribute("lateness"), "5000ms");
  const expected = TUMBLE_L0.map((r) => TUMBLE_L5000_CHANGED.find((c) => c[0] === r[0] && c[1] === r[1]) ?? r);
  assertRows(assert, await resultRows(et.locator("table.results")), expected);
  assert.deepEqual((await tray(et)).map(([k, t, v]) => [k, t, v]), LATE_L5000);
  const r = await page.evaluate(() => document.getElementById("et").result);
  assert.equal(r.firings.filter((f) => f.firing === "late" && f.end <= 30000).length, 4);
  assert.equal(await et.locator("g.window.updated").count(), 2); // the two [0, 10 s) windows that re-fired
  // W = 31542 < 30000 + 5000: the [20 s, 30 s) windows have fired and still accept late events,
  // drawn in their sensor's colour (not the default black of an unset custom property).
  const fills = await et.locator('g.window.fired[data-start="20000"] rect').evaluateAll((rs) => rs.map((r) => getComputedStyle(r).fill));
  assert.equal(fills.length, 5);
  assert.ok(fills.every((f) => f !== "rgb(0, 0, 0)" && f !== "none"), fills.join());
  assert.match(await et.locator("[aria-live=polite]").textContent(), /4 late firings; 8 events in the side output/);

  // Out-of-orderness by keyboard on the slider: End jumps to its maximum (20 s): nothing is late any more.
  const slider = et.getByLabel("Max out-of-orderness (slider)");
  await slider.focus();
  await afterChange(page, "#et", () => page.keyboard.press("End"));
  assert.equal(await et.getAttribute("out-of-orderness"), "20000ms");
  assert.deepEqual(await tray(et), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("simulated stream: very late events reach the side output; the watermark moves as events arrive", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html");
  const et = page.locator("#et");
  const result = () => page.evaluate(() => document.getElementById("et").result);
  await afterChange(page, "#et", () => et.getByRole("button", { name: "To the last event" }).click());
  const full = await result();
  assert.equal(full.events, 120);
  assert.ok(full.late.length > 0, "10 % very late (2..12 s past the spread) with out-of-orderness 2 s: some side output");
  await afterChange(page, "#et", () => et.getByRole("button", { name: "Rewind" }).click());
  assert.equal((await result()).pushed, 0);
  assert.equal(await et.locator("svg.timeline line.watermark").getAttribute("data-watermark"), "-Infinity");
  await et.getByRole("button", { name: "Step" }).focus();
  await afterChange(page, "#et", () => page.keyboard.press("Enter"));
  await afterChange(page, "#et", () => page.keyboard.press("Enter"));
  const w1 = Number(await et.locator("svg.timeline line.watermark").getAttribute("data-watermark"));
  assert.ok(Number.isFinite(w1));
  await afterChange(page, "#et", () => et.getByRole("button", { name: "End of stream (flush)" }).click());
  assert.equal(await et.locator("svg.timeline line.watermark").getAttribute("data-watermark"), "Infinity");
  // Focus an event: its delay and fate are told.
  await et.locator("g.event").first().focus();
  assert.match(await et.locator(".details").textContent(), /measured at .* arrived at .*\(delay .*: (on time|late, accepted|too late: side output)\.$/);
  // Share of very late events by attribute: none -> empty tray.
  await afterChange(page, "#et", () => et.evaluate((el) => el.setAttribute("late-share", "0")));
  assert.equal((await result()).late.length, 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("one playback model: opens rewound; pause past 56 of 120, set lateness 5000: same position; focus and details follow each step", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html");
  const et = page.locator("#et");
  const result = () => page.evaluate(() => document.getElementById("et").result);
  // Opens rewound, the watermark not yet started, the first step in view.
  assert.equal((await result()).pushed, 0);
  assert.equal(await et.locator("svg.timeline line.watermark").getAttribute("data-watermark"), "-Infinity");
  assert.match(await et.locator(".status").textContent(), /^Press Play \(or Step\) to deliver the events/);
  // Hover event 20 (not arrived), Step ten times (2 events a step): the details follow.
  await et.locator('g.event[data-index="20"]').dispatchEvent("pointerenter");
  assert.match(await et.locator(".details").textContent(), /not arrived yet\.$/);
  for (let i = 0; i < 11; i++) await afterChange(page, "#et", () => et.getByRole("button", { name: "Step" }).click());
  assert.equal((await result()).pushed, 22);
  assert.match(await et.locator(".details").textContent(), /watermark then .*: (on time|late, accepted|too late: side output)\.$/);
  // Play, then focus an event: after many redraws the focus is still on it.
  await et.getByRole("button", { name: "Play" }).click();
  await et.locator('g.event[data-index="40"]').focus();
  await page.waitForFunction(() => document.getElementById("et").result.pushed >= 56);
  const focus = await page.evaluate(() => {
    const el = document.getElementById("et");
    return { outer: document.activeElement?.localName, index: el.shadowRoot.activeElement?.dataset.index };
  });
  assert.deepEqual(focus, { outer: "weir-event-time", index: "40" });
  await et.getByRole("button", { name: "Pause" }).click();
  const paused = await result();
  assert.ok(paused.pushed >= 56, `paused at ${paused.pushed}`);
  // Lateness 5000 ms typed: the same events pushed, the same watermark.
  const lateness = et.getByLabel("Allowed lateness", { exact: true });
  await lateness.fill("5000");
  await afterChange(page, "#et", () => lateness.press("Enter"));
  const after = await result();
  assert.equal(after.pushed, paused.pushed);
  assert.equal(after.watermark, paused.watermark);
  assert.ok(Number.isFinite(after.watermark));
  // Flushed, a change stays flushed.
  await afterChange(page, "#et", () => et.getByRole("button", { name: "End of stream (flush)" }).click());
  await afterChange(page, "#et", () => et.evaluate((el) => el.setAttribute("out-of-orderness", "3s")));
  assert.equal((await result()).watermark, Infinity);
  assert.deepEqual(problems, []);
  await context.close();
});

test("playback keeps focus: Play, Tab to an event, 700 ms later it still has the focus", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html");
  const et = page.locator("#et");
  await et.getByRole("button", { name: "Play" }).focus();
  await page.keyboard.press("Enter");
  // Tab from the player to the events: Step, Rewind, the two end buttons, the predict toggle, the chart region, then the events.
  for (let i = 0; i < 7; i++) await page.keyboard.press("Tab");
  const index = await page.evaluate(() => document.getElementById("et").shadowRoot.activeElement?.dataset.index);
  assert.equal(index, "0");
  const pushed = await page.evaluate(() => document.getElementById("et").result.pushed);
  await page.waitForFunction((n) => document.getElementById("et").result.pushed >= n + 6, pushed);
  assert.deepEqual(await page.evaluate(() => ({
    outer: document.activeElement?.localName,
    index: document.getElementById("et").shadowRoot.activeElement?.dataset.index,
  })), { outer: "weir-event-time", index: "0" });
  assert.match(await et.locator(".details").textContent(), /^Sensor \d: measured at .*watermark then/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("side-output tray: a count, the newest 8 chips, Show all in a bounded box; fates and values in words with units", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/late.html");
  const et = page.locator("#et");
  await afterChange(page, "#et", () => et.getByRole("button", { name: "To the last event" }).click());
  const late = (await page.evaluate(() => document.getElementById("et").result.late)).length;
  assert.ok(late > 20, `${late} events in the side output`);
  assert.equal(await et.locator(".tray-count").textContent(), `${late} events`);
  assert.equal(await et.locator("ul.tray li.chip:visible").count(), 8);
  assert.equal(await et.locator("ul.tray li.chip").count(), late);
  const more = et.locator("button.tray-more");
  assert.equal(await more.textContent(), `Show all ${late}`);
  assert.equal(await more.getAttribute("aria-expanded"), "false");
  await more.click();
  assert.equal(await et.locator("ul.tray li.chip:visible").count(), late);
  assert.equal(await more.getAttribute("aria-expanded"), "true");
  // All shown, the tray stays 9.5 rem (152 px) tall and scrolls.
  const box = await et.locator(".tray-box").evaluate((el) => ({ h: el.clientHeight, scroll: el.scrollHeight, tab: el.tabIndex }));
  assert.ok(box.h <= 152 && box.scroll > box.h, JSON.stringify(box));
  assert.equal(box.tab, 0);
  assert.match(await et.locator("ul.tray li.chip").first().textContent(), /^sensor \d @ [\d.]+ m?s: value -?[\d.]+, watermark was [\d.]+ m?s$/);
  await more.click();
  assert.equal(await et.locator("ul.tray li.chip:visible").count(), 8);
  assert.deepEqual(problems, []);
  await context.close();
});

test("charts: counts under the dots (never over one), round ticks, a complete key, legible and scrolling at 360 px, unique regions", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/flink.html");
  const et = page.locator("#et");
  await afterChange(page, "#et", () => et.evaluate((el) => el.setAttribute("lateness", "5s")));
  await afterChange(page, "#et", () => et.getByRole("button", { name: "To the last event" }).click());
  assert.ok(await et.locator("g.window text.count").count() >= 15);
  assert.ok(await et.locator("g.window text.count", { hasText: "upd." }).count() >= 1);
  assert.deepEqual(await labelCollisions(page, "#et"), []);
  assert.deepEqual(await et.locator(".legend li").evaluateAll((lis) => lis.map((li) => li.dataset.legend)),
    ["sensor-0", "sensor-1", "sensor-2", "sensor-3", "sensor-4", "pending", "late-accepted", "side-output",
      "open", "fired", "fired-late", "closed", "watermark", "now"]);
  // The key's marks are drawn in the chart's colours: the side-output cross is the late colour.
  assert.equal(await et.locator(".legend [data-legend=side-output] path.cross").evaluate((el) => getComputedStyle(el).stroke), "rgb(185, 28, 28)");
  // Fates in words in the results table.
  const fates = await et.locator("table.results tbody tr td:nth-child(7)").evaluateAll((tds) => [...new Set(tds.map((td) => td.textContent))].sort());
  assert.deepEqual(fates, ["late (update)", "on time"]);
  await afterChange(page, "#et", () => et.evaluate((el) => el.setAttribute("window", "1581ms")));
  // Round ticks (the chart may be wider than the page, so the step depends on its width): whole
  // seconds from 0, one step of 1, 2, 5 or 10 s.
  const secs = (await ticks(page, "#et")).map((t) => Number(t.replace(/ s$/, "")));
  assert.ok(secs.length >= 4 && secs.every(Number.isInteger), secs.join());
  assert.ok([1, 2, 5, 10].includes(secs[1] - secs[0]) && secs.every((v, i) => v === secs[0] + i * (secs[1] - secs[0])), secs.join());
  assert.equal(secs[0], 0);
  // 360 px: the lane keeps its scale and scrolls sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.waitForFunction(() => document.getElementById("et").drawnAvail < 400);
  const box = await et.locator(".scroll-x").evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth, tab: el.tabIndex }));
  assert.ok(box.scroll > 2 * box.client, `the chart scrolls: ${box.scroll} > 2 x ${box.client}`);
  assert.equal(box.tab, 0);
  assert.equal(await et.locator("svg.timeline").evaluate((el) => el.getBoundingClientRect().width), 960);
  // Scrolled sideways, the sensor names stay at the left edge, over the chart.
  const name = await et.locator(".scroll-x").evaluate((el) => {
    el.scrollLeft = 400;
    const box = el.getBoundingClientRect();
    const t = el.querySelector("svg.gutter .lane-label").getBoundingClientRect();
    return { left: Math.round(t.left - box.left), right: Math.round(t.right - box.left), scrolled: el.scrollLeft };
  });
  assert.equal(name.scrolled, 400);
  assert.ok(name.left >= 0 && name.right <= 64, JSON.stringify(name));
  assert.deepEqual(await labelCollisions(page, "#et"), []);
  const labels = await regions(page, "#et");
  assert.deepEqual(labels.map((r) => r.label), ["Event-time chart, scrolls sideways if narrow", "Side output, scrolls when long",
    "Event time and processing time, window by window", "Event-time window results"]);
  assert.ok(labels.every((r) => r.focusable));
  assert.deepEqual(problems, []);
  await context.close();
});

test("360 px, simulated stream: neighbouring dots of every event-time lane at least 7 px apart", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html", { viewport: { width: 360, height: 800 } });
  for (const key of [0, 1, 2]) {
    const gap = await medianDotGap(page, "#et", key, "circle.at-event");
    assert.ok(gap >= 7, `sensor ${key}: ${gap} px`);
  }
  assert.equal(await page.locator("#et .scroll-x").evaluate((el) => el.scrollWidth > el.clientWidth), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test("accessible (axe-core), light and dark; fits 360 px", { timeout: 240_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await open("/t/sim.html", { colorScheme, viewport: { width: 1280, height: 900 } });
    assert.equal(await page.locator("#et").getAttribute("data-scheme"), colorScheme);
    await afterChange(page, "#et", () => page.locator("#et").getByRole("button", { name: "To the last event" }).click());
    await page.locator("#et").locator("details summary").click();
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300); // the chart redraws on resize
      assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}, ${width} px`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator("#et").locator("details summary").click();
    await screenshots(page, colorScheme === "light" ? "event-time" : "event-time-dark");
    assert.deepEqual(problems, []);
    await context.close();
  }
});
