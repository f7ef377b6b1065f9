// <weir-label-diagram> in Chromium: both built-in diagrams labelled by
// keyboard (pick a label, then a blank), with the select of each blank, by
// mouse drag and by touch drag; Check marks right and wrong, Reset empties;
// `result`, `change` and `weir-score`; axe-core, light and dark, 1280 and
// 360 px; the screenshot in tests/artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { ARTIFACTS } from "./helpers.mjs";
import { axeViolations, pageWith, screenshots, widgetSuite } from "./widget-helpers.mjs";

// Written to tests/artifacts/ (git-ignored); docs/ holds a copy made by hand.
const DOCS = ARTIFACTS;

// Which label belongs on which blank, from the chapter's figures (written
// here, not read from the widget). Blanks in the order the widget numbers them.
const PIPELINE = [
  ["b-sources", "Sensors"], ["b-log", "Ingestion"], ["b-lag", "Consumer lag"], ["b-windows", "Windowing"],
  ["b-wm", "Watermark"], ["b-store", "Checkpoint"], ["b-out", "Output"], ["b-back", "Backpressure"],
];
const EVENT_TIME = [
  ["b-top", "Event time"], ["b-bottom", "Processing time"], ["b-line", "Network delay"], ["b-bracket", "Window"],
  ["b-dashed", "Watermark"], ["b-hollow", "Late event"], ["b-tray", "Side output"],
];

const suite = widgetSuite({
  pages: {
    "/t/pipeline.html": pageWith(`<weir-label-diagram id="d"></weir-label-diagram>`),
    "/t/event-time.html": pageWith(`<weir-label-diagram id="d" diagram="event-time"></weir-label-diagram>`),
    "/t/bad.html": pageWith(`<weir-label-diagram id="d" diagram="lambda"></weir-label-diagram>`),
  },
  id: "d",
});

async function open(path, options) {
  const g = await suite.open(path, options);
  await g.page.evaluate(() => {
    const d = document.getElementById("d");
    window.changes = 0;
    window.scores = [];
    d.addEventListener("change", (e) => { if (e.target === d) window.changes++; });
    document.addEventListener("weir-score", (e) => window.scores.push(e.detail));
  });
  return g;
}

const result = (page) => page.evaluate(() => JSON.parse(JSON.stringify(document.getElementById("d").result)));
const blank = (page, id) => page.locator("#d").locator(`g.blank[data-blank="${id}"]`);
const chip = (page, text) => page.locator("#d").locator(".tray-box").getByRole("button", { name: text, exact: true });
const focused = (page) => page.evaluate(() => {
  const a = document.getElementById("d").shadowRoot.activeElement;
  return a?.dataset.blank ?? a?.textContent ?? null;
});

/** Tabs forward from the current focus until `pred(focusName)` holds (at most 40 presses). */
async function tabTo(page, pred) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    if (pred(await focused(page))) return;
  }
  throw new Error("never reached by Tab");
}

test("keyboard only: pick a label, then a blank; a wrong label; Check marks it; fix it; Reset", { timeout: 90_000 }, async () => {
  const { page, context, problems } = await open("/t/pipeline.html");
  assert.deepEqual(await result(page), {
    diagram: "pipeline", placed: 0, correct: 0, total: 8, checked: false,
    placements: Object.fromEntries(PIPELINE.map(([b]) => [b, null])),
  });
  // Eight labels in the tray, eight blanks on the figure, each blank a named button.
  assert.equal(await page.locator("#d").locator(".chip:not([hidden])").count(), 8);
  assert.equal(await page.locator("#d").locator("g.blank[role=button]").count(), 8);
  assert.match(await blank(page, "b-back").getAttribute("aria-label"), /^Blank 8, on the arrow from the processing stage back to the log: empty$/);
  const live = page.locator("#d").locator("[aria-live]");
  // Swap the first two on purpose: Ingestion on the sources' blank.
  const plan = PIPELINE.map(([b, l]) => [b, l]);
  plan[0][1] = "Ingestion";
  plan[1][1] = "Sensors";
  await page.locator("h1").click();
  // Escape drops a picked label.
  await tabTo(page, (f) => f === "Output");
  await page.keyboard.press("Enter");
  assert.equal(await chip(page, "Output").getAttribute("aria-pressed"), "true");
  await page.keyboard.press("Escape");
  assert.equal(await chip(page, "Output").getAttribute("aria-pressed"), "false");
  assert.equal(await live.textContent(), "Nothing picked.");
  await page.locator("h1").click();
  for (const [b, label] of plan) {
    await tabTo(page, (f) => f === label);
    await page.keyboard.press("Enter");
    assert.equal(await chip(page, label).getAttribute("aria-pressed"), "true");
    assert.equal(await live.textContent(), `Picked "${label}". Now press a blank.`);
    await tabTo(page, (f) => f === b);
    await page.keyboard.press(label === "Sensors" ? " " : "Enter");
    assert.equal(await blank(page, b).locator(".txt").textContent(), label);
    assert.match(await live.textContent(), /placed on blank \d\.$/);
  }
  let r = await result(page);
  assert.deepEqual([r.placed, r.correct, r.total, r.checked], [8, 6, 8, false]);
  assert.ok(await page.locator("#d").locator(".tray-box").getByText("Every label is placed.").isVisible());
  // Focus went to Check once the tray was empty.
  assert.equal(await focused(page), "Check");
  await page.keyboard.press("Enter");
  r = await result(page);
  assert.deepEqual([r.placed, r.correct, r.checked], [8, 6, true]);
  assert.equal(await live.textContent(), "6 of 8 right. Wrong: blank 1, 2.");
  assert.equal(await blank(page, "b-sources").getAttribute("data-mark"), "wrong");
  assert.equal(await blank(page, "b-log").getAttribute("data-mark"), "wrong");
  assert.equal(await blank(page, "b-wm").getAttribute("data-mark"), "right");
  assert.match(await blank(page, "b-sources").getAttribute("aria-label"), /: "Ingestion", wrong$/);
  assert.equal(await blank(page, "b-wm").locator(".txt").textContent(), "Watermark");
  assert.equal(await blank(page, "b-wm").locator(".mk").textContent(), "✓");
  assert.equal(await blank(page, "b-log").locator(".mk").textContent(), "✗");
  assert.equal(await page.locator("#d").locator(".summary").textContent(), "6 of 8 right.");
  // Fix it by keyboard: pressing a filled blank with nothing picked puts its label back.
  await blank(page, "b-sources").focus();
  await page.keyboard.press("Enter");
  assert.equal((await result(page)).placements["b-sources"], null);
  assert.equal(await live.textContent(), '"Ingestion" back in the tray.');
  await tabTo(page, (f) => f === "Ingestion");
  await page.keyboard.press("Enter");
  await blank(page, "b-log").focus(); // moving a label takes it off its old blank
  await page.keyboard.press("Enter");
  r = await result(page);
  assert.equal(r.placements["b-log"], "ingestion");
  await tabTo(page, (f) => f === "Sensors");
  await page.keyboard.press("Enter");
  await blank(page, "b-sources").focus();
  await page.keyboard.press("Enter");
  await page.locator("#d").getByRole("button", { name: "Check", exact: true }).focus();
  await page.keyboard.press("Enter");
  r = await result(page);
  assert.deepEqual([r.placed, r.correct, r.checked], [8, 8, true]);
  assert.equal(await live.textContent(), "8 of 8 right.");
  const events = await page.evaluate(() => ({ changes: window.changes, scores: window.scores }));
  assert.deepEqual(events.scores, [
    { score: { raw: 6, min: 0, max: 8, scaled: 0.75 }, success: false, completion: true },
    { score: { raw: 8, min: 0, max: 8, scaled: 1 }, success: true, completion: true },
  ]);
  assert.ok(events.changes >= 8 + 2, "a change for every placement and every check");
  // Reset empties every blank.
  await page.locator("#d").getByRole("button", { name: "Reset", exact: true }).click();
  r = await result(page);
  assert.deepEqual([r.placed, r.correct, r.checked], [0, 0, false]);
  assert.equal(await page.locator("#d").locator(".chip:not([hidden])").count(), 8);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the result stores label ids; placements are checked against the chapter's figure", { timeout: 60_000 }, async () => {
  // (The keyboard test above read placements by label id for b-log; this pins the ids of all.)
  const { page, context, problems } = await open("/t/pipeline.html");
  for (const [b, label] of PIPELINE) {
    await chip(page, label).click();
    await blank(page, b).click();
  }
  const r = await result(page);
  assert.deepEqual(r.placements, {
    "b-sources": "sensors", "b-log": "ingestion", "b-lag": "lag", "b-windows": "windowing",
    "b-wm": "watermark", "b-store": "checkpoint", "b-out": "output", "b-back": "backpressure",
  });
  assert.equal(r.correct, 8);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a select per blank: the event-time diagram labelled from the lists alone", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/event-time.html");
  const d = page.locator("#d");
  await d.locator("details summary").click();
  // Each select is labelled by its blank's number and place.
  assert.match(await d.getByLabel("Blank 6: next to the hollow dot measured at 14:00:05 that arrives at 14:00:27").evaluate((e) => e.localName), /select/);
  // One wrong (Window on the watermark's line), then the rest right.
  for (const [i, [b, label]] of EVENT_TIME.entries()) {
    if (b === "b-dashed") assert.equal((await result(page)).placements["b-bracket"], "window", `before blank ${i + 1}`);
    await d.locator(`select[data-blank="${b}"]`).selectOption({ label: b === "b-dashed" ? "Window" : label });
  }
  let r = await result(page);
  // Choosing Window for b-dashed moved it off b-bracket.
  assert.equal(r.placements["b-bracket"], null);
  assert.equal(r.placements["b-dashed"], "window");
  assert.deepEqual([r.placed, r.correct, r.total], [6, 5, 7]);
  await d.getByRole("button", { name: "Check", exact: true }).click();
  assert.equal(await d.locator('[data-mark-for="b-dashed"]').textContent(), "✗ wrong");
  assert.equal(await d.locator('[data-mark-for="b-top"]').textContent(), "✓ right");
  assert.equal(await d.locator("[aria-live]").textContent(), "5 of 7 right. Wrong: blank 5. Empty: blank 4.");
  await d.locator('select[data-blank="b-dashed"]').selectOption({ label: "Watermark" });
  await d.locator('select[data-blank="b-bracket"]').selectOption({ label: "Window" });
  // Changing a placement clears the marks until the next Check.
  assert.equal(await d.locator('[data-mark-for="b-top"]').textContent(), "");
  await d.getByRole("button", { name: "Check", exact: true }).click();
  r = await result(page);
  assert.deepEqual([r.placed, r.correct, r.total, r.checked], [7, 7, 7, true]);
  assert.deepEqual(await page.evaluate(() => window.scores.at(-1)), { score: { raw: 7, min: 0, max: 7, scaled: 1 }, success: true, completion: true });
  // The selects follow placements made elsewhere: "(empty)" after a reset.
  await d.getByRole("button", { name: "Reset", exact: true }).click();
  assert.equal(await d.locator('select[data-blank="b-top"]').inputValue(), "");
  assert.deepEqual(problems, []);
  await context.close();
});

/** The centre of `loc` in page coordinates. */
async function centre(loc) {
  const b = await loc.boundingBox();
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

test("drag by mouse: chips onto blanks, a placed label onto another blank and back to the tray", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/event-time.html");
  const drag = async (from, to) => {
    const a = await centre(from);
    const b = await centre(to);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
    await page.mouse.move(b.x, b.y, { steps: 4 });
    await page.mouse.up();
  };
  for (const [b, label] of EVENT_TIME) await drag(chip(page, label), blank(page, b));
  let r = await result(page);
  assert.deepEqual([r.placed, r.correct], [7, 7]);
  // A drag is not a click: no label was left picked.
  assert.equal(await page.locator("#d").locator(".chip[aria-pressed=true]").count(), 0);
  // Drag a placed label to another blank: it moves (Side output onto the late dot's blank).
  await drag(blank(page, "b-tray"), blank(page, "b-hollow"));
  r = await result(page);
  assert.equal(r.placements["b-hollow"], "side");
  assert.equal(r.placements["b-tray"], null);
  assert.equal(r.correct, 5, "Late event went back to the tray, Side output is on the wrong blank");
  // Drag it back to the tray.
  await drag(blank(page, "b-hollow"), page.locator("#d").locator(".tray-box"));
  r = await result(page);
  assert.equal(r.placements["b-hollow"], null);
  assert.equal(await page.locator("#d").locator(".chip:not([hidden])").count(), 2);
  assert.deepEqual(problems, []);
  await context.close();
});

test("drag by touch: pointer events from a touch screen place a label", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/t/pipeline.html", { viewport: { width: 900, height: 900 }, hasTouch: true, isMobile: true });
  const cdp = await context.newCDPSession(page);
  const touch = (type, p) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: p ? [{ x: p.x, y: p.y }] : [] });
  await blank(page, "b-store").scrollIntoViewIfNeeded();
  const to = await centre(blank(page, "b-store"));
  const from = await centre(chip(page, "Checkpoint"));
  await touch("touchStart", from);
  for (let i = 1; i <= 6; i++) await touch("touchMove", { x: from.x + (to.x - from.x) * i / 6, y: from.y + (to.y - from.y) * i / 6 });
  await touch("touchEnd");
  await page.waitForFunction(() => document.getElementById("d").result.placed === 1);
  const r = await result(page);
  assert.equal(r.placements["b-store"], "checkpoint");
  assert.deepEqual(problems, []);
  await context.close();
});

test("an unknown diagram is an error naming the attribute and the value", { timeout: 30_000 }, async () => {
  const { page, context } = await open("/t/bad.html");
  assert.equal(await page.evaluate(() => document.getElementById("d").dataset.state), "error");
  assert.equal(await page.locator("#d").locator(".error").textContent(), 'diagram "lambda": expected pipeline or event-time');
  await context.close();
});

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no serious or critical violations (${scheme}), at 1280 and 360 px, both diagrams, checked`, { timeout: 90_000 }, async () => {
    for (const [path, plan] of [["/t/pipeline.html", PIPELINE], ["/t/event-time.html", EVENT_TIME]]) {
      const { page, context, problems } = await open(path, { colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      assert.deepEqual(await axeViolations(page), []);
      // Half placed (one wrong), then checked: the marks must be readable too.
      await chip(page, plan[1][1]).click();
      await blank(page, plan[0][0]).click();
      for (const [b, label] of plan.slice(2, 5)) {
        await chip(page, label).click();
        await blank(page, b).click();
      }
      await page.locator("#d").getByRole("button", { name: "Check", exact: true }).click();
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 900 });
        assert.deepEqual(await axeViolations(page), [], `${path} at ${width} px`);
      }
      await screenshots(page, `label-${path.slice(3, -5)}-${scheme}`);
      if (scheme === "light" && path === "/t/pipeline.html") {
        await page.setViewportSize({ width: 960, height: 900 });
        mkdirSync(DOCS, { recursive: true });
        await page.locator("#d").screenshot({ path: `${DOCS}widget-label-diagram.png` });
      }
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
}
