// What a careless or hostile page can hand the engine (issue 15): throwing
// getters, Proxies, revoked Proxies, fake and lying typed arrays, detached
// buffers, huge inputs, unbounded outputs. Each case must end in a named
// Weir error (or a normal result), never a wasm trap, and leave the engine
// and the module working, with everything accepted before still there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamEngine, brief, tumbling } from "./weir.mjs";

/** The error `fn` throws, checked to be a Weir error of `name` for `field`. */
function weirError(fn, name, field, ...needles) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof Error, `expected an Error, got ${String(thrown)}`);
  assert.ok(!(thrown instanceof WebAssembly.RuntimeError), `a wasm trap: ${thrown.message}`);
  assert.equal(thrown.name, name, thrown.message);
  assert.equal(thrown.field, field, thrown.message);
  assert.equal(typeof thrown.value, "string");
  assert.match(thrown.stack, /\n\s+at /, "a stack");
  for (const n of needles) assert.ok(thrown.message.includes(n), `${JSON.stringify(thrown.message)} lacks ${JSON.stringify(n)}`);
  return thrown;
}

/** The engine still takes events and its earlier data is intact. */
function stillWorks(e, expected) {
  assert.equal(e.push({ key: 1, time: 5, value: 2 }), "assigned");
  const copy = StreamEngine.restore(e.snapshot());
  e.flush();
  assert.deepEqual(brief(e.drain()), expected);
  copy.flush();
  assert.deepEqual(brief(copy.drain()), expected, "the snapshot taken after the errors holds the same");
  copy.free();
  e.free();
}

test("errors carry a kind, the field and the value", () => {
  const c = weirError(() => new StreamEngine({ window: { type: "tumbling", size: 0 } }), "WeirConfigError", "window.size", "window.size = 0");
  assert.equal(c.value, "0");
  const e = tumbling(10, 0, { limits: { maxKeys: 1 } });
  const ev = weirError(() => e.push({ key: 1, time: 1, value: NaN }), "WeirEventError", "value", "value = NaN");
  assert.equal(ev.value, "NaN");
  e.push({ key: 1, time: 1, value: 1 });
  const l = weirError(() => e.push({ key: 2, time: 2, value: 1 }), "WeirLimitError", "limits.maxKeys", "maxKeys = 1");
  assert.equal(l.value, "1");
  const s = weirError(() => StreamEngine.restore(new Uint8Array(3)), "WeirSnapshotError", "bytes", "invalid snapshot");
  assert.equal(s.value, "Uint8Array(3)");
  // Batch errors name the column and row, and say how many rows went in.
  const b = weirError(() => e.pushBatch(Uint32Array.of(1, 1), Float64Array.of(1, 2), Float64Array.of(1, Infinity)),
    "WeirEventError", "values[1]", "values[1] = Infinity", "no row was accepted");
  assert.deepEqual([b.value, b.row, b.accepted], ["Infinity", 1, 0]);
  const m = weirError(() => e.pushBatch(Uint32Array.of(1, 7), Float64Array.of(1, 2), Float64Array.of(1, 1)),
    "WeirLimitError", "limits.maxKeys", "row 1", "rows 0..1 were accepted");
  assert.deepEqual([m.row, m.accepted], [1, 1]);
  weirError(() => e.pushBatch(Uint32Array.of(1), Float64Array.of(1.5), Float64Array.of(1)), "WeirEventError", "times[0]");
});

test("a getter that throws during push is a WeirEventError naming the field; the engine lives on", () => {
  const e = tumbling(10, 0);
  e.push({ key: 1, time: 1, value: 1 });
  for (let i = 0; i < 20_000; i++) {
    const bad = { key: 1, time: 1, get value() { throw new Error("boom"); } };
    const err = weirError(() => e.push(bad), "WeirEventError", "value", "reading it threw", "boom");
    assert.equal(err.value, "");
  }
  // A getter throwing a non-Error, and one whose message getter throws too.
  weirError(() => e.push({ get key() { throw 42; }, time: 1, value: 1 }), "WeirEventError", "key", "42");
  const nasty = { get message() { throw new Error("again"); } };
  weirError(() => e.push({ key: 1, get time() { throw nasty; }, value: 1 }), "WeirEventError", "time");
  // A getter that calls the engine back is refused by the borrow check,
  // inside the getter, and the outer push reports it.
  weirError(() => e.push({ key: 1, time: 2, get value() { return e.push({ key: 1, time: 3, value: 1 }); } }),
    "WeirEventError", "value", "reading it threw");
  stillWorks(e, [[1, 0, 10, 2, 3, 1, 2, "on-time"]]);
});

test("Proxies and revoked Proxies as configs and events are errors, thousands of times over", () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  for (let i = 0; i < 3_000; i++) {
    weirError(() => new StreamEngine(proxy), "WeirConfigError", "config", "revoked");
  }
  const throwing = new Proxy({ window: { type: "tumbling", size: 10 } }, { ownKeys() { throw new Error("no keys"); } });
  weirError(() => new StreamEngine(throwing), "WeirConfigError", "config", "no keys");
  const e = tumbling(10, 0);
  e.push({ key: 1, time: 1, value: 1 });
  for (let i = 0; i < 3_000; i++) weirError(() => e.push(proxy), "WeirEventError", "event");
  const trap = new Proxy({ key: 1, time: 1, value: 1 }, { get() { throw new Error("trap"); } });
  weirError(() => e.push(trap), "WeirEventError", "key", "trap");
  // A well-behaved Proxy is just an object.
  assert.equal(e.push(new Proxy({ key: 1, time: 2, value: 1 }, {})), "assigned");
  // A config whose window is a revoked Proxy names window.
  weirError(() => new StreamEngine({ window: proxy }), "WeirConfigError", "window");
  stillWorks(e, [[1, 0, 10, 3, 4, 1, 2, "on-time"]]);
});

test("inherited and symbol-keyed event fields are errors like unknown fields", () => {
  const e = tumbling(10, 0);
  weirError(() => e.push(Object.create({ key: 1, time: 1, value: 1 })), "WeirEventError", "key", "inherited");
  weirError(() => e.push(Object.assign(Object.create({ value: 1 }), { key: 1, time: 1 })), "WeirEventError", "value", "inherited");
  weirError(() => e.push(Object.assign(Object.create({ arrival: 5 }), { key: 1, time: 1, value: 1 })), "WeirEventError", "arrival", "inherited");
  weirError(() => e.push({ key: 1, time: 1, value: 1, [Symbol("tag")]: 1 }), "WeirEventError", "Symbol(tag)", "unknown field");
  const hidden = { key: 1, time: 1, value: 1 };
  Object.defineProperty(hidden, "extra", { value: 5, enumerable: false });
  weirError(() => e.push(hidden), "WeirEventError", "extra", "unknown field");
  weirError(() => new StreamEngine(Object.create({ window: { type: "tumbling", size: 10 } })), "WeirConfigError", "window", "inherited");
  assert.equal(e.stats().eventsIn, 0);
});

test("pushBatch reads the typed arrays' real lengths: lying, fake and Proxy arrays", () => {
  const e = tumbling(10, 0);
  const k = Uint32Array.of(1, 1), t = Float64Array.of(1, 2), v = Float64Array.of(1, 2);
  for (const lie of [5, -1, 1e9]) {
    for (const a of [k, t, v]) Object.defineProperty(a, "length", { value: lie, configurable: true });
    assert.equal(e.pushBatch(k, t, v), 2, `length ${lie} is a lie: 2 rows`);
  }
  assert.equal(e.stats().eventsIn, 6, "no phantom rows");
  for (let i = 0; i < 5_000; i++) {
    weirError(() => e.pushBatch(Object.create(Uint32Array.prototype), t, v), "WeirEventError", "keys", "Uint32Array");
  }
  weirError(() => e.pushBatch(new Proxy(Uint32Array.of(1, 1), {}), t, v), "WeirEventError", "keys", "Uint32Array");
  const { proxy, revoke } = Proxy.revocable(Float64Array.of(1, 2), {});
  revoke();
  weirError(() => e.pushBatch(k, proxy, v), "WeirEventError", "times", "Float64Array");
  weirError(() => e.pushBatch(k, t, v, proxy), "WeirEventError", "arrivals", "Float64Array");
  // A detached column has length 0, which then differs from the keys'.
  const gone = Float64Array.of(1, 2);
  structuredClone(gone.buffer, { transfer: [gone.buffer] });
  weirError(() => e.pushBatch(k, t, gone), "WeirEventError", "values.length", "values.length = 0");
  // 3 batches of values 1 and 2, then stillWorks' 2: 7 events, sum 11.
  stillWorks(e, [[1, 0, 10, 7, 11, 1, 2, "on-time"]]);
});

test("pushBatch takes at most 1,048,576 rows, and refuses more before copying", () => {
  const e = tumbling(10, 0);
  const n = 2 ** 20 + 1;
  const err = weirError(() => e.pushBatch(new Uint32Array(n), new Float64Array(n), new Float64Array(n)),
    "WeirLimitError", "keys.length", "at most 1048576 rows", "no row was accepted");
  assert.equal(err.value, String(n));
  assert.equal(e.stats().eventsIn, 0);
  assert.equal(e.pushBatch(new Uint32Array(n - 1), new Float64Array(n - 1), new Float64Array(n - 1)), n - 1);
});

test("restore checks the magic and the declared length before copying, and caps the size", () => {
  const e = tumbling(10, 0);
  e.push({ key: 1, time: 1, value: 1 });
  const good = e.snapshot();
  // 64 MiB of zeros: refused by its first bytes.
  weirError(() => StreamEngine.restore(new Uint8Array(64 << 20)), "WeirSnapshotError", "bytes", "invalid snapshot");
  // A real header on more bytes than it declares.
  const longer = new Uint8Array(good.length + 100);
  longer.set(good);
  weirError(() => StreamEngine.restore(longer), "WeirSnapshotError", "bytes", `declares ${good.length} bytes`, `${good.length + 100} were given`);
  // A header declaring what is given, over 512 MiB: refused without a copy
  // (the pages of the zeroed buffer are never touched).
  const huge = new Uint8Array(2 ** 29 + 1);
  huge.set(good.subarray(0, 6));
  new DataView(huge.buffer).setBigUint64(6, BigInt(huge.length), true);
  weirError(() => StreamEngine.restore(huge), "WeirLimitError", "bytes.length", "at most 536870912 bytes");
  // Proxies, revoked Proxies, detached and fake arrays.
  const { proxy, revoke } = Proxy.revocable(good, {});
  weirError(() => StreamEngine.restore(new Proxy(good, {})), "WeirSnapshotError", "bytes", "Uint8Array");
  revoke();
  for (let i = 0; i < 2_000; i++) weirError(() => StreamEngine.restore(proxy), "WeirSnapshotError", "bytes", "Uint8Array");
  const gone = good.slice();
  structuredClone(gone.buffer, { transfer: [gone.buffer] });
  weirError(() => StreamEngine.restore(gone), "WeirSnapshotError", "bytes", "invalid snapshot");
  weirError(() => StreamEngine.restore(Object.create(Uint8Array.prototype)), "WeirSnapshotError", "bytes");
  const lying = good.slice();
  Object.defineProperty(lying, "length", { value: 3 });
  assert.equal(StreamEngine.restore(lying).stats().eventsIn, 1, "the real length is read");
  stillWorks(e, [[1, 0, 10, 2, 3, 1, 2, "on-time"]]);
});

test("limits on pending results, pending side output and query rows; drain and go on", () => {
  const r = tumbling(10, 0, { limits: { maxPendingResults: 2 } });
  for (const t of [1, 11, 21]) r.push({ key: 1, time: t, value: 1 });
  weirError(() => r.push({ key: 1, time: 31, value: 1 }), "WeirLimitError", "limits.maxPendingResults", "maxPendingResults = 2");
  assert.equal(r.drain().length, 2);
  assert.equal(r.push({ key: 1, time: 31, value: 1 }), "assigned");

  const l = tumbling(10, 0, { limits: { maxPendingLate: 1 } });
  l.push({ key: 1, time: 100, value: 1 });
  assert.equal(l.push({ key: 1, time: 1, value: 1 }), "side-output");
  weirError(() => l.push({ key: 1, time: 2, value: 1 }), "WeirLimitError", "limits.maxPendingLate");
  assert.equal(l.drainLate().length, 1);
  assert.equal(l.push({ key: 1, time: 2, value: 1 }), "side-output");

  // Sliding 1 s / 10 ms: 100 windows per event; 3 keys hold 300 rows.
  const q = new StreamEngine({ window: { type: "sliding", size: 1_000, slide: 10 }, limits: { maxQueryResults: 250 } });
  for (let k = 0; k < 3; k++) q.push({ key: k, time: 5, value: 1 });
  weirError(() => q.openWindows(), "WeirLimitError", "limits.maxQueryResults", "would return 300 rows");
  assert.equal(q.windowsFor(5).length, 100);
  const few = new StreamEngine({ window: { type: "sliding", size: 1_000, slide: 10 }, limits: { maxQueryResults: 99 } });
  weirError(() => few.windowsFor(5), "WeirLimitError", "limits.maxQueryResults");
  q.flush();
  assert.equal(q.drain().length, 300, "everything accepted is still there");
  // The defaults: 100,000 rows per query. Sliding 5 s / 1 ms (5,000 slices
  // per window, the most a design may have): 5,000 windows per key.
  const d = new StreamEngine({ window: { type: "sliding", size: 5_000, slide: 1 } });
  for (let k = 0; k < 21; k++) d.push({ key: k, time: 0, value: 1 });
  weirError(() => d.openWindows(), "WeirLimitError", "limits.maxQueryResults", "maxQueryResults = 100000");
});

test("limits.maxOpenWindows is the deprecated name of maxStateEntries", () => {
  const m = new StreamEngine({ window: { type: "session", gap: 10 }, watermark: { maxOutOfOrderness: 1_000 }, limits: { maxOpenWindows: 2 } });
  m.push({ key: 1, time: 0, value: 1 });
  m.push({ key: 1, time: 100, value: 1 });
  weirError(() => m.push({ key: 2, time: 50, value: 1 }), "WeirLimitError", "limits.maxStateEntries", "maxStateEntries = 2");
  const n = new StreamEngine({ window: { type: "session", gap: 10 }, limits: { maxStateEntries: 1 } });
  n.push({ key: 1, time: 0, value: 1 });
  weirError(() => n.push({ key: 2, time: 0, value: 1 }), "WeirLimitError", "limits.maxStateEntries");
  weirError(() => new StreamEngine({ window: { type: "session", gap: 10 }, limits: { maxOpenWindows: 1, maxStateEntries: 1 } }),
    "WeirConfigError", "limits.maxOpenWindows", "old name");
  for (const f of ["maxStateEntries", "maxPendingResults", "maxPendingLate", "maxQueryResults"]) {
    weirError(() => new StreamEngine({ window: { type: "session", gap: 10 }, limits: { [f]: 0 } }), "WeirConfigError", `limits.${f}`, "at least 1");
  }
});

test("times whose windows leave +/-2^53 are refused, as JavaScript could not show their bounds", () => {
  const e = tumbling(10, 0);
  // [2^53 - 2, 2^53 + 8): its end is not a safe integer.
  weirError(() => e.push({ key: 1, time: 2 ** 53 - 1, value: 1 }), "WeirEventError", "time", "outside +/-2^53");
  weirError(() => e.push({ key: 1, time: -(2 ** 53), value: 1 }), "WeirEventError", "time", "outside +/-2^53");
  weirError(() => e.pushBatch(Uint32Array.of(1, 1), Float64Array.of(0, 2 ** 53 - 1), Float64Array.of(1, 1)),
    "WeirEventError", "times[1]", "no row was accepted");
  weirError(() => e.windowsFor(2 ** 53 - 1), "WeirEventError", "time");
  // The last window that fits: [2^53 - 10 - 2, 2^53 - 2) holds 2^53 - 3.
  const last = 2 ** 53 - 3;
  assert.equal(e.push({ key: 1, time: last, value: 1 }), "assigned");
  e.flush();
  const [r] = e.drain();
  assert.deepEqual([r.start, r.end], [2 ** 53 - 12, 2 ** 53 - 2]);
  // Sessions: time + gap; processing time: the arrival.
  const s = new StreamEngine({ window: { type: "session", gap: 100 } });
  weirError(() => s.push({ key: 1, time: 2 ** 53 - 50, value: 1 }), "WeirEventError", "time");
  assert.equal(s.push({ key: 1, time: 2 ** 53 - 100, value: 1 }), "assigned");
  const p = new StreamEngine({ window: { type: "tumbling", size: 10 }, timeDomain: "processing" });
  weirError(() => p.push({ key: 1, time: 0, value: 1, arrival: 2 ** 53 - 1 }), "WeirEventError", "arrival");
  assert.equal(p.push({ key: 1, time: 2 ** 53 - 1, value: 1, arrival: 0 }), "assigned", "event time does not matter there");
});

test("stateBytes is a getter equal to stats().stateBytes", () => {
  const e = new StreamEngine({ window: { type: "sliding", size: 1_000, slide: 100 } });
  assert.equal(e.stateBytes, e.stats().stateBytes);
  for (let k = 0; k < 50; k++) e.push({ key: k, time: k * 10, value: 1 });
  assert.ok(e.stateBytes > 0);
  assert.equal(e.stateBytes, e.stats().stateBytes);
  assert.equal(Object.getOwnPropertyDescriptor(StreamEngine.prototype, "stateBytes")?.set, undefined, "read-only");
});

test("messages cut a huge string value", () => {
  const e = tumbling(10, 0);
  const err = weirError(() => e.push({ key: "x".repeat(10_000_000), time: 1, value: 1 }), "WeirEventError", "key");
  assert.ok(err.message.length < 300, `${err.message.length} chars`);
  assert.ok(err.message.includes("10000000 chars"));
});

test("firing stops at maxPendingResults with windows still due; drain, flush again, nothing lost", () => {
  // Sliding 10 s / 2 ms: each event is in 5,000 windows; 20 keys fire 100,000.
  const config = { window: { type: "sliding", size: 10_000, slide: 2 }, watermark: { maxOutOfOrderness: 0 } };
  const free = new StreamEngine(config);
  const e = new StreamEngine({ ...config, limits: { maxPendingResults: 7_000 } });
  for (let k = 0; k < 20; k++) {
    free.push({ key: k, time: 5_000 + k, value: k });
    e.push({ key: k, time: 5_000 + k, value: k });
  }
  free.flush();
  const want = free.drain();
  assert.equal(want.length, 100_000);

  const err = weirError(() => e.flush(), "WeirLimitError", "limits.maxPendingResults", "maxPendingResults = 7000", "drain");
  assert.equal(err.value, "7000");
  assert.equal(e.watermark, Infinity, "the watermark is kept");
  // Undrained, nothing more fires and a push is refused.
  weirError(() => e.flush(), "WeirLimitError", "limits.maxPendingResults");
  weirError(() => e.push({ key: 1, time: 1, value: 1 }), "WeirLimitError", "limits.maxPendingResults");
  const got = e.drain();
  assert.equal(got.length, 7_000);
  let rounds = 1;
  for (;;) {
    try {
      e.flush();
      break;
    } catch (x) {
      assert.equal(x.name, "WeirLimitError", x.message);
      rounds += 1;
      for (const r of e.drain()) got.push(r);
    }
  }
  for (const r of e.drain()) got.push(r);
  // 100,000 = 14 fills of 7,000 (each a flush that threw) and 2,000 more.
  assert.equal(rounds, 14);
  assert.equal(got.length, 100_000);
  assert.deepEqual(brief(got), brief(want), "the same results in the same order as without the limit");
  const total = (rs) => rs.reduce((s, r) => s + r.sum, 0);
  assert.equal(total(got), 5_000 * (19 * 20) / 2);
  assert.equal(e.stats().firedOnTime, 100_000);
  free.free();
  e.free();
});
