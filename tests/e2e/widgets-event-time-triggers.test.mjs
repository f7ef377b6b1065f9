// <weir-event-time> with a trigger and an accumulation (issue 18): a
// hand-worked stream under three triggers, seeded streams checked against
// www/weir.js replay for the same config, firings drawn by kind in each
// window with a key, the counts per kind, the keyboard path to the
// controls; axe and screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { afterChange, axeViolations, pageWith, screenshots, widgetSuite } from "./widget-helpers.mjs";
import { clippedSelects, labelCollisions, worstMarkOverlap } from "./chart-checks.mjs";

const SIM = `seed="5" sensors="3" rate="1" duration="40s" delay-spread="2s" late-share="10%"`;
const pages = {
  "/t/hand.html": pageWith(`<weir-event-time id="et" window="10s" out-of-orderness="0ms" lateness="5s" trigger="every 2 events" accumulation="retracting"></weir-event-time>`),
  "/t/arrival.html": pageWith(`<weir-event-time id="et" ${SIM} lateness="4s" trigger="every 1s arrival" accumulation="retracting"></weir-event-time>`),
  "/t/sim.html": pageWith(`<weir-event-time id="et" ${SIM}></weir-event-time>`),
  "/t/predict-final.html": pageWith(`<weir-event-time id="et" scenario="chapter" mode="predict" lateness="15s" trigger="final"></weir-event-time>`),
};

const { open } = widgetSuite({ pages, id: "et" });

const KINDS = ["early", "on-time", "late", "final", "retract"];
const STAT = { early: "firedEarly", "on-time": "firedOnTime", late: "firedLate", final: "firedFinal", retract: "retractions" };
const rowsOf = (results) => results.map((r) => [r.key, r.start, r.end, r.firing, r.count, r.sum]);
const counts = (et) => Promise.all(KINDS.map((k) => et.locator(`.kinds output[data-out="kind-${k}"]`).textContent().then(Number)));
const flush = (page, et) => afterChange(page, "#et", () => et.getByRole("button", { name: "End of stream (flush)" }).click());

/** The widget's firings against replay() of its events with `config`, run in the page. */
async function againstReplay(page, config) {
  const out = await page.evaluate(async (cfg) => {
    const { replay } = await import("/weir.js");
    const el = document.getElementById("et");
    const events = el.events.map((e) => ({ key: e.key, time: e.time, value: e.value, arrival: e.arrival }));
    return { widget: el.result.firings, replay: replay(cfg, events).results, stats: el.result.stats };
  }, config);
  assert.deepEqual(rowsOf(out.widget), rowsOf(out.replay), "the widget's firings are replay's");
  for (const k of KINDS) assert.equal(out.stats[STAT[k]], out.replay.filter((r) => r.firing === k).length, k);
  return out;
}

test("hand-worked: early every 2 events (retracting), every 2 s of event time (discarding), final: the engine's kinds and values", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/hand.html");
  const et = page.locator("#et");
  // Sensor 1: 1 s, 2 s, 3 s, then 12 s (W = 12 s: [0, 10 s) on time), then 4 s (late, within the 5 s lateness).
  await afterChange(page, "#et", () => et.evaluate((el) => {
    el.events = [1000, 2000, 3000, 12_000, 4000].map((time) => ({ key: 1, time, value: time === 12_000 ? 5 : time / 1000 }));
  }));
  await flush(page, et);
  let r = await page.evaluate(() => document.getElementById("et").result);
  // Two events: early. On time and late each withdraw the totals last emitted first.
  assert.deepEqual(rowsOf(r.firings), [
    [1, 0, 10_000, "early", 2, 3], [1, 0, 10_000, "retract", 2, 3], [1, 0, 10_000, "on-time", 3, 6],
    [1, 0, 10_000, "retract", 3, 6], [1, 0, 10_000, "late", 4, 10], [1, 10_000, 20_000, "on-time", 1, 5]]);
  assert.deepEqual(await counts(et), [1, 2, 1, 0, 2]);
  // Drawn in each window's strip, in order, each kind its own mark.
  assert.deepEqual(await et.locator('g.window[data-start="0"] g.firing').evaluateAll((gs) => gs.map((g) => g.dataset.firing)),
    ["early", "retract", "on-time", "retract", "late"]);
  assert.deepEqual(await et.locator('g.window[data-start="0"] g.firing').evaluateAll((gs) => gs.map((g) => g.firstElementChild.localName)),
    ["path", "circle", "circle", "circle", "path"]);
  assert.equal(await et.locator('g.window[data-start="0"] g.firing.retract path.strike').count(), 2);
  assert.equal(await et.locator('table.results tr[data-start="0"] td.sequence').textContent(),
    "early 2, retracted 2, on time 3, retracted 3, late 4");
  await againstReplay(page, { window: { type: "tumbling", size: 10_000 }, watermark: { maxOutOfOrderness: 0 }, allowedLateness: 5000,
    trigger: { mode: "watermark", early: { count: 2 } }, accumulation: "retracting" });

  // Every 2 s of event time, discarding: W = 3 s passes the point 2 s (early, 3 new events); at W = 12 s the
  // on-time firing has nothing new and is not emitted; the late event is reported alone.
  await afterChange(page, "#et", () => et.evaluate((el) => { el.setAttribute("trigger", "every 2s event-time"); el.setAttribute("accumulation", "discarding"); }));
  await flush(page, et);
  r = await page.evaluate(() => document.getElementById("et").result);
  assert.deepEqual(rowsOf(r.firings), [[1, 0, 10_000, "early", 3, 6], [1, 0, 10_000, "late", 1, 4], [1, 10_000, 20_000, "on-time", 1, 5]]);
  assert.deepEqual(await counts(et), [1, 1, 1, 0, 0]);
  // Final: one firing per window when it closes (W >= end + 5 s: here at the flush), with every accepted event.
  await afterChange(page, "#et", () => et.evaluate((el) => el.setAttribute("trigger", "final")));
  await flush(page, et);
  r = await page.evaluate(() => document.getElementById("et").result);
  assert.deepEqual(rowsOf(r.firings), [[1, 0, 10_000, "final", 4, 10], [1, 10_000, 20_000, "final", 1, 5]]);
  assert.deepEqual(await counts(et), [0, 0, 0, 2, 0]);
  assert.deepEqual(await et.locator("g.window g.firing").evaluateAll((gs) => gs.map((g) => g.dataset.firing)), ["final", "final"]);
  assert.match(await et.locator(".kinds-box").textContent(), /^Firings by kind \(final only, discarding\):0 early0 on time0 late2 final0 retracted$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("seeded stream: early every 1 s of arrival time, retracting, lateness 4 s; then every event: as replay gives them, one mark per firing", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/arrival.html");
  const et = page.locator("#et");
  await flush(page, et);
  const base = { window: { type: "tumbling", size: 10_000 }, watermark: { maxOutOfOrderness: 2000 }, allowedLateness: 4000 };
  let out = await againstReplay(page, { ...base, trigger: { mode: "watermark", early: { processingTime: 1000 } }, accumulation: "retracting" });
  const n = (rows, k) => rows.filter((x) => x.firing === k).length;
  assert.ok(n(out.replay, "early") > 0 && n(out.replay, "retract") > 0 && n(out.replay, "on-time") > 0, JSON.stringify(KINDS.map((k) => n(out.replay, k))));
  assert.deepEqual(await counts(et), KINDS.map((k) => n(out.replay, k)));
  assert.equal(await et.locator("g.window g.firing").count(), out.replay.length);
  assert.deepEqual(await labelCollisions(page, "#et"), []);
  // Marks stand apart, the count off them, at 1280 and at 360 px (where the chart widens and scrolls); the trigger's text is whole.
  assert.ok(await worstMarkOverlap(page, "#et") <= 0.5, `marks overlap by ${await worstMarkOverlap(page, "#et")} px`);
  assert.deepEqual(await clippedSelects(page, "#et"), []);
  await page.setViewportSize({ width: 360, height: 900 });
  await page.waitForFunction(() => document.getElementById("et").drawnAvail < 360);
  assert.ok(await worstMarkOverlap(page, "#et") <= 0.5, `at 360 px marks overlap by ${await worstMarkOverlap(page, "#et")} px`);
  assert.deepEqual(await clippedSelects(page, "#et"), []);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForFunction(() => document.getElementById("et").drawnAvail > 1000);
  // The key gains the five kinds after the chart's own marks.
  const legend = await et.locator(".legend li").evaluateAll((lis) => lis.map((li) => li.dataset.legend));
  assert.deepEqual(legend.slice(-5), KINDS.map((k) => `firing-${k}`));
  // Colour and shape per kind, in the key as in the chart.
  const fill = (sel) => et.locator(sel).first().evaluate((el) => getComputedStyle(el).fill);
  assert.equal(await fill('.legend [data-legend="firing-late"] g.firing path'), "rgb(154, 103, 0)");
  assert.equal(await fill('.legend [data-legend="firing-final"] g.firing path'), "rgb(27, 31, 36)");
  // Every event: each accepted event fires its window at once (early before its end, late after it).
  await afterChange(page, "#et", () => et.evaluate((el) => { el.setAttribute("trigger", "every-event"); el.setAttribute("accumulation", "accumulating"); }));
  await flush(page, et);
  out = await againstReplay(page, { ...base, trigger: { mode: "every-event" } });
  const st = await page.evaluate(() => document.getElementById("et").result.stats);
  assert.equal(n(out.replay, "early") + n(out.replay, "late"), st.assigned + st.lateAccepted);
  assert.equal(n(out.replay, "on-time"), 0);
  assert.equal(await et.locator("g.window g.firing").count(), out.replay.length);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard: Tab from the lateness to the trigger, arrow keys choose, N typed; the default stays as it was", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html");
  const et = page.locator("#et");
  await afterChange(page, "#et", () => et.getByRole("button", { name: "To the last event" }).click());
  assert.equal(await et.locator("svg.timeline g.firing").count(), 0);
  assert.equal(await et.locator("table.results td.sequence").count(), 0);
  const st = await page.evaluate(() => document.getElementById("et").result.stats);
  assert.deepEqual(await counts(et), [0, st.firedOnTime, st.firedLate, 0, 0]);
  await et.getByLabel("Allowed lateness (slider)").focus();
  await page.keyboard.press("Tab");
  const trigger = et.getByLabel("Trigger (early results)", { exact: true });
  assert.equal(await trigger.evaluate((el) => el === el.getRootNode().activeElement), true);
  await afterChange(page, "#et", () => page.keyboard.press("ArrowDown"));
  assert.equal(await et.getAttribute("trigger"), "every 3 events");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("5");
  await afterChange(page, "#et", () => page.keyboard.press("Enter"));
  assert.equal(await et.getAttribute("trigger"), "every 5 events");
  // Tab on to the accumulation select (past the slider).
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const acc = et.getByLabel("Accumulation", { exact: true });
  assert.equal(await acc.evaluate((el) => el === el.getRootNode().activeElement), true);
  await afterChange(page, "#et", () => page.keyboard.press("End"));
  assert.equal(await et.getAttribute("accumulation"), "retracting");
  await flush(page, et);
  await againstReplay(page, { window: { type: "tumbling", size: 10_000 }, watermark: { maxOutOfOrderness: 2000 }, allowedLateness: 0,
    trigger: { mode: "watermark", early: { count: 5 } }, accumulation: "retracting" });
  assert.ok(await et.locator("svg.timeline g.firing.early").count() > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("predict mode under final: the late 14:00:05 reading is accepted into its window, which reports once, when it closes", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/predict-final.html");
  const et = page.locator("#et");
  // The 16 readings on time, then the prediction for the reading made at 14:00:05 (W = 14:00:20 < 14:00:10 + 15 s).
  await afterChange(page, "#et", () => et.evaluate((el) => el.seek(16)));
  await et.locator('.predict input[value="late-accepted"]').check();
  await et.locator(".predict select").selectOption("0");
  await afterChange(page, "#et", () => et.getByRole("button", { name: "Check and deliver" }).click());
  assert.equal(await et.locator(".predict .feedback").textContent(),
    "Right: late but accepted. Its window [14:00:00, 14:00:10) ended at 14:00:10 <= W = 14:00:20, but W < end + allowed lateness = 14:00:25: " +
    "the window still holds its state and takes the event; in final mode it reports once, when it closes at W >= 14:00:25.");
  const r = await page.evaluate(() => document.getElementById("et").result);
  assert.deepEqual(r.predictions.history.at(-1), { index: 16, key: 1, time: 5000, arrival: 31_000, predicted: "late-accepted", window: 0,
    actual: "late-accepted", refired: null, correct: true });
  // Nothing has reported [14:00:00, 14:00:10) yet; at the end of the stream it reports once, with the late reading: 6.
  assert.equal(r.firings.filter((f) => f.start === 0).length, 0);
  await flush(page, et);
  const f = (await page.evaluate(() => document.getElementById("et").result)).firings.filter((x) => x.start === 0);
  assert.deepEqual(f.map((x) => [x.firing, x.count]), [["final", 6]]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("triggers: axe-core finds no serious or critical violation at 1280 and 360 px, light and dark; screenshots", { timeout: 240_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await open("/t/arrival.html", { colorScheme, viewport: { width: 1280, height: 900 } });
    const et = page.locator("#et");
    await afterChange(page, "#et", () => et.getByRole("button", { name: "To the last event" }).click());
    await et.locator("details summary").click();
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}, ${width} px`);
    }
    await screenshots(page, colorScheme === "light" ? "event-time-triggers" : "event-time-triggers-dark");
    assert.deepEqual(problems, []);
    await context.close();
  }
});
