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
    "watermark-price", "watermark-example", "semantics", "tumbling-demo", "window-advisor", "try-it", "memory", "factory", "label-diagram"]);
  // The table of contents lists every section, the factory included, in the same order.
  const toc = await page.evaluate(() => [...document.querySelectorAll("nav .toc a[href^='#']")].map((a) => a.getAttribute("href").slice(1)));
  assert.deepEqual(toc, order);
  // The page's quiz: the chapter bank and four engine questions with the chapter's numbers.
  const r = await page.evaluate(() => document.querySelector("weir-quiz").result);
  assert.equal(r.total, 18 + 4);
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
