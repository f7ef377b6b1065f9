// <weir-batch-vs-stream> and the chapter's own figures (issue 16 part 4), in
// Chromium: the application-domain latency table as marks on the latency
// scale with which requirements each answer meets, the throughput/cost
// trade-off, and the engine's measured cost worded as the chapter words
// "hard real-time" (a guaranteed maximum, which a measurement is not); axe at
// 1280 and 360 px, light and dark. Expected values written here by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, pageWith, screenshots, widgetSuite } from "./widget-helpers.mjs";

const pages = {
  "/b/default.html": pageWith('<weir-batch-vs-stream id="w"></weir-batch-vs-stream>'),
  "/b/hourly.html": pageWith('<weir-batch-vs-stream id="w" schedule="1h" window="10s"></weir-batch-vs-stream>'),
};

const { open } = widgetSuite({ pages, id: "w", timeout: 30_000 });

const result = (page) => page.evaluate(() => document.getElementById("w").result);

// The chapter's table: domain, requirement in ms.
const DOMAINS = [["vehicles", 10], ["safety", 100], ["grid", 1000], ["fraud", 5000], ["health", 10_000], ["maintenance", 60_000]];

test("application domains: six requirement marks on the latency scale; the stream answer (41.6 s) meets only predictive maintenance, the nightly batch none", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/b/default.html");
  const w = page.locator("#w");
  const r = await result(page);
  assert.deepEqual(r.domains.map((d) => [d.id, d.maxMs, d.stream, d.batch]), [
    ["vehicles", 10, false, false], ["safety", 100, false, false], ["grid", 1000, false, false],
    ["fraud", 5000, false, false], ["health", 10_000, false, false], ["maintenance", 60_000, true, false]]);
  // The marks: in the chapter's order, left to right on the log scale, numbered 1 to 6.
  const marks = await w.locator("svg.classes g.domain").evaluateAll((gs) => gs.map((g) => [g.dataset.domain, Number(g.dataset.ms),
    g.querySelector("path").getBBox().x, g.querySelector("text").textContent]));
  assert.deepEqual(marks.map(([id, ms, , n]) => [id, ms, n]), DOMAINS.map(([id, ms], i) => [id, ms, String(i + 1)]));
  for (let i = 1; i < marks.length; i++) assert.ok(marks[i][2] > marks[i - 1][2], `mark ${i + 1} right of mark ${i}`);
  // The table says the same in words.
  const rows = await w.locator("table.domains tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(rows, [
    ["1", "Autonomous vehicles", "< 10 ms", "misses it", "misses it"],
    ["2", "Industrial safety systems", "< 100 ms", "misses it", "misses it"],
    ["3", "Smart grid load balancing", "< 1 s", "misses it", "misses it"],
    ["4", "Financial fraud detection", "< 5 s", "misses it", "misses it"],
    ["5", "Healthcare monitoring", "< 10 s", "misses it", "misses it"],
    ["6", "Predictive maintenance", "< 1 min", "meets it", "misses it"],
  ]);
  assert.deepEqual(await w.locator("table.domains thead th").allTextContents(), ["", "application domain", "required latency", "stream (41.6 s)", "batch (9 h 44 min)"]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("trade-off: the chapter's throughput and cost figures, and the rates measured on this page", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/b/hourly.html");
  const w = page.locator("#w");
  const rows = await w.locator("table.trade-off tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(rows.slice(0, 4).map((r) => r[0]), ["Latency", "Throughput", "Resource cost", "Complexity"]);
  assert.match(rows[1][1], /1M\+ events\/second during the batch window/);
  assert.match(rows[1][2], /100K–10M\+ events\/second sustained/);
  assert.match(rows[2][1], /~\$0\.05\/GB processed/);
  assert.match(rows[2][2], /~\$500–2,000\/month base/);
  // Measured here: the whole day's pushes over its elapsed time, and the job that found the spike over its run time.
  const r = await result(page);
  const rate = (events, ms) => `${Math.round(events / (ms / 1000)).toLocaleString("en")} events/s`;
  assert.equal(await w.locator('output[data-out="stream-rate"]').textContent(), rate(r.stream.events, r.stream.elapsedMs));
  assert.equal(await w.locator('output[data-out="batch-rate"]').textContent(), rate(r.batch.jobEvents, r.batch.runtimeMs));
  assert.deepEqual(problems, []);
  await context.close();
});

test("fidelity: the engine's cost is the measured mean and the slowest batch, never called hard real-time", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open("/b/default.html");
  const w = page.locator("#w");
  const r = await result(page);
  const card = (await w.locator(".card.stream").textContent()).replace(/\s+/g, " ");
  assert.match(card, /the slowest batch of 1,000 events took /);
  assert.match(card, /A measurement, not a guarantee: hard real-time means a guaranteed maximum latency \(deterministic, as in PLC control\), which a browser cannot promise\./);
  assert.doesNotMatch(card, /\): hard real-time\./);
  assert.equal("perEventClass" in r.stream, false);
  // The latency-scale mark is the slowest batch, labelled as such.
  const label = await w.locator("svg.classes g.mark.engine text").textContent();
  assert.match(label, /^engine, slowest 1,000 events: /);
  assert.ok(r.stream.worstBatchMs > 0 && r.stream.worstBatchMs <= r.stream.elapsedMs);
  assert.deepEqual(problems, []);
  await context.close();
});

test("axe-core finds no serious or critical violation at 1280 and 360 px, light and dark; screenshots", { timeout: 240_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await open("/b/default.html", { colorScheme, viewport: { width: 1280, height: 900 } });
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      assert.deepEqual(await axeViolations(page), [], `axe, ${colorScheme}, ${width} px`);
    }
    await screenshots(page, `batch-vs-stream-${colorScheme}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
