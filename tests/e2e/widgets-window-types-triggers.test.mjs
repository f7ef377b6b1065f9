// <weir-window-types> with a trigger and an accumulation (issue 18): the
// attributes and the controls (keyboard), firings drawn by kind with a key,
// the cards' counts per kind, hand-worked streams and seeded streams checked
// against www/weir.js replay for the same configs; axe and screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { afterChange, axeViolations, pageWith, screenshots, widgetSuite } from "./widget-helpers.mjs";
import { clippedSelects, labelCollisions, worstMarkOverlap } from "./chart-checks.mjs";

const SIM = `seed="11" sensors="3" rate="1" duration="30s" burst-active="0"`;
const pages = {
  "/t/sim.html": pageWith(`<weir-window-types id="wt" ${SIM}></weir-window-types>`),
  "/t/early.html": pageWith(`<weir-window-types id="wt" ${SIM} trigger="every 3 events" accumulation="retracting" lateness="3s"></weir-window-types>`),
  "/t/hand.html": pageWith(`<weir-window-types id="wt" window="10s" slide="5s" gap="3s" out-of-orderness="0ms" trigger="every-event" accumulation="retracting"></weir-window-types>`),
  "/t/bad.html": pageWith(`<weir-window-types id="wt" ${SIM} trigger="every 0 events" accumulation="purging"></weir-window-types>`),
};

const { open } = widgetSuite({ pages, id: "wt" });

const KINDS = ["early", "on-time", "late", "final", "retract"];
const STAT = { early: "firedEarly", "on-time": "firedOnTime", late: "firedLate", final: "firedFinal", retract: "retractions" };
const rowsOf = (results) => results.map((r) => [r.key, r.start, r.end, r.firing, r.count, r.sum]);

/** Each engine's emitted firings against replay() of the same events with `configs[type]`, run in the page. */
async function checkAgainstReplay(page, configs) {
  const out = await page.evaluate(async (cfgs) => {
    const { replay } = await import("/weir.js");
    const el = document.getElementById("wt");
    const events = el.events.map((e) => ({ key: e.key, time: e.time, value: e.value, ...(e.arrival === undefined ? {} : { arrival: e.arrival }) }));
    return Object.fromEntries(Object.entries(cfgs).map(([t, c]) => [t, { widget: el.result[t].emitted, replay: replay(c, events).results, stats: el.result[t].stats }]));
  }, configs);
  for (const [t, { widget, replay, stats }] of Object.entries(out)) {
    assert.deepEqual(rowsOf(widget), rowsOf(replay), `${t}: the widget's firings are replay's`);
    // The engine's counters count the rows it emitted of each kind.
    for (const k of KINDS) assert.equal(stats[STAT[k]], replay.filter((r) => r.firing === k).length, `${t} ${k}`);
  }
  return out;
}

const card = (wt, type, kind) => wt.locator(`.card[data-type="${type}"] output[data-out="kind-${kind}"]`).textContent().then(Number);

test("hand-worked: every-event, retracting; then discarding: the kinds, values and retracted sessions the engine emits", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/hand.html");
  const wt = page.locator("#wt");
  // Sensor 1 at 0.5 s and 1.5 s, then 12 s; the watermark follows the latest time (out-of-orderness 0).
  await afterChange(page, "#wt", () => wt.evaluate((el) => {
    el.events = [{ key: 1, time: 500, value: 1 }, { key: 1, time: 1500, value: 3 }, { key: 1, time: 12_000, value: 5 }];
  }));
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  let r = await page.evaluate(() => document.getElementById("wt").result);
  // Every event fires each window it entered at once: early while W < end; nothing at W >= end.
  // Retracting: the second event's firing of [0, 10 s) withdraws the first (1 event, sum 1).
  assert.deepEqual(rowsOf(r.tumbling.emitted), [
    [1, 0, 10_000, "early", 1, 1], [1, 0, 10_000, "retract", 1, 1], [1, 0, 10_000, "early", 2, 4], [1, 10_000, 20_000, "early", 1, 5]]);
  // Sessions (gap 3 s): 1.5 s merges [0.5 s, 3.5 s) into [0.5 s, 4.5 s): the part is retracted with its own span.
  assert.deepEqual(rowsOf(r.session.emitted), [
    [1, 500, 3500, "early", 1, 1], [1, 500, 3500, "retract", 1, 1], [1, 500, 4500, "early", 2, 4], [1, 12_000, 15_000, "early", 1, 5]]);
  // The merged session is drawn once, with its part's firings among its own: early, retracted (a struck ring), early.
  assert.equal(await wt.locator('.windows.session .window[data-start="500"]').count(), 1);
  const merged = wt.locator('.windows.session .window[data-start="500"][data-end="4500"]');
  assert.deepEqual(await merged.locator("g.firing").evaluateAll((gs) => gs.map((g) => g.dataset.firing)), ["early", "retract", "early"]);
  assert.equal(await merged.locator("g.firing.retract path.strike").count(), 1);
  assert.match(await merged.getAttribute("aria-label"), /: 2 events, merged from 1 earlier session; firings: 2 early, 1 retracted$/);
  // Each firing drawn by kind inside its window: [0, 10 s) early, retracted, early.
  assert.deepEqual(await wt.locator('.windows.tumbling .window[data-start="0"] g.firing').evaluateAll((gs) => gs.map((g) => g.dataset.firing)),
    ["early", "retract", "early"]);
  // Cards count each kind, from the engine's stats (sliding 10 s / 5 s: each event in 2 windows).
  assert.deepEqual(await Promise.all(KINDS.map((k) => card(wt, "tumbling", k))), [3, 0, 0, 0, 1]);
  assert.deepEqual(await Promise.all(KINDS.map((k) => card(wt, "sliding", k))), [6, 0, 0, 0, 2]);
  await checkAgainstReplay(page, Object.fromEntries(Object.entries({
    tumbling: { type: "tumbling", size: 10_000 }, sliding: { type: "sliding", size: 10_000, slide: 5000 }, session: { type: "session", gap: 3000 },
  }).map(([t, window]) => [t, { window, watermark: { maxOutOfOrderness: 0 }, allowedLateness: 0, trigger: { mode: "every-event" }, accumulation: "retracting" }])));

  // Discarding: each firing reports only the new event, nothing withdrawn.
  await afterChange(page, "#wt", () => wt.evaluate((el) => el.setAttribute("accumulation", "discarding")));
  r = await page.evaluate(() => document.getElementById("wt").result);
  assert.deepEqual(rowsOf(r.tumbling.emitted), [[1, 0, 10_000, "early", 1, 1], [1, 0, 10_000, "early", 1, 3], [1, 10_000, 20_000, "early", 1, 5]]);
  // The merged session reports what its part had not yet: the one new event.
  assert.deepEqual(rowsOf(r.session.emitted), [[1, 500, 3500, "early", 1, 1], [1, 500, 4500, "early", 1, 3], [1, 12_000, 15_000, "early", 1, 5]]);
  assert.equal(await card(wt, "session", "retract"), 0);
  // Final: one firing per window when it closes, with all its events.
  await afterChange(page, "#wt", () => wt.evaluate((el) => el.setAttribute("trigger", "final")));
  r = await page.evaluate(() => document.getElementById("wt").result);
  assert.deepEqual(rowsOf(r.tumbling.emitted), [[1, 0, 10_000, "final", 2, 4], [1, 10_000, 20_000, "final", 1, 5]]);
  assert.deepEqual(await wt.locator(".windows.tumbling g.firing").evaluateAll((gs) => gs.map((g) => g.dataset.firing)), ["final", "final"]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("seeded stream by attribute: early every 3 events, retracting, lateness 3 s: firings by kind, key, cards, all as replay gives them", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/early.html");
  const wt = page.locator("#wt");
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  const cfg = (window) => ({ window, watermark: { maxOutOfOrderness: 2000 }, allowedLateness: 3000,
    trigger: { mode: "watermark", early: { count: 3 } }, accumulation: "retracting" });
  const out = await checkAgainstReplay(page, {
    tumbling: cfg({ type: "tumbling", size: 10_000 }), sliding: cfg({ type: "sliding", size: 10_000, slide: 2000 }), session: cfg({ type: "session", gap: 3000 }),
  });
  // 90 events (3 sensors at 1 Hz for 30 s), tumbling 10 s: early results before every on-time one, each refinement retracted first.
  const tumbling = out.tumbling.replay;
  const count = (k) => tumbling.filter((x) => x.firing === k).length;
  assert.ok(count("early") > 0 && count("on-time") > 0 && count("retract") >= count("on-time"), JSON.stringify(KINDS.map(count)));
  // Every window drawn has one mark per firing, kinds as emitted.
  for (const t of ["tumbling", "sliding", "session"]) {
    const drawn = await wt.locator(`.windows.${t} g.firing`).count();
    const visible = await wt.locator(`.windows.${t} .window`).count();
    assert.ok(visible > 0);
    assert.equal(drawn, out[t].replay.length, `${t}: one mark per firing`);
    if (t === "session") assert.equal(visible, 3, "steady sensors: one session each, every merged part drawn inside it");
  }
  for (const k of KINDS) assert.equal(await card(wt, "tumbling", k), count(k), `tumbling card ${k}`);
  // Shape and colour differ by kind: the early triangle in the accent colour, the on-time dot in the ok colour, the retraction hollow.
  const look = (k) => wt.locator(`.windows.tumbling g.firing.${k}`).first().evaluate((g) => {
    const m = g.firstElementChild;
    return { tag: m.localName, fill: getComputedStyle(m).fill, stroke: getComputedStyle(m).stroke };
  });
  assert.deepEqual(await look("early"), { tag: "path", fill: "rgb(9, 105, 218)", stroke: "rgb(255, 255, 255)" });
  assert.deepEqual(await look("on-time"), { tag: "circle", fill: "rgb(26, 127, 55)", stroke: "rgb(255, 255, 255)" });
  assert.deepEqual(await look("retract"), { tag: "circle", fill: "rgb(255, 255, 255)", stroke: "rgb(185, 28, 28)" });
  // The key names every firing kind; no label over a dot.
  const legend = await wt.locator(".legend li").evaluateAll((lis) => lis.map((li) => li.dataset.legend));
  assert.deepEqual(legend.slice(-5), ["firing-early", "firing-on-time", "firing-late", "firing-final", "firing-retract"]);
  assert.deepEqual(await labelCollisions(page, "#wt"), []);
  // No two marks of a window overlap, nor a mark its count: at phone width the chart widens (and scrolls) until they fit.
  assert.ok(await worstMarkOverlap(page, "#wt") <= 0.5, `marks overlap by ${await worstMarkOverlap(page, "#wt")} px`);
  await page.setViewportSize({ width: 360, height: 900 });
  await page.waitForFunction(() => document.getElementById("wt").drawnAvail < 360);
  assert.ok(await worstMarkOverlap(page, "#wt") <= 0.5, `at 360 px marks overlap by ${await worstMarkOverlap(page, "#wt")} px`);
  assert.ok(await wt.evaluate((el) => el.drawnWidth > el.drawnAvail), "the dense chart scrolls sideways at 360 px");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, "the page does not");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForFunction(() => document.getElementById("wt").drawnAvail > 1000);
  // A focused window lists each sensor's firings in order.
  await wt.locator('.windows.tumbling .window[data-start="0"]').focus();
  const seq = await wt.locator("table.window-result td.sequence").first().textContent();
  const own = tumbling.filter((x) => x.start === 0 && x.key === 0).map((x) => `${{ "on-time": "on time", retract: "retracted" }[x.firing] ?? x.firing} ${x.count}`).join(", ");
  assert.equal(seq, own);
  assert.match(await wt.locator('.windows.tumbling .window[data-start="0"]').getAttribute("aria-label"), /; firings: \d+ early, \d+ retracted, \d+ on time/);
  // The Flink export takes the same configs: its notes speak of the early firings.
  await wt.getByRole("button", { name: "Export to Flink" }).click();
  await page.waitForFunction(() => document.getElementById("wt").dataset.flinkExport, null, { timeout: 20_000 });
  assert.equal(await wt.evaluate((el) => el.dataset.flinkExport), "ready", await wt.locator(".flink-status").textContent());
  const notes = await wt.locator('details.flink-script[data-design="tumbling"] .flink-notes').textContent();
  assert.match(notes, /early/i, notes);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard: the trigger select, its N, the period in seconds and the accumulation select write the attributes; the default is unchanged", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/sim.html");
  const wt = page.locator("#wt");
  await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
  // The default: no trigger attribute, no marks, on-time and late kinds only.
  assert.equal(await wt.locator("svg.timeline g.firing").count(), 0);
  assert.equal(await card(wt, "tumbling", "early"), 0);
  const onTime = await page.evaluate(() => document.getElementById("wt").result.tumbling.stats.firedOnTime);
  assert.equal(await card(wt, "tumbling", "on-time"), onTime);
  const every = wt.getByLabel("Early every", { exact: true });
  assert.equal(await every.isDisabled(), true);
  // Tab from the rate field to the trigger select, and choose with the arrow keys.
  await wt.getByLabel("Event rate per sensor (slider)").focus();
  await page.keyboard.press("Tab");
  const trigger = wt.getByLabel("Trigger (early results)", { exact: true });
  assert.equal(await trigger.evaluate((el) => el === el.getRootNode().activeElement), true);
  await afterChange(page, "#wt", () => page.keyboard.press("ArrowDown"));
  assert.equal(await wt.getAttribute("trigger"), "every 3 events");
  assert.equal(await every.isDisabled(), false);
  // N typed: every 2 events.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("2");
  await afterChange(page, "#wt", () => page.keyboard.press("Enter"));
  assert.equal(await wt.getAttribute("trigger"), "every 2 events");
  let r = await page.evaluate(() => document.getElementById("wt").result);
  assert.ok(r.tumbling.stats.firedEarly > 0);
  assert.equal(await card(wt, "tumbling", "early"), r.tumbling.stats.firedEarly);
  // The next choice takes a period, shown in seconds: every 2 s of event time.
  await trigger.focus();
  await afterChange(page, "#wt", () => page.keyboard.press("ArrowDown"));
  assert.equal(await wt.getAttribute("trigger"), "every 2s event-time");
  assert.equal(await every.inputValue(), "2");
  await every.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("1.5");
  await afterChange(page, "#wt", () => page.keyboard.press("Enter"));
  assert.equal(await wt.getAttribute("trigger"), "every 1500ms event-time");
  // Arrival time next.
  await trigger.focus();
  await afterChange(page, "#wt", () => page.keyboard.press("ArrowDown"));
  assert.equal(await wt.getAttribute("trigger"), "every 1500ms arrival");
  // The longest choice is shown whole (at 1280 px the trigger field takes two control columns).
  assert.deepEqual(await clippedSelects(page, "#wt"), []);
  r = await page.evaluate(() => document.getElementById("wt").result);
  // The simulator's events carry arrival times: the processing clock moves and windows fire early by it.
  assert.ok(r.tumbling.stats.firedEarly > 0);
  // Accumulation: Tab past the period to the select.
  await trigger.focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const acc = wt.getByLabel("Accumulation", { exact: true });
  assert.equal(await acc.evaluate((el) => el === el.getRootNode().activeElement), true);
  await afterChange(page, "#wt", () => page.keyboard.press("ArrowDown"));
  assert.equal(await wt.getAttribute("accumulation"), "discarding");
  // Back to the default by attribute: the look and the engine as before.
  await afterChange(page, "#wt", () => wt.evaluate((el) => { el.setAttribute("trigger", "none"); el.setAttribute("accumulation", "accumulating"); }));
  assert.equal(await wt.locator("svg.timeline g.firing").count(), 0);
  assert.equal(await trigger.inputValue(), "none");
  assert.equal(await every.isDisabled(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test("bad trigger and accumulation attributes: one clear error naming both", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/bad.html");
  const wt = page.locator("#wt");
  assert.equal(await wt.getAttribute("data-state"), "error");
  assert.equal(await wt.locator(".error").textContent(),
    'trigger="every 0 events": expected none, "every N events" (N from 1 to 1,000,000), "every 2s event-time", "every 1s arrival" (a period from 1 ms to 1 h), every-event or final; ' +
    'accumulation="purging": expected one of accumulating, discarding, retracting');
  for (const bad of ["every 2x event-time", "every 3 bananas", "sometimes", "every 0s arrival", "every 1.5 events"]) {
    await wt.evaluate((el, v) => { el.setAttribute("accumulation", "discarding"); el.setAttribute("trigger", v); }, bad);
    await page.waitForFunction((v) => document.getElementById("wt").shadowRoot.querySelector(".error").textContent.startsWith(`trigger="${v}": expected none`), bad);
  }
  // Spellings the attribute takes: one event, any case and spacing.
  await afterChange(page, "#wt", () => wt.evaluate((el) => el.setAttribute("trigger", "  Every 1  event ")));
  assert.equal(await wt.getAttribute("data-state"), "ready");
  assert.equal(await wt.getByLabel("Trigger (early results)", { exact: true }).inputValue(), "count");
  assert.deepEqual(problems, []);
  await context.close();
});

test("triggers: axe-core finds no serious or critical violation at 1280 and 360 px, light and dark; screenshots", { timeout: 240_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await open("/t/early.html", { colorScheme, viewport: { width: 1280, height: 900 } });
    const wt = page.locator("#wt");
    await afterChange(page, "#wt", () => wt.getByRole("button", { name: "To the end" }).click());
    await wt.locator('.windows.tumbling .window[data-start="10000"]').focus();
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}, ${width} px`);
    }
    await screenshots(page, colorScheme === "light" ? "window-types-triggers" : "window-types-triggers-dark");
    assert.deepEqual(problems, []);
    await context.close();
  }
});
