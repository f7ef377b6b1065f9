// <weir-event-time> as a question (issue 16 parts 3 and 4), in Chromium: the
// chapter's own scenarios in clock times (the 14:00:30 / 10 s watermark, the
// late reading made at 14:00:05, the oil-pipeline reading of 95 °C received
// at 14:05:23), predict mode by keyboard only with the engine's reasons and a
// score in result.predictions, an event's arrival moved by pointer and by
// keyboard with its fate recomputed at once; axe-core at 1280 and 360 px,
// light and dark. Every expected value is worked out by hand from the
// chapter's numbers and written here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { afterChange, axeViolations, pageWith, screenshots, widgetSuite } from "./widget-helpers.mjs";

const pages = {
  "/p/chapter.html": pageWith('<weir-event-time id="et" scenario="chapter"></weir-event-time>'),
  "/p/predict.html": pageWith('<weir-event-time id="et" scenario="chapter" mode="predict"></weir-event-time>'),
  "/p/predict-l15.html": pageWith('<weir-event-time id="et" scenario="chapter" mode="predict" lateness="15s"></weir-event-time>'),
  "/p/origin.html": pageWith('<weir-event-time id="et" scenario="chapter" origin="09:30:00"></weir-event-time>'),
  "/p/origin-bad.html": pageWith('<weir-event-time id="et" scenario="chapter" origin="25:00"></weir-event-time>'),
  "/p/pipeline.html": pageWith('<weir-event-time id="et" scenario="pipeline"></weir-event-time>'),
  "/p/scenario-bad.html": pageWith('<weir-event-time id="et" scenario="factory"></weir-event-time>'),
};

const { open } = widgetSuite({ pages, id: "et" });

const result = (page) => page.evaluate(() => document.getElementById("et").result);
const toEnd = (page) => afterChange(page, "#et", () => page.locator("#et").getByRole("button", { name: "To the last event" }).click());
/** The event-time result row of sensor 1's window starting at `start` ms after the origin. */
const row = (r, start) => r.results.find((w) => w.key === 1 && w.start === start);
/** The late reading of the chapter: made at 14:00:05, the 17th event (id 16). */
const LATE_ID = 16;
const lateOutcome = (page) => page.locator('#et g.event[data-id="16"]').getAttribute("data-outcome");

test("chapter scenario: latest event 14:00:30, bound 10 s gives W = 14:00:20; [14:00:00, 14:00:10) fired; the 14:00:05 reading goes to the side output", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/p/chapter.html");
  const et = page.locator("#et");
  assert.equal(await et.getAttribute("data-state"), "ready");
  await toEnd(page);
  const r = await result(page);
  assert.equal(r.events, 17);
  assert.equal(r.watermark, 20_000);
  assert.equal(await et.locator("svg.timeline text.watermark-label").textContent(), "watermark W = 14:00:20");
  // The window [14:00:00, 14:00:10) fired on time with the five readings at 0, 2, 4, 6 and 8 s.
  assert.deepEqual([row(r, 0).count, row(r, 0).firing], [5, "on-time"]);
  assert.equal(await et.locator('table.results tr[data-start="0"] td').first().textContent(), "[14:00:00, 14:00:10)");
  // The reading made at 14:00:05 arrives at 14:00:31: side output (lateness 0), nothing lost.
  assert.equal(await lateOutcome(page), "side-output");
  assert.deepEqual(r.late.map((l) => [l.key, l.time, l.value, l.watermark]), [[1, 5000, 21.3, 20_000]]);
  assert.match(await et.locator("ul.tray").textContent(), /sensor 1 @ 14:00:05: value 21\.3, watermark was 14:00:20/);
  // Clock times on the axis, not seconds.
  const ticks = await et.locator("svg.timeline text.tick").allTextContents();
  assert.ok(ticks.length >= 3 && ticks.every((t) => /^14:00:[0-5]\d$/.test(t)), ticks.join(" "));
  assert.ok(ticks.includes("14:00:00") && ticks.includes("14:00:20"), ticks.join(" "));
  // With enough allowed lateness (15 s: 14:00:10 + 15 s = 14:00:25 > W) the window fires again with six readings.
  await afterChange(page, "#et", () => et.evaluate((el) => el.setAttribute("lateness", "15s")));
  const r15 = await result(page);
  assert.equal(await lateOutcome(page), "late-accepted");
  assert.deepEqual([row(r15, 0).count, row(r15, 0).firing], [6, "late"]);
  assert.deepEqual(r15.late, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("chapter scenario: origin sets the clock; a bad origin or scenario is an error naming it", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/p/origin.html");
  await toEnd(page);
  assert.equal(await page.locator("#et svg.timeline text.watermark-label").textContent(), "watermark W = 09:30:20");
  assert.deepEqual(problems, []);
  await context.close();
  for (const [path, message] of [
    ["/p/origin-bad.html", 'origin="25:00": expected a time of day such as "14:00:00"'],
    ["/p/scenario-bad.html", 'scenario="factory": expected one of none, chapter, pipeline'],
  ]) {
    const bad = await open(path);
    assert.equal(await bad.page.locator("#et").getAttribute("data-state"), "error", path);
    assert.equal(await bad.page.locator("#et").locator("p.error").textContent(), message, path);
    assert.deepEqual(bad.problems, [], path);
    await bad.context.close();
  }
});

test("pipeline scenario: the 95 °C reading measured at 14:00:00 is received at 14:05:23 and lands in the side output", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/p/pipeline.html");
  const et = page.locator("#et");
  await toEnd(page);
  const r = await result(page);
  // Latest event before it: 14:05:00, so W = 14:04:50, long past the window [14:00:00, 14:01:00).
  assert.deepEqual(r.late.map((l) => [l.time, l.value, l.watermark]), [[0, 95, 290_000]]);
  assert.match(await et.locator("ul.tray").textContent(), /sensor 1 @ 14:00:00: value 95, watermark was 14:04:50/);
  await et.locator('g.event[data-time="0"]').focus();
  assert.equal(await et.locator(".details").textContent(),
    "Sensor 1: measured at 14:00:00 (value 95), arrived at 14:05:23 (delay 5 min 23 s); watermark then 14:04:50: too late: side output.");
  // By arrival, the reading is counted in [14:05:00, 14:06:00) instead.
  const proc = r.processing.find((w) => w.start === 300_000);
  assert.equal(proc.max, 95);
  assert.deepEqual(problems, []);
  await context.close();
});

test("predict mode, keyboard only: 16 readings on time, then a wrong and a right guess for the 14:00:05 reading, with the engine's reasons and the score", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await open("/p/predict.html");
  const et = page.locator("#et");
  assert.equal(await et.getByRole("button", { name: "Predict each fate" }).getAttribute("aria-pressed"), "true");
  // Play and Step wait for a prediction.
  assert.equal(await et.getByRole("button", { name: "Play" }).isDisabled(), true);
  assert.equal(await et.getByRole("button", { name: "Step" }).isDisabled(), true);
  assert.equal(await et.locator(".predict .next-event").textContent(),
    "Next: sensor 1, measured at 14:00:00, arrives at 14:00:00.300 (delay 300 ms). The watermark is now −∞; allowed lateness 0 s.");
  // Keyboard only: Tab to the first choice, Space picks it, Tab (the window select is disabled) to Check, Enter.
  await et.getByRole("button", { name: "Predict each fate" }).focus();
  let tabs = 0;
  while (!(await page.evaluate(() => document.getElementById("et").shadowRoot.activeElement?.value === "assigned")) && tabs++ < 30) {
    await page.keyboard.press("Tab");
  }
  for (let i = 0; i < 16; i++) {
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await afterChange(page, "#et", () => page.keyboard.press("Enter"));
    // The focus is back on the choices for the next event.
    assert.equal(await page.evaluate(() => document.getElementById("et").shadowRoot.activeElement?.value), "assigned", `after ${i + 1}`);
  }
  assert.match(await et.locator(".predict .feedback").textContent(), /^Right: on time\. Its window \[14:00:30, 14:00:40\) ends at 14:00:40, after the watermark W = 14:00:18/);
  assert.equal(await et.locator(".predict .next-event").textContent(),
    "Next: sensor 1, measured at 14:00:05, arrives at 14:00:31 (delay 26 s). The watermark is now 14:00:20; allowed lateness 0 s.");
  // The last reading: "late but accepted" (ArrowRight), window [14:00:00, 14:00:10) (one down from the first choice).
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.getElementById("et").shadowRoot.activeElement?.localName), "select");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Tab");
  const liveBefore = await et.locator('p[aria-live="polite"]').last().textContent();
  await afterChange(page, "#et", () => page.keyboard.press("Enter"));
  assert.equal(await et.locator(".predict .feedback").textContent(),
    "Not quite: too late: side output. Its window [14:00:00, 14:00:10) ended at 14:00:10 and W = 14:00:20 >= end + allowed lateness = 14:00:10: " +
    "the window's state is gone, so the event goes to the side output (kept, not lost).");
  assert.equal(await et.locator(".predict .score").textContent(), "Score: 16 of 17 right.");
  // The feedback is announced (role=status); the run summary is not spoken over it.
  assert.equal(await et.locator(".predict .feedback").getAttribute("role"), "status");
  assert.equal(await et.locator('p[aria-live="polite"]').last().textContent(), liveBefore);
  const p = (await result(page)).predictions;
  assert.deepEqual([p.made, p.correct, p.history.length], [17, 16, 17]);
  assert.deepEqual(p.history[16], { index: 16, key: 1, time: 5000, arrival: 31_000, predicted: "late-accepted", window: 0,
    actual: "side-output", refired: null, correct: false });
  assert.equal(await et.getByRole("button", { name: "Check and deliver" }).isDisabled(), true);
  assert.deepEqual(problems, []);
  await context.close();

  // Lateness 15 s: the same guess is right, and the engine says which window fired again.
  const l15 = await open("/p/predict-l15.html");
  const et15 = l15.page.locator("#et");
  await et15.getByRole("button", { name: "Predict each fate" }).focus();
  tabs = 0;
  while (!(await l15.page.evaluate(() => document.getElementById("et").shadowRoot.activeElement?.value === "assigned")) && tabs++ < 30) {
    await l15.page.keyboard.press("Tab");
  }
  for (let i = 0; i < 16; i++) {
    await l15.page.keyboard.press("Space");
    await l15.page.keyboard.press("Tab");
    await afterChange(l15.page, "#et", () => l15.page.keyboard.press("Enter"));
  }
  await l15.page.keyboard.press("ArrowRight");
  await l15.page.keyboard.press("Tab");
  await l15.page.keyboard.press("ArrowDown");
  await l15.page.keyboard.press("Tab");
  await afterChange(l15.page, "#et", () => l15.page.keyboard.press("Enter"));
  assert.equal(await et15.locator(".predict .feedback").textContent(),
    "Right: late but accepted. Its window [14:00:00, 14:00:10) ended at 14:00:10 <= W = 14:00:20 and has fired, but W < end + allowed lateness = 14:00:25: " +
    "the window still holds its state, takes the event and fires again: [14:00:00, 14:00:10), with updated totals.");
  const p15 = (await result(l15.page)).predictions;
  assert.deepEqual([p15.made, p15.correct], [17, 17]);
  assert.deepEqual(p15.history[16], { index: 16, key: 1, time: 5000, arrival: 31_000, predicted: "late-accepted", window: 0,
    actual: "late-accepted", refired: 0, correct: true });
  // The toggle leaves predict mode: Play and Step work again.
  await afterChange(l15.page, "#et", () => et15.getByRole("button", { name: "Predict each fate" }).click());
  assert.equal(await et15.getByRole("button", { name: "Predict each fate" }).getAttribute("aria-pressed"), "false");
  assert.equal(await et15.getByRole("button", { name: "Step" }).isDisabled(), false);
  assert.equal(await et15.locator("fieldset.predict").isHidden(), true);
  assert.equal((await result(l15.page)).mode, "watch");
  assert.deepEqual(l15.problems, []);
  await l15.context.close();
});

test("moving an arrival by keyboard: Shift+Left delivers the 14:00:05 reading 1 s earlier; before 14:00:21 it is on time, and the window counts it", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/p/chapter.html");
  const et = page.locator("#et");
  await toEnd(page);
  await et.locator(`g.event[data-id="${LATE_ID}"]`).focus();
  // 31 s -> 21 s: latest event before it 14:00:20, W = 14:00:10 = the window's end: still side output.
  for (let i = 0; i < 10; i++) await afterChange(page, "#et", () => page.keyboard.press("Shift+ArrowLeft"));
  assert.equal(await lateOutcome(page), "side-output");
  assert.deepEqual((await result(page)).moved, [{ id: LATE_ID, arrival: 21_000 }]);
  // The focus stayed on the moved event through every re-run.
  assert.equal(await page.evaluate(() => document.getElementById("et").shadowRoot.activeElement?.dataset.id), String(LATE_ID));
  // 20 s: the latest event before it is 14:00:18, W = 14:00:08 < 14:00:10: on time, six readings in the window.
  await afterChange(page, "#et", () => page.keyboard.press("Shift+ArrowLeft"));
  assert.equal(await lateOutcome(page), "assigned");
  let r = await result(page);
  assert.deepEqual([row(r, 0).count, row(r, 0).firing], [6, "on-time"]);
  assert.deepEqual(r.late, []);
  assert.equal(await et.locator(".details").textContent(),
    "Sensor 1: measured at 14:00:05 (value 21.3), arrived at 14:00:20 (delay 15 s); watermark then 14:00:08: on time.");
  // And back: Shift+Right, side output again with the window at five readings.
  await afterChange(page, "#et", () => page.keyboard.press("Shift+ArrowRight"));
  r = await result(page);
  assert.equal(await lateOutcome(page), "side-output");
  assert.deepEqual([row(r, 0).count, r.late.length], [5, 1]);
  // Plain arrows still move the focus between events.
  await page.keyboard.press("ArrowLeft");
  assert.notEqual(await page.evaluate(() => document.getElementById("et").shadowRoot.activeElement?.dataset.id), String(LATE_ID));
  assert.deepEqual(problems, []);
  await context.close();
});

test("moving an arrival by pointer: dragging the 14:00:05 reading's arrival dot to about 14:00:11 makes it on time", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/p/chapter.html");
  const et = page.locator("#et");
  await toEnd(page);
  const centre = (id) => et.locator(`g.event[data-id="${id}"] circle.at-arrival`).evaluate((c) => {
    const b = c.getBoundingClientRect();
    return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  });
  const from = await centre(LATE_ID);
  // Between the arrivals of the readings made at 14:00:10 (id 5, 14:00:10.3) and 14:00:12 (id 6, 14:00:12.3).
  const a = await centre(5), b = await centre(6);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2 + 20, from.y, { steps: 4 });
  await afterChange(page, "#et", () => page.mouse.move((a.x + b.x) / 2, from.y, { steps: 2 }));
  await page.mouse.up();
  const r = await result(page);
  const moved = r.moved.find((m) => m.id === LATE_ID);
  assert.ok(moved.arrival > 10_300 && moved.arrival < 12_300, `arrival ${moved.arrival}`);
  assert.equal(await lateOutcome(page), "assigned");
  assert.deepEqual([row(r, 0).count, row(r, 0).firing, r.late.length], [6, "on-time", 0]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("predict mode: axe-core finds no serious or critical violation at 1280 and 360 px, light and dark; screenshots", { timeout: 240_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await open("/p/predict-l15.html", { colorScheme, viewport: { width: 1280, height: 900 } });
    const et = page.locator("#et");
    assert.equal(await et.getAttribute("data-scheme"), colorScheme);
    // One prediction made, so the feedback is on screen.
    await et.locator('.predict input[value="assigned"]').check();
    await afterChange(page, "#et", () => et.getByRole("button", { name: "Check and deliver" }).click());
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}, ${width} px`);
    }
    await screenshots(page, colorScheme === "light" ? "event-time-predict" : "event-time-predict-dark");
    assert.deepEqual(problems, []);
    await context.close();
  }
});
