// presetRules(): each preset's rule line, what it does not emulate and what
// it sets, from the core. What `sets` says is checked against what an
// engine under that preset does (a page relies on it to decide which
// settings to give), and the lines against the core's documentation.
import { test } from "node:test";
import assert from "node:assert/strict";
import weir, { StreamEngine } from "./weir.mjs";

const rules = weir.presetRules();

test("every preset once, in the core's order, each with a one-sentence rule", () => {
  assert.deepEqual(rules.map((r) => r.name), ["flink", "flink-sql", "beam", "kafka-streams", "kafka-streams-final", "spark-append"]);
  for (const r of rules) {
    assert.deepEqual(Object.keys(r), ["name", "rule", "notEmulated", "sets"], r.name);
    assert.match(r.rule, /^[A-Z][^]*\.$/, r.name);
    assert.ok(!r.rule.slice(0, -1).includes(". "), `${r.name}: one sentence`);
    assert.equal(typeof r.notEmulated, "string");
  }
  assert.equal(rules[0].notEmulated, "");
  assert.match(rules[5].notEmulated, /micro-batch/);
  // A fresh array each call: a page may change its copy.
  const mine = weir.presetRules();
  mine[0].sets.mode = "final";
  assert.equal(weir.presetRules()[0].sets.mode, "watermark");
});

/** A one-window engine under `preset` with `extra`; the firings as [kind, count] and the outcomes. */
function run(preset, events, extra = {}) {
  const e = new StreamEngine({ preset, window: { type: "tumbling", size: 10_000 }, ...extra });
  const outcomes = events.map(([time, value]) => e.push({ key: 1, time, value }));
  const w = e.watermark;
  e.flush();
  const firings = e.drain().map((r) => [r.start, r.firing, r.count]);
  e.free();
  return { outcomes, firings, w };
}

test("what `sets` says is what an engine under the preset does; a setting given wins", () => {
  // The bound and lateness the presets fix, as SEMANTICS.md states them.
  assert.deepEqual(rules.map((r) => [r.sets.maxOutOfOrderness, r.sets.allowedLateness]),
    [[undefined, undefined], [undefined, 0], [undefined, undefined], [0, undefined], [0, undefined], [undefined, 0]]);
  for (const r of rules) {
    const { sets } = r;
    // A bound given wins over the preset's (Flink SQL reads it as its INTERVAL: d - 1).
    const bounded = run(r.name, [[1000, 1], [4000, 1]], { watermark: { maxOutOfOrderness: 3000 } });
    assert.equal(bounded.w, r.name === "flink-sql" ? 1001 : 1000, `${r.name}: a bound given wins`);
    // The lateness: a late reading 1 s after its window closed; a lateness of 5 s given explicitly accepts it.
    const late = [[1000, 1], [11_000, 1], [2000, 1]];
    const given = run(r.name, late, { watermark: { maxOutOfOrderness: 1 }, allowedLateness: 5000 });
    assert.equal(given.outcomes[2], "late-accepted", `${r.name}: a lateness given wins`);
    // The mode and accumulation: the firings of [0, 10 s) with a late reading accepted.
    const kinds = given.firings.filter(([start]) => start === 0);
    const mode = sets.mode ?? "watermark", acc = sets.accumulation ?? "accumulating";
    const want = mode === "final" ? [[0, "final", 2]]
      : mode === "every-event" ? [[0, "early", 1], [0, "late", acc === "discarding" ? 1 : 2]]
        : [[0, "on-time", 1], [0, "late", acc === "discarding" ? 1 : 2]];
    assert.deepEqual(kinds, want, `${r.name}: mode ${mode}, ${acc}`);
  }
});
