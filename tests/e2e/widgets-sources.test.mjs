// <weir-sources> in Chromium: four gateways, one silenced (its readings
// lost, or sent as a backlog when it reconnects), with and without an idle
// timeout, and one whose clock runs ahead. Every watermark, "holds
// back" mark, idle flag, fate and firing the widget shows is checked against
// the engine run here in Node on the widget's own stream (itself checked
// against the simulator's), and the seeded runs' key facts are written out
// below as the engine gives them. Also: the keyboard path, attribute errors,
// axe-core, light and dark, 1280 and 360 px, www/index.html.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ARTIFACTS, guardedPage } from "./helpers.mjs";
import { afterChange, axeViolations, pageWith, screenshots, widgetSuite } from "./widget-helpers.mjs";
import { clippedSelects } from "./chart-checks.mjs";
import { StreamEngine, simulateSensors } from "../api/weir.mjs";

const src = (id, attrs) => `<weir-sources id="${id}" ${attrs}></weir-sources>`;
const suite = widgetSuite({
  id: "s",
  pages: {
    "/t/quiet.html": pageWith(src("s", 'sources="4" silence="2" silence-mode="drop" seed="3"')),
    "/t/idle.html": pageWith(src("s", 'sources="4" silence="2" silence-mode="drop" idle-timeout="5s" seed="3"')),
    "/t/backlog.html": pageWith(src("s", 'sources="4" silence="2" seed="3"')),
    "/t/backlog-idle.html": pageWith(src("s", 'sources="4" silence="2" idle-timeout="5s" seed="3"')),
    "/t/skew.html": pageWith(src("s", 'sources="4" skew="1:+5s" seed="3"')),
    "/t/skew-global.html": pageWith(src("s", 'sources="4" skew="1:+5s" watermark="global" seed="3"')),
    "/t/bad.html": pageWith(`${src("s", 'sources="4" silence="5"')}${src("s2", 'skew="fast" idle-timeout="-1s"')}${src("s3", 'silence-from="40s" silence-to="20s" silence="1"')}${src("s4", 'silence="1" silence-mode="later"')}`),
  },
});

const FROM = 15_000, TO = 35_000; // the default silence, in arrival time

/** The widget's result after `action` (default: deliver every event, no flush). */
async function resultAfter(page, action = () => page.locator("#s").getByRole("button", { name: "To the last event" }).click()) {
  await afterChange(page, "#s", action);
  return page.evaluate(() => document.getElementById("s").result);
}

/** The engine run in Node on `events` with `config`, pushed one by one as the widget does. */
function runHere(config, events, perSource) {
  const e = new StreamEngine(config);
  const out = { outcomes: [], watermarks: [], holders: [], firings: [], stats: [] };
  events.forEach((ev, i) => {
    const pushed = { key: ev.key, time: ev.time, value: ev.value, arrival: ev.arrival };
    if (perSource) pushed.source = ev.source;
    out.outcomes.push(e.push(pushed));
    out.watermarks.push(e.watermark);
    const st = perSource ? e.sourceStats() : [];
    out.stats.push(st);
    out.holders.push(st.find((x) => x.holdsBack)?.source ?? null);
    for (const r of e.drain()) out.firings.push({ key: r.key, start: r.start, end: r.end, firing: r.firing, count: r.count, at: i });
  });
  e.free();
  return out;
}

/** The widget's stream is the simulator's: same rows, each with its gateway (sensor k -> k % 4). */
function checkStream(r, extra) {
  const sim = simulateSensors({ anomalies: 0, seed: 3, sensors: 8, rateHz: 1, durationMs: 60_000, delaySpreadMs: 500, lateFraction: 0, sources: 4, ...extra });
  assert.equal(r.events.length, sim.keys.length);
  r.events.forEach((e, i) => {
    assert.deepEqual([e.key, e.time, e.arrival, e.source], [sim.keys[i], sim.times[i], sim.arrivals[i], sim.sources[i]]);
    assert.equal(e.source, e.key % 4);
  });
}

function checkAgainstEngine(r) {
  const here = runHere(r.config, r.events, "sources" in r.config);
  assert.deepEqual(r.outcomes, here.outcomes, "each event's fate");
  assert.deepEqual(r.watermarks, here.watermarks, "W after each push");
  assert.deepEqual(r.holders, here.holders, "the gateway holding W back after each push");
  assert.deepEqual(r.firings.map(({ key, start, end, firing, count, at }) => ({ key, start, end, firing, count, at })), here.firings);
  return here;
}

test("drop, no idle timeout: silenced gateway 2 holds W back; no window fires while it is quiet, then a burst when it returns", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/quiet.html");
  const r = await resultAfter(page);
  checkStream(r, { silence: [{ source: 2, from: FROM, to: TO }] });
  assert.deepEqual(r.config, { window: { type: "tumbling", size: 10_000 }, watermark: { maxOutOfOrderness: 1000 }, allowedLateness: 0, sources: 4 });
  const here = checkAgainstEngine(r);
  const silent = r.events.map((e, i) => [e, i]).filter(([e]) => e.arrival >= FROM && e.arrival < TO);
  assert.ok(silent.length > 100 && silent.every(([e]) => e.source !== 2), "gateway 2 sends nothing in [15 s, 35 s)");
  // Gateway 2's watermark is frozen at its last event before the silence, minus 1 s.
  const lastBefore = Math.max(...r.events.filter((e) => e.source === 2 && e.arrival < FROM).map((e) => e.time));
  const frozen = lastBefore - 1000;
  const [first, last] = [silent[0][1], silent.at(-1)[1]];
  for (let i = first; i <= last; i++) {
    assert.equal(here.stats[i][2].watermark, frozen);
    assert.ok(r.watermarks[i] <= frozen, "W never passes the quiet gateway's watermark");
  }
  // Written for seed 3: once W has caught up with it (by arrival 16 s), gateway 2 holds W back to the end of the silence ...
  const held = silent.filter(([e]) => e.arrival >= 16_000).map(([, i]) => r.holders[i]);
  assert.deepEqual([...new Set(held)], [2]);
  assert.equal(frozen, 13_594);
  // ... so no window ending after 13.8 s fires during the silence: [10 s, 20 s) and later wait.
  const firedWhileSilent = r.firings.filter((f) => f.at >= first && f.at <= last);
  assert.ok(firedWhileSilent.every((f) => f.end <= frozen));
  assert.equal(r.firings.filter((f) => f.end === 20_000 && f.at <= last).length, 0);
  // When gateway 2 sends again, W jumps and the windows that waited fire at once (on time: nothing was late).
  const back = r.events.findIndex((e) => e.source === 2 && e.arrival >= TO);
  assert.equal(r.firings.filter((f) => f.at > last && f.at < back).length, 0, "nothing fires before gateway 2's first event back");
  const burst = r.firings.filter((f) => f.at === back);
  assert.deepEqual([...new Set(burst.map((f) => f.end))].sort(), [20_000, 30_000]);
  assert.ok(burst.every((f) => f.firing === "on-time"));
  // On screen: lane 2 marked, the table row says so, the status names it (at an event in the silence).
  await afterChange(page, "#s", () => page.evaluate((i) => {
    const el = document.getElementById("s");
    el.shadowRoot.querySelector(`g.event[data-index="${i}"]`).dispatchEvent(new MouseEvent("click", { bubbles: true }));
  }, last));
  const s = page.locator("#s");
  assert.equal(await s.locator("svg.lanes g.lane.holds").getAttribute("data-source"), "2");
  assert.equal(await s.locator('table.gateways tr[data-source="2"]').getAttribute("data-holds-back"), "true");
  assert.match(await s.locator("p.status").textContent(), /W = 13\.594 s: gateway 2 holds it back\./);
  assert.equal(Number(await s.locator("svg.lanes line.watermark").getAttribute("data-watermark")), frozen);
  assert.deepEqual(problems, []);
  await context.close();
});

test("drop, idle timeout 5 s: the quiet gateway goes idle, leaves the min and windows fire; it rejoins when it sends", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/idle.html");
  const r = await resultAfter(page);
  assert.equal(r.config.watermark.idleTimeout, 5_000);
  const here = checkAgainstEngine(r);
  const idx = (pred) => r.events.findIndex(pred);
  const lastBefore = r.events.filter((e) => e.source === 2 && e.arrival < FROM).map((e) => e.arrival).at(-1);
  // Idle once the processing clock is 5 s past its last arrival, not before.
  const idleAt = idx((e) => e.arrival >= lastBefore + 5_000);
  assert.equal(lastBefore, 14_683); // seed 3: idle from the first arrival at or after 19.683 s
  assert.equal(here.stats[idleAt - 1][2].idle, false);
  assert.equal(here.stats[idleAt][2].idle, true);
  assert.ok(r.watermarks[idleAt] > r.watermarks[idleAt - 1], "W rises when gateway 2 leaves the min");
  // Windows fire during the silence: [10 s, 20 s) and [20 s, 30 s) (seed 3).
  const backAt = idx((e) => e.source === 2 && e.arrival >= TO);
  const during = r.firings.filter((f) => f.at >= idleAt && f.at < backAt);
  assert.deepEqual([...new Set(during.map((f) => f.end))].sort(), [20_000, 30_000]);
  // It rejoins with its first event after the silence.
  assert.equal(here.stats[backAt - 1][2].idle, true);
  assert.equal(here.stats[backAt][2].idle, false);
  // The lost readings are lost (the simulator's rule); what it sends afterwards is judged against a W
  // that moved on without it: its fates, as the engine gives them.
  const fates = r.gateways[2].fates;
  assert.equal(fates.assigned + fates["late-accepted"] + fates["side-output"], r.gateways[2].sent);
  // Seed 3: every one of them on time. Its clock is right and the readings of the silence are gone, so
  // its first reading back (about 35 s) is ahead of the W of the others (about 34 s) and it rejoins the min.
  assert.deepEqual([fates["late-accepted"], fates["side-output"]], [0, 0]);
  assert.equal(here.holders[backAt], here.stats[backAt].reduce((a, b) => (b.watermark < a.watermark ? b : a)).source);
  // The chart: the gateway's lane marked idle at an event in the silence.
  await afterChange(page, "#s", () => page.evaluate((i) => {
    document.getElementById("s").shadowRoot.querySelector(`g.event[data-index="${i}"]`).dispatchEvent(new MouseEvent("click", { bubbles: true }));
  }, backAt - 1));
  const s = page.locator("#s");
  assert.equal(await s.locator("svg.lanes g.lane.idle").getAttribute("data-source"), "2");
  assert.equal(await s.locator('table.gateways tr[data-source="2"]').getAttribute("data-idle"), "true");
  assert.match(await s.locator("p.status").textContent(), /idle: gateway 2/);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Gateway 2's backlog in `r`: the rows it sends at the end of the silence, and their indexes. */
function backlogOf(r) {
  const rows = r.events.map((e, i) => [e, i]).filter(([e]) => e.source === 2 && e.arrival === TO);
  return { rows, first: rows[0][1], last: rows.at(-1)[1] };
}

test("backlog (the default), no idle timeout: W waits for gateway 2; its backlog at 35 s makes the windows fire, all on time", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/backlog.html");
  const r = await resultAfter(page);
  checkStream(r, { silence: [{ source: 2, from: FROM, to: TO, mode: "backlog" }] });
  const here = checkAgainstEngine(r);
  // Nothing is lost: every reading of the loud stream is there, and what gateway 2 would have
  // delivered in [15 s, 35 s) all arrives at 35 s, in event-time order.
  const loud = simulateSensors({ anomalies: 0, seed: 3, sensors: 8, rateHz: 1, durationMs: 60_000, delaySpreadMs: 500, lateFraction: 0, sources: 4 });
  assert.equal(r.events.length, loud.keys.length);
  const wouldHave = Array.from(loud.arrivals.keys()).filter((i) => loud.sources[i] === 2 && loud.arrivals[i] >= FROM && loud.arrivals[i] < TO);
  const { rows, first, last } = backlogOf(r);
  assert.equal(rows.length, wouldHave.length);
  assert.equal(rows.length, 40); // seed 3: gateway 2's two sensors, 20 s of readings
  assert.equal(last - first + 1, rows.length, "sent together");
  assert.deepEqual(rows.map(([e]) => e.time), wouldHave.map((i) => loud.times[i]).sort((a, b) => a - b));
  // During the silence W waits at gateway 2's last watermark (as when the readings are lost) ...
  assert.ok(r.watermarks.slice(0, first).every((w) => w <= 13_594));
  assert.equal(r.firings.filter((f) => f.end === 20_000 && f.at < first).length, 0);
  // ... and the backlog moves it: [10 s, 20 s) and [20 s, 30 s) fire while it arrives, on time.
  const during = r.firings.filter((f) => f.at >= first && f.at <= last);
  assert.deepEqual([...new Set(during.map((f) => f.end))].sort(), [20_000, 30_000]);
  assert.ok(during.every((f) => f.firing === "on-time"));
  assert.ok(new Set(during.map((f) => f.at)).size >= 2, "not at once: as the backlog's event times pass the windows' ends");
  // Seed 3: with nothing fired without it, every reading of the backlog is on time; each window counts all 8 sensors.
  assert.deepEqual(r.gateways[2].fates, { assigned: 120, "late-accepted": 0, "side-output": 0, unassigned: 0 });
  assert.equal(during.filter((f) => f.end === 20_000).length, 8);
  assert.equal(here.stats.at(-1)[2].watermark, Math.max(...r.events.filter((e) => e.source === 2).map((e) => e.time)) - 1000);
  // On screen: the gateway's name says what it does.
  const s = page.locator("#s");
  assert.equal(await s.locator('table.gateways tr[data-source="2"] th').textContent(), "gateway 2 (silenced, then its backlog)");
  assert.equal(await s.getByRole("combobox", { name: "When it reconnects" }).inputValue(), "backlog");
  assert.deepEqual(problems, []);
  await context.close();
});

test("backlog with an idle timeout of 5 s: the windows fired without gateway 2, so its backlog comes back late", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/backlog-idle.html");
  const r = await resultAfter(page);
  checkStream(r, { silence: [{ source: 2, from: FROM, to: TO, mode: "backlog" }] });
  const here = checkAgainstEngine(r);
  const { rows, first, last } = backlogOf(r);
  // Idle during the silence, so [10 s, 20 s) and [20 s, 30 s) fired before 35 s, without its sensors.
  assert.equal(here.stats[first - 1][2].idle, true);
  const before = r.firings.filter((f) => f.at < first && f.end > 10_000);
  assert.deepEqual([...new Set(before.map((f) => f.end))].sort(), [20_000, 30_000]);
  // [20 s, 30 s) without gateway 2's sensors at all; [10 s, 20 s) with only what they sent before 15 s:
  // each of its windows' count plus its backlog's side output there is every reading it took.
  assert.ok(before.filter((f) => f.end === 30_000).every((f) => f.key % 4 !== 2));
  for (const key of [2, 6]) {
    const counted = before.find((f) => f.end === 20_000 && f.key === key)?.count ?? 0;
    const lateHere = rows.filter(([e, i]) => e.key === key && e.time >= 10_000 && e.time < 20_000 && r.outcomes[i] === "side-output").length;
    const taken = r.events.filter((e) => e.key === key && e.time >= 10_000 && e.time < 20_000).length;
    assert.ok(lateHere > 0);
    assert.equal(counted + lateHere, taken, `sensor ${key}`);
  }
  // The backlog finds W past those windows: with no allowed lateness, the side output, each reading
  // whose window had fired (event time before 30 s); the rest, in [30 s, 40 s), still open.
  const fate = (i) => r.outcomes[i];
  for (const [e, i] of rows) assert.equal(fate(i), e.time < 30_000 ? "side-output" : "assigned", `row ${i} at ${e.time}`);
  assert.ok(r.watermarks[first - 1] > rows[0][0].time, "W had moved on past the backlog's first reading");
  // Seed 3: 30 of the 40 late, the side-output counts the engine's.
  assert.equal(rows.filter(([, i]) => fate(i) === "side-output").length, 30);
  assert.deepEqual(r.gateways[2].fates, { assigned: 90, "late-accepted": 0, "side-output": 30, unassigned: 0 });
  assert.ok(r.gateways.filter((g) => g.source !== 2).every((g) => g.fates["side-output"] === 0));
  assert.equal(r.late.length, 30);
  assert.equal(r.firings.filter((f) => f.at >= first && f.at <= last && f.end <= 30_000).length, 0, "no late firing: lateness 0");
  // On screen: the table row's side-output count, and the crosses in lane 2.
  const s = page.locator("#s");
  assert.equal(await s.locator('table.gateways tr[data-source="2"]').getAttribute("data-side-output"), "30");
  assert.equal(await s.locator('svg.lanes g.event.side-output[data-source="2"]').count(), 30);
  assert.match(await s.locator("p.status").textContent(), /30 to the side output\./);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a gateway whose clock runs 5 s ahead: harmless with one watermark per gateway, others' readings late with one for the stream", { timeout: 90_000 }, async () => {
  const late = (r) => r.gateways.filter((g) => g.source !== 1).reduce((n, g) => n + g.fates["side-output"] + g.fates["late-accepted"], 0);
  const per = await suite.open("/t/skew.html");
  const rp = await resultAfter(per.page);
  checkStream(rp, { skew: [{ source: 1, ms: 5000 }] });
  checkAgainstEngine(rp);
  assert.equal(late(rp), 0, "per gateway: the skewed gateway never holds W, and the others are judged on their own watermarks");
  assert.ok(!rp.holders.includes(1), "gateway 1 (ahead) never holds W back");
  await per.context.close();
  const glob = await suite.open("/t/skew-global.html");
  const rg = await resultAfter(glob.page);
  assert.equal("sources" in rg.config, false);
  checkAgainstEngine(rg);
  const n = late(rg);
  assert.ok(n > 0, "one watermark for the stream: gateway 1's clock pushes W ahead and the others' readings are late");
  // Written for seed 3: W runs about 4 s ahead of the others' readings (the 5 s skew less the 1 s bound), so
  // those in roughly the last 4 s of each window find it fired: side output.
  assert.deepEqual(rg.gateways.map((g) => g.fates["side-output"]), [44, 0, 44, 48]);
  // On screen: the per-gateway columns are gone; the side-output counts are the engine's.
  const so = await glob.page.locator("#s").locator("table.gateways tbody tr").evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.sideOutput) + Number(tr.dataset.lateAccepted)));
  assert.equal(so.reduce((a, b) => a + b, 0) - (so[1] ?? 0), n);
  assert.deepEqual(per.problems, []);
  assert.deepEqual(glob.problems, []);
  await glob.context.close();
});

test("keyboard: the controls and the events; Enter delivers up to the event focused, the focus stays on it", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/quiet.html");
  const s = page.locator("#s");
  // The idle-timeout field by keyboard: type 5, Tab away (change).
  await s.getByRole("spinbutton", { name: /^Idle timeout/ }).focus();
  await page.keyboard.press("Control+a");
  await page.keyboard.type("5");
  await afterChange(page, "#s", () => page.keyboard.press("Tab"));
  assert.equal(await s.getAttribute("idle-timeout"), "5s");
  // The silence select by keyboard.
  const silence = s.getByRole("combobox", { name: "Silence a gateway" });
  await silence.focus();
  await afterChange(page, "#s", () => page.keyboard.press("ArrowUp"));
  assert.equal(await s.getAttribute("silence"), "1");
  // What the silenced gateway does when it reconnects (this page: its readings are lost).
  const mode = s.getByRole("combobox", { name: "When it reconnects" });
  assert.equal(await mode.inputValue(), "drop");
  await mode.focus();
  await afterChange(page, "#s", () => page.keyboard.press("ArrowUp"));
  assert.equal(await s.getAttribute("silence-mode"), "backlog");
  assert.ok((await s.evaluate((el) => el.result.events.filter((e) => e.source === 1 && e.arrival === 35_000).length)) > 0, "gateway 1's backlog arrives at 35 s");
  // A gateway's clock: choosing the gateway gives it a 5 s lead, the field then changes it.
  await afterChange(page, "#s", () => s.getByRole("combobox", { name: "Gateway whose clock runs ahead" }).selectOption("3"));
  assert.equal(await s.getAttribute("skew"), "3:+5000ms");
  const ahead = s.getByRole("spinbutton", { name: /^Clock ahead by/ });
  await ahead.focus();
  await page.keyboard.press("Control+a");
  await page.keyboard.type("-2");
  await afterChange(page, "#s", () => page.keyboard.press("Tab"));
  assert.equal(await s.getAttribute("skew"), "3:-2000ms");
  await afterChange(page, "#s", () => s.getByRole("combobox", { name: "Watermark" }).selectOption("global"));
  assert.equal(await s.getAttribute("watermark"), "global");
  assert.equal(await s.evaluate((el) => "sources" in el.result.config), false);
  // Tab into the chart's events: one tab stop; arrows move; Enter delivers.
  await s.getByRole("button", { name: "End of stream (flush)" }).focus();
  await page.keyboard.press("Tab"); // the chart's scroll region
  await page.keyboard.press("Tab"); // its one tab stop among the events: the first
  assert.equal(await s.evaluate((el) => el.shadowRoot.activeElement?.getAttribute("data-index")), "0");
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  const focused = () => s.evaluate((el) => el.shadowRoot.activeElement?.getAttribute("data-index"));
  assert.equal(await focused(), "5");
  const r = await resultAfter(page, () => page.keyboard.press("Enter"));
  assert.equal(r.pushed, 6);
  assert.equal(await focused(), "5", "the focus stays on the event after the redraw");
  assert.match(await s.locator("p.details").textContent(), /^gateway \d( \([^)]*\))?, sensor \d+: measured at .*, arrived at .*; W then .*: on time\.$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("bad attributes name themselves and their values", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await suite.open("/t/bad.html");
  const err = (id) => page.locator(`#${id}`).locator(".error").textContent();
  await page.waitForFunction(() => ["s", "s2", "s3", "s4"].every((i) => document.getElementById(i).dataset.state === "error"));
  assert.equal(await err("s"), 'silence="5": there are 4 gateways (0 to 3)');
  assert.equal(await err("s2"), 'idle-timeout="-1s": expected a duration such as "2s" or "500ms" from 100 ms to 1 min; skew="fast": expected "none" or gateway:shift such as "1:+5s" (gateway 0 to 7, shift up to 60 s either way)');
  assert.equal(await err("s3"), 'silence-from="40s" is not before silence-to="20s"');
  assert.equal(await err("s4"), 'silence-mode="later": expected one of backlog, drop');
  await afterChange(page, "#s", () => page.locator("#s").evaluate((el) => el.setAttribute("silence", "3")));
  assert.equal(await page.locator("#s").getAttribute("data-state"), "ready");
  assert.deepEqual(problems, []);
  await context.close();
});

test("axe-core clean; light and dark; 1280 and 360 px", { timeout: 90_000 }, async () => {
  for (const scheme of ["light", "dark"]) {
    const { page, context, problems } = await suite.open("/t/backlog-idle.html", { viewport: { width: 1280, height: 900 }, colorScheme: scheme, reducedMotion: scheme === "dark" ? "reduce" : "no-preference" });
    const s = page.locator("#s");
    assert.equal(await s.getAttribute("data-scheme"), scheme);
    // In the silence, gateway 2 idle (its backlog to come at 35 s).
    await afterChange(page, "#s", () => page.evaluate(() => {
      const el = document.getElementById("s");
      const i = el.result.events.findIndex((e) => e.arrival >= 30_000);
      el.shadowRoot.querySelector(`g.event[data-index="${i}"]`).dispatchEvent(new MouseEvent("click", { bubbles: true }));
    }));
    assert.deepEqual(await axeViolations(page), [], scheme);
    const wm = await s.locator("svg.lanes line.watermark").evaluate((el) => getComputedStyle(el).stroke);
    assert.equal(wm, scheme === "dark" ? "rgb(196, 181, 253)" : "rgb(124, 58, 237)");
    await screenshots(page, `widgets-sources-${scheme}`);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      const right = await s.evaluate((el) => el.getBoundingClientRect().right - document.documentElement.clientWidth);
      assert.ok(right <= 1, `${width} px: the widget fits the page`);
      // "per gateway (W = min)" was clipped at 1280 px, one column of six.
      assert.deepEqual(await clippedSelects(page, "#s"), [], `${width} px`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(300);
    await s.screenshot({ path: join(ARTIFACTS, `widget-sources-${scheme}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test("www/index.html: the section's widget runs with gateway 2 silenced", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await guardedPage(suite.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.server.url}index.html`);
  await page.waitForFunction(() => document.querySelector("#sources weir-sources")?.dataset.state === "ready", null, { timeout: 30_000 });
  const s = page.locator("#sources weir-sources");
  assert.equal(await s.getAttribute("silence"), "2");
  assert.equal(await s.evaluate((el) => el.result.pushed), 0);
  assert.match(await s.locator("p.status").textContent(), /^Press Play/);
  assert.deepEqual(problems, []);
  await context.close();
});
