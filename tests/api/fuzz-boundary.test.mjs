// Boundary fuzz: engines fed a random mix of good calls and hostile values
// (getters that throw or call the engine back, Proxies with throwing traps,
// revoked Proxies, inherited and symbol-keyed fields, fake, lying, Proxy
// and detached typed arrays). Every call must return normally or throw a
// named Weir error (never a wasm trap, never a non-Error, never a panic on
// the console). Afterwards each engine's output must equal a fresh engine
// fed only the data it accepted, and a fresh engine must give the known
// answer for a known stream.
//
// Seeded: WEIR_FUZZ_SEED=<n> reproduces a run (the seed is printed);
// WEIR_FUZZ_BOUNDARY_ENGINES=<n> changes how many engines (default 200).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { StreamEngine, brief, seededRandom } from "./weir.mjs";

const SEED = Number(process.env.WEIR_FUZZ_SEED ?? 20_251_201) >>> 0;
const ENGINES = Number(process.env.WEIR_FUZZ_BOUNDARY_ENGINES ?? 200);
console.log(`# boundary fuzz seed ${SEED} (WEIR_FUZZ_SEED=${SEED} reproduces), ${ENGINES} engines`);

const { rnd, int, chance, pick } = seededRandom(SEED);

const KINDS = ["WeirConfigError", "WeirEventError", "WeirLimitError", "WeirSnapshotError"];
const consoleErrors = [];
const realConsoleError = console.error;
console.error = (...args) => consoleErrors.push(args.join(" "));
after(() => {
  console.error = realConsoleError;
});

const tally = { calls: 0, ok: 0, threw: 0, hostile: 0 };
/** Runs `fn`; a throw must be a Weir error with a field. */
function attempt(what, fn) {
  tally.calls++;
  try {
    const r = fn();
    tally.ok++;
    return { ok: true, r };
  } catch (e) {
    tally.threw++;
    const ok = e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && KINDS.includes(e.name) &&
      typeof e.field === "string" && e.field.length > 0 && typeof e.value === "string";
    if (!ok) {
      const shown = e instanceof Error ? `${e.name} (${e.constructor.name}): ${e.message}` : `non-Error ${String(e)}`;
      assert.fail(`seed ${SEED}: ${what} threw ${shown}`);
    }
    return { ok: false, e };
  }
}

const CONFIGS = [
  { window: { type: "tumbling", size: 1_000 }, watermark: { maxOutOfOrderness: 200 } },
  { window: { type: "sliding", size: 2_000, slide: 500 }, allowedLateness: 1_000 },
  { window: { type: "session", gap: 300 }, watermark: { maxOutOfOrderness: 100 }, allowedLateness: 500 },
  { window: { type: "tumbling", size: 1_000 }, timeDomain: "processing" },
  { window: { type: "sliding", size: 1_000, slide: 10 }, limits: { maxQueryResults: 500, maxPendingResults: 2_000 } },
];

const revoked = () => {
  const r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
};
const boom = () => {
  throw pick([new Error("boom"), new TypeError("type boom"), 42, "text", null, Symbol("s"), { get message() { throw new Error("inner"); } }]);
};

/** A hostile stand-in for the plain event `ev` (reading it throws, or its shape is wrong). */
function hostileEvent(ev, engine) {
  const field = pick(Object.keys(ev));
  switch (int(9)) {
    case 0: { // a getter that throws
      const o = { ...ev };
      Object.defineProperty(o, field, { get: boom, enumerable: true });
      return o;
    }
    case 1: // a Proxy whose get trap throws
      return new Proxy({ ...ev }, { get: boom });
    case 2: // a Proxy whose ownKeys trap throws
      return new Proxy({ ...ev }, { ownKeys: boom });
    case 3:
      return revoked();
    case 4: { // the field only inherited
      const own = { ...ev };
      delete own[field];
      return Object.assign(Object.create({ [field]: ev[field] }), own);
    }
    case 5:
      return { ...ev, [Symbol("x")]: 1 };
    case 6: { // a getter calling the engine back
      const o = { ...ev };
      Object.defineProperty(o, field, { get: () => engine.push(ev), enumerable: true });
      return o;
    }
    case 7: // a Proxy whose has / getOwnPropertyDescriptor traps throw
      return new Proxy({ ...ev }, { has: boom, getOwnPropertyDescriptor: boom });
    default: { // a non-enumerable extra field
      const o = { ...ev };
      Object.defineProperty(o, "extra", { value: 1 });
      return o;
    }
  }
}

/** An event a config accepts most of the time. */
function plainEvent(processing) {
  const ev = { key: int(8), time: int(30_000), value: Math.round(rnd() * 1_000) / 10 };
  if (processing) ev.arrival = int(30_000);
  return ev;
}

const taSlice = (a) => Object.getPrototypeOf(Uint8Array.prototype).slice.call(a);
function detached(a) {
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

/**
 * Columns for a batch, some replaced by hostile stand-ins. Returns the
 * arguments and, when the batch would be accepted, the real data (a lying
 * `length` does not change what is read).
 */
function batch(processing) {
  const n = int(30);
  const keys = Uint32Array.from({ length: n }, () => int(8));
  const times = Float64Array.from({ length: n }, () => int(30_000));
  const values = Float64Array.from({ length: n }, () => Math.round(rnd() * 100));
  const arrivals = processing ? Float64Array.from({ length: n }, () => int(30_000)) : undefined;
  const cols = [keys, times, values, arrivals];
  const real = cols.map((c) => c && taSlice(c));
  let valid = true;
  if (chance(0.5)) {
    const i = int(processing ? 4 : 3);
    const kind = int(6);
    if (kind === 0) {
      Object.defineProperty(cols[i], "length", { value: pick([-1, 0, n + 3, 1e9, NaN]) }); // a lie: still valid
    } else if (kind === 1) {
      cols[i] = new Proxy(cols[i], {});
      valid = false;
    } else if (kind === 2) {
      cols[i] = revoked();
      valid = false;
    } else if (kind === 3) {
      cols[i] = Object.create(Object.getPrototypeOf(cols[i]));
      valid = false;
    } else if (kind === 4) {
      cols[i] = detached(cols[i]);
      valid = n === 0;
    } else {
      cols[i] = new Proxy(cols[i], { get: boom });
      valid = false;
    }
    tally.hostile++;
  }
  return { args: cols, real: valid ? real : null };
}

/** Plays the accepted data on a fresh engine and returns its output. */
function replayLog(cfg, log) {
  const e = new StreamEngine(cfg);
  const results = [];
  for (const [op, ...args] of log) {
    if (op === "push") e.push(...args);
    else if (op === "batch") e.pushBatch(...args);
    else if (op === "drain") for (const r of e.drain()) results.push(r);
  }
  e.flush();
  for (const r of e.drain()) results.push(r);
  const out = { results, late: e.drainLate(), eventsIn: e.stats().eventsIn };
  e.free();
  return out;
}

test(`boundary fuzz: ${ENGINES} engines under hostile values; accepted data gives the same output`, () => {
  const t0 = performance.now();
  let snapshots = 0;
  for (let n = 0; n < ENGINES; n++) {
    const cfg = pick(CONFIGS);
    const processing = cfg.timeDomain === "processing";
    const e = new StreamEngine(cfg);
    const log = [];
    const results = [];
    const late = [];
    for (let k = 0, ops = 20 + int(60); k < ops; k++) {
      const r = rnd();
      if (r < 0.45) {
        const ev = plainEvent(processing);
        const hostile = chance(0.4);
        if (hostile) tally.hostile++;
        const arg = hostile ? hostileEvent(ev, e) : ev;
        const res = attempt(`push on ${JSON.stringify(cfg)}`, () => e.push(arg));
        if (res.ok) log.push(["push", ev]);
      } else if (r < 0.7) {
        const b = batch(processing);
        const res = attempt("pushBatch", () => e.pushBatch(...b.args));
        if (res.ok) {
          assert.ok(b.real, `seed ${SEED}: a hostile batch was accepted`);
          assert.equal(res.r, b.real[0].length, "every real row, no phantom one");
          log.push(["batch", ...b.real]);
        } else if (b.real && res.e.accepted > 0) {
          log.push(["batch", ...b.real.map((c) => c && c.slice(0, res.e.accepted))]);
        }
      } else if (r < 0.78) {
        const bad = pick([revoked(), new Proxy({ window: { type: "tumbling", size: 10 } }, { ownKeys: boom }),
          Object.create({ window: { type: "tumbling", size: 10 } }), { window: revoked() },
          { window: { type: "tumbling", get size() { boom(); } } }]);
        tally.hostile++;
        const res = attempt("new StreamEngine(hostile)", () => new StreamEngine(bad));
        assert.ok(!res.ok, "a hostile config is refused");
      } else if (r < 0.84) {
        const bad = pick([revoked(), new Proxy(e.snapshot(), {}), detached(e.snapshot()), Object.create(Uint8Array.prototype),
          (() => { const s = e.snapshot(); Object.defineProperty(s, "length", { value: 1e9 }); return s; })()]);
        tally.hostile++;
        const res = attempt("restore(hostile)", () => StreamEngine.restore(bad));
        snapshots++;
        if (res.ok) res.r.free(); // only the lying length is real bytes
      } else if (r < 0.9) {
        const res = attempt("openWindows", () => e.openWindows());
        if (res.ok) assert.ok(res.r.every((o) => o.start < o.end));
      } else if (r < 0.96) {
        const res = attempt("drain", () => e.drain());
        if (res.ok) {
          for (const x of res.r) results.push(x);
          log.push(["drain"]);
        }
      } else {
        // Round-trip through a snapshot: the copy carries on like the original.
        const copy = StreamEngine.restore(e.snapshot());
        snapshots++;
        assert.deepEqual(copy.stats().eventsIn, e.stats().eventsIn);
        copy.free();
      }
    }
    e.flush();
    for (const x of e.drain()) results.push(x);
    for (const x of e.drainLate()) late.push(x);
    const fresh = replayLog(cfg, log);
    assert.deepEqual(results, fresh.results, `seed ${SEED}: results differ from the accepted data's, ${JSON.stringify(cfg)}`);
    assert.deepEqual(late, fresh.late, `seed ${SEED}: side output differs`);
    assert.equal(e.stats().eventsIn, fresh.eventsIn);
    e.free();
  }
  assert.deepEqual(consoleErrors, [], "nothing printed to console.error (a panic prints there)");
  // A fresh engine, after all that, gives the known answer.
  const f = new StreamEngine({ window: { type: "tumbling", size: 10 } });
  f.pushBatch(Uint32Array.of(1, 2, 1), Float64Array.of(1, 2, 15), Float64Array.of(2, 3, 4));
  f.flush();
  assert.deepEqual(brief(f.drain()), [[1, 0, 10, 1, 2, 2, 2, "on-time"], [2, 0, 10, 1, 3, 3, 3, "on-time"],
    [1, 10, 20, 1, 4, 4, 4, "on-time"]]);
  console.log(`# boundary fuzz: ${ENGINES} engines, ${tally.calls} calls (${tally.hostile} hostile), ` +
    `${tally.ok} worked, ${tally.threw} threw a Weir error, ${snapshots} snapshots restored or refused, ` +
    `${Math.round(performance.now() - t0)} ms`);
});
