// <weir-memory-calculator> in Chromium: the chapter's worked example and
// quick estimate, set by attribute and by keyboard; the URL-hash round trip;
// accessibility (axe-core); screenshots at 1280 and 360 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import { afterChange, axeViolations, pageWith, screenshots, shadowText, widgetSuite } from "./widget-helpers.mjs";

// The chapter's worked example: 10,000 sensors x 100 msg/s x 100 B, 10 s
// window, 1 s slide, 16 GB instance, 20 % overhead, 50 % target.
// 10,000 x 100 x 100 B x 10 s = 1 GB per window; tumbling holds 2 windows
// (2 GB); sliding holds 10 s / 1 s = 10 (10 GB = 62.5 % of 16 GB, 12 GB =
// 75 % with overhead: over 50 %, so ceil(12 / 8) = 2 instances). Smallest
// slide that fits: 10 GB x 1 s / s x 1.2 <= 8 GB -> s >= 1.5 s; among
// divisors of 10 s: 2 s.
const WORKED = `sensors="10000" rate="100" message-bytes="100" window="10s" slide="1s" memory="16GB" overhead="20%" target="50%"`;

const pages = {
  "/t/worked.html": pageWith(`<weir-memory-calculator id="calc" ${WORKED}></weir-memory-calculator>`),
  "/t/default.html": pageWith(`<weir-memory-calculator id="calc" sensors="50" rate="1"></weir-memory-calculator>`),
  "/t/synced.html": pageWith(`<weir-memory-calculator id="calc" sync-url></weir-memory-calculator>`),
  "/t/unsynced.html": pageWith(`<weir-memory-calculator id="calc" ${WORKED}></weir-memory-calculator>`),
  "/t/prefixed.html": pageWith(`<weir-memory-calculator id="calc" sync-url="calc"></weir-memory-calculator>`),
  "/t/slide18.html": pageWith(`<weir-memory-calculator id="calc" sensors="10000" rate="100" window="10s" slide="1.8s"></weir-memory-calculator>`),
  "/t/binary.html": pageWith(`<weir-memory-calculator id="calc" units="binary" memory="4GiB" message-bytes="1KiB"></weir-memory-calculator>`),
};

const { open } = widgetSuite({ pages });

const out = (page, name) => shadowText(page, "#calc", `output[data-out="${name}"]`);

test("worked example by attribute: 1 GB per window, 2 GB tumbling, 10 GB sliding, 62.5 % raw, 75 % with overhead", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/worked.html");
  assert.equal(await out(page, "bytes-per-window"), "1 GB");
  assert.equal(await out(page, "tumbling-raw"), "2 GB");
  assert.equal(await out(page, "sliding-raw"), "10 GB");
  assert.equal(await out(page, "sliding-util-raw"), "62.5 %");
  assert.equal(await out(page, "sliding-util-overhead"), "75 %");
  assert.equal(await out(page, "instances"), "2");
  assert.equal(await out(page, "smallest-slide"), "1.5 s");
  assert.equal(await out(page, "smallest-dividing-slide"), "2 s");
  assert.equal(await out(page, "bytes-per-second"), "100 MB/s");
  // The tumbling figure says which assumption it uses.
  assert.match(await shadowText(page, "#calc", 'tr[data-type="tumbling"] th'), /2 windows held/);
  // The sliding bar is over the target; tumbling (2 GB, 15 % with overhead) fits.
  assert.match(await shadowText(page, "#calc", '.bar-row[data-type="sliding"]'), /over the 50 % target/);
  assert.match(await shadowText(page, "#calc", '.bar-row[data-type="tumbling"]'), /fits/);
  // The result property carries the same figures.
  const r = await page.evaluate(() => {
    const { sliding, tumbling } = document.getElementById("calc").result;
    return [sliding.bytesPerWindow, tumbling.rawBufferBytes, sliding.rawBufferBytes, sliding.rawFit.utilizationRaw];
  });
  assert.deepEqual(r, [1e9, 2e9, 1e10, 0.625]);
  // The chart asks the model once per slide value: some slides fit, some do not.
  assert.ok(await page.locator("#calc").locator("svg.chart circle.pt.fits").count() > 0);
  assert.ok(await page.locator("#calc").locator("svg.chart circle.pt.over").count() > 0);
  // With sync-url off the page's URL is left alone.
  assert.equal(await page.evaluate(() => location.hash), "");
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard: the quick-estimate preset and typed inputs update the figures and announce them", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/default.html");
  const calc = page.locator("#calc");
  // Tab from the first control to the preset button, press Enter.
  await calc.locator('button[data-preset="worked example"]').focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("calc").getAttribute("sensors") === "10000");
  assert.equal(await out(page, "sliding-raw"), "10 GB");
  await page.keyboard.press("Tab");
  assert.equal(await calc.locator(":focus").getAttribute("data-preset"), "quick estimate");
  await afterChange(page, "#calc", () => page.keyboard.press("Enter"));
  // 1,000 sensors x 10 Hz x 100 B x 10 s = 10 MB, one window held; sliding 10 x = 100 MB.
  assert.equal(await out(page, "bytes-per-window"), "10 MB");
  assert.equal(await out(page, "tumbling-raw"), "10 MB");
  assert.equal(await out(page, "sliding-raw"), "100 MB");
  assert.match(await shadowText(page, "#calc", 'tr[data-type="tumbling"] th'), /1 window held/);

  // Type 10000 sensors: tumbling 100 MB, sliding 1 GB (the chapter's scale-up).
  const sensors = calc.getByLabel("Sensors", { exact: true });
  await sensors.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("10000");
  await afterChange(page, "#calc", () => page.keyboard.press("Tab"));
  assert.equal(await out(page, "tumbling-raw"), "100 MB");
  assert.equal(await out(page, "sliding-raw"), "1 GB");
  assert.equal(await page.locator("#calc").getAttribute("sensors"), "10000");
  // The slider moves with the number field; arrow keys on it change the value.
  const slider = calc.getByLabel("Sensors (slider)");
  await slider.focus();
  await afterChange(page, "#calc", () => page.keyboard.press("ArrowRight"));
  assert.notEqual(await page.locator("#calc").getAttribute("sensors"), "10000");
  // The live region is polite and says the new figures.
  const live = calc.locator("[aria-live=polite]");
  assert.match(await live.textContent(), /Per window/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("sync-url: inputs go into the hash and a linked scenario loads; copy link gives the same link", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/synced.html");
  const calc = page.locator("#calc");
  const win = calc.getByLabel("Window size", { exact: true });
  await win.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("20");
  await afterChange(page, "#calc", () => page.keyboard.press("Enter"));
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /(^#|&)window=20s(&|$)/);
  await calc.locator('button[data-preset="worked example"]').click();
  await page.waitForFunction(() => /sensors=10000/.test(location.hash) && /window=10s/.test(location.hash));
  const linked = await page.evaluate(() => location.href);
  await calc.locator("button.copy").click();
  await page.waitForFunction(() => document.getElementById("calc").shadowRoot.querySelector("input.link").value !== "");
  assert.equal(await calc.locator("input.link").inputValue(), linked);

  // Opening the link restores the scenario.
  const second = await open(`/t/synced.html#${linked.split("#")[1].replace(/window=10s/, "window=5s")}`);
  assert.equal(await second.page.locator("#calc").getAttribute("window"), "5s");
  assert.equal(await out(second.page, "bytes-per-window"), "500 MB");
  assert.equal(await out(second.page, "sliding-raw"), "2.5 GB");
  assert.equal(await second.page.locator("#calc").getByLabel("Window size", { exact: true }).inputValue(), "5");
  // And a hash change while open loads too.
  await second.page.evaluate(() => { location.hash = location.hash.replace("window=5s", "window=10s"); });
  await second.page.waitForFunction(() => document.getElementById("calc").getAttribute("window") === "10s");
  assert.equal(await out(second.page, "sliding-raw"), "10 GB");
  assert.deepEqual([...problems, ...second.problems], []);
  await second.context.close();
  await context.close();
});

test("sync-url leaves the page's own hash alone: nothing written on load, other parts kept on a change", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/synced.html#batch-vs-stream");
  assert.equal(await page.evaluate(() => location.hash), "#batch-vs-stream");
  const win = page.locator("#calc").getByLabel("Window size", { exact: true });
  await win.fill("20");
  await afterChange(page, "#calc", () => win.press("Enter"));
  assert.equal(await page.evaluate(() => location.hash), "#batch-vs-stream&window=20s");
  // A page without a hash keeps none on load (it used to end with an empty "#").
  const plain = await open("/t/synced.html");
  assert.equal(await plain.page.evaluate(() => location.href.endsWith("/t/synced.html")), true);
  await plain.context.close();
  // With a prefix, another widget's names in the hash stay as they are.
  const pre = await open("/t/prefixed.html#other=1&calc.sensors=20");
  assert.equal(await pre.page.locator("#calc").getAttribute("sensors"), "20");
  const sensors = pre.page.locator("#calc").getByLabel("Sensors", { exact: true });
  await sensors.fill("30");
  await afterChange(pre.page, "#calc", () => sensors.press("Enter"));
  assert.equal(await pre.page.evaluate(() => location.hash), "#other=1&calc.sensors=30");
  assert.deepEqual([...problems, ...pre.problems], []);
  await pre.context.close();
  await context.close();
});

test("one source of truth: the default aggregate state is the engine's 56 B per slice; the chapter's 20 KB is its preset, named as such", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/default.html");
  // 50 sensors x 10 slices (10 s / 1 s) x 56 B = 28 kB; the field shows the engine's figure.
  assert.equal(await out(page, "sliding-sliced"), "28 KB");
  assert.equal(await page.locator("#calc").getByLabel("Aggregate state per key and window", { exact: true }).inputValue(), "56");
  assert.match(await out(page, "state-source"), /^Aggregate state: Weir's own, 56 B per key and slice \(\d+ B per session\), from the engine's types\.$/);
  assert.match(await page.evaluate(() => document.getElementById("calc").flinkDesigns()[1].preface), /sliced aggregates at Weir's own 56 B per key and slice;/);
  await afterChange(page, "#calc", () => page.locator("#calc").locator('button[data-preset="worked example"]').click());
  // 10,000 sensors x 10 slices x 20,000 B = 2 GB.
  assert.equal(await out(page, "sliding-sliced"), "2 GB");
  assert.match(await out(page, "state-source"),
    /^Aggregate state: the chapter's teaching figure, 20,000 B per key and window \(Weir's engine keeps 56 B per key and slice, \d+ B per session\)\.$/);
  assert.doesNotMatch(await page.evaluate(() => document.getElementById("calc").flinkDesigns()[1].preface), /as Weir keeps them/);
  assert.match(await page.evaluate(() => document.getElementById("calc").flinkDesigns()[1].preface), /20,000 B per key and window, the chapter's teaching figure/);
  // The quick estimate goes back to the engine's own figure.
  await afterChange(page, "#calc", () => page.locator("#calc").locator('button[data-preset="quick estimate"]').click());
  assert.equal(await page.locator("#calc").getAttribute("state-bytes"), "engine");
  assert.equal(await out(page, "sliding-sliced"), "560 KB"); // 1,000 x 10 x 56 B
  assert.deepEqual(problems, []);
  await context.close();
});

test("windows are counted in whole numbers: a 1.8 s slide gives 6 overlapping windows, 6 per key", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/slide18.html");
  const row = await shadowText(page, "#calc", 'tr[data-type="sliding"] th .muted');
  assert.equal(row, "6 overlapping windows (10 s every 1.8 s)");
  assert.match(await shadowText(page, "#calc", 'tr[data-type="sliding"]'), /6 per key/);
  assert.doesNotMatch(await shadowText(page, "#calc", 'tr[data-type="sliding"]'), /5\.56 overlapping/);
  // The raw figure is 10 / 1.8 windows' worth of readings (the model's size / slide).
  assert.match(await shadowText(page, "#calc", 'tr[data-type="sliding"]'), /readings of 5\.56 windows/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("units=\"binary\" everywhere: memory=\"4GiB\" is 4 GiB in its input, the table and the bars", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/binary.html");
  const memory = page.locator("#calc").getByLabel("Instance memory", { exact: true });
  assert.equal(await memory.inputValue(), "4");
  assert.equal(await page.locator("#calc").locator('[data-field$="-memory"] .unit').textContent(), "GiB");
  // 10,000 x 100 msg/s x 1 KiB x 10 s = 10,240,000,000 B = 9.54 GiB per window.
  assert.equal(await out(page, "bytes-per-window"), "9.54 GiB");
  assert.match(await shadowText(page, "#calc", ".advice"), /instances? of 4 GiB needed/);
  assert.doesNotMatch(await shadowText(page, "#calc", ".results"), /4\.29/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("Weir's engine would hold: its own prediction per window type, changed by the trigger select (keyboard)", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/worked.html");
  const calc = page.locator("#calc");
  // Labelled as the engine's measured-state model, apart from the teaching figure.
  assert.match(await shadowText(page, "#calc", ".engine-section h4"), /^Weir's engine would hold$/);
  assert.match(await shadowText(page, "#calc", "table.engine caption"), /measured-state model, not the chapter's teaching figure/);
  // Tumbling 10 s, 10,000 keys at 100 Hz, no out-of-orderness: one 56 B slice
  // per key (560,000 B), the key map at 16,384 buckets x 161 B + 16 B less the
  // 10,000 slices it holds inline (2,077,840 B), two timer heaps of 16,384 x
  // (24 + 16) B (655,360 B): 3,293,200 B, no trigger state.
  assert.equal(await out(page, "tumbling-engine"), "3.29 MB");
  assert.equal(await out(page, "tumbling-engine-trigger"), "0 B");
  assert.equal(await page.evaluate(() => document.getElementById("calc").result.engine.tumbling.totalBytes), 3_293_200);
  // N means nothing until early count firings are chosen.
  const n = calc.getByLabel("N (events per early firing)", { exact: true });
  assert.equal(await n.isDisabled(), true);
  // Keyboard: the trigger select, one step down, is "early every N events" (N = 100).
  const trigger = calc.getByLabel("Trigger (when windows report)");
  await trigger.focus();
  await afterChange(page, "#calc", () => page.keyboard.press("ArrowDown"));
  assert.equal(await page.locator("#calc").getAttribute("trigger"), "early-count");
  assert.equal(await n.isDisabled(), false);
  // With the trigger layer the figure grows by its state: 3,487,184 B for this
  // design (predictEngineState in Node, the figure tests/api/v2-predict checks
  // against real engine runs), 6,780,384 B in all.
  assert.equal(await out(page, "tumbling-engine-trigger"), "3.49 MB");
  assert.equal(await out(page, "tumbling-engine"), "6.78 MB");
  assert.match(await shadowText(page, "#calc", ".engine-intro"), /Trigger: early every 100 events; accumulating\./);
  // Back to the default trigger, discarding: the trigger layer again.
  await afterChange(page, "#calc", () => page.keyboard.press("ArrowUp"));
  assert.equal(await out(page, "tumbling-engine"), "3.29 MB");
  const acc = calc.getByLabel("Accumulation (how refinements relate)");
  await acc.focus();
  await afterChange(page, "#calc", () => page.keyboard.press("ArrowDown"));
  assert.equal(await page.locator("#calc").getAttribute("accumulation"), "discarding");
  assert.equal(await out(page, "tumbling-engine-trigger"), "3.49 MB");
  // The chapter's figures are untouched by the engine's choices.
  assert.equal(await out(page, "sliding-raw"), "10 GB");
  assert.deepEqual(problems, []);
  await context.close();
});

test("accessible (axe-core: no serious or critical violations), light and dark; fits 360 px", { timeout: 60_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await open("/t/worked.html", { colorScheme, viewport: { width: 1280, height: 900 } });
    assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}`);
    if (colorScheme === "light") await screenshots(page, "memory-calculator");
    else await screenshots(page, "memory-calculator-dark");
    assert.deepEqual(problems, []);
    await context.close();
  }
});
