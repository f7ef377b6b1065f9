// Where a widget's events come from: its `events` property, a CSV named by
// its `src` attribute, or the wasm simulator. Also: an engine run that keeps
// what the widgets draw (outcomes, results, late events, measured state).
import { StreamEngine, simulateSensors } from "../weir.js";
import { parseEventsCsv } from "./units.js";

const csvCache = new Map();

/** Resolves to the element's events, in arrival order. */
export async function loadEvents(el, simOptions) {
  if (Array.isArray(el._events)) return { events: el._events, source: "events property" };
  const src = el.getAttribute("src");
  if (src) {
    const url = new URL(src, document.baseURI).href;
    if (!csvCache.has(url)) {
      csvCache.set(url, fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${src}: HTTP ${r.status}`);
        return r.text();
      }).then(parseEventsCsv));
    }
    try {
      return { events: await csvCache.get(url), source: src };
    } catch (err) {
      csvCache.delete(url);
      throw err;
    }
  }
  const sim = simulateSensors({ anomalies: 0, ...simOptions });
  const events = [];
  for (let i = 0; i < sim.keys.length; i++) {
    events.push({ key: sim.keys[i], time: sim.times[i], value: sim.values[i], arrival: sim.arrivals[i] });
  }
  return { events, source: `simulated (seed ${simOptions.seed})` };
}

/**
 * One engine fed step by step. Keeps each event's outcome, every result
 * fired so far, the side output and the peak of the engine's own measured
 * state (the `stateBytes` getter: no scan of the keys, unlike `stats()`).
 */
export class EngineRun {
  constructor(config, events) {
    this.config = config;
    this.events = events;
    this.reset();
  }

  reset() {
    this.engine?.free();
    this.engine = new StreamEngine(this.config);
    this.cursor = 0;
    this.flushed = false;
    this.outcomes = new Array(this.events.length).fill(null);
    this.results = [];
    this.late = [];
    this.watermarks = [];
    this.peakStateBytes = 0;
  }

  /** Pushes events up to index `to` (exclusive); flushes when `to` is the end and `flush`. */
  runTo(to, { flush = true } = {}) {
    if (to < this.cursor || (this.flushed && !flush)) this.reset();
    while (this.cursor < Math.min(to, this.events.length)) {
      const e = this.events[this.cursor];
      const ev = { key: e.key, time: e.time, value: e.value };
      if (e.arrival !== undefined) ev.arrival = e.arrival;
      this.outcomes[this.cursor] = this.engine.push(ev);
      this.watermarks[this.cursor] = this.engine.watermark;
      this.cursor++;
      this.peakStateBytes = Math.max(this.peakStateBytes, this.engine.stateBytes);
    }
    if (flush && to >= this.events.length && !this.flushed) {
      this.engine.flush();
      this.flushed = true;
    }
    // A loop, not push(...drained): spreading hundreds of thousands of
    // results overflows the call stack.
    for (const r of this.engine.drain()) this.results.push(r);
    for (const l of this.engine.drainLate()) this.late.push(l);
    return this;
  }

  get watermark() { return this.engine.watermark; }
  stats() { return this.engine.stats(); }
  windowsFor(t) { return this.engine.windowsFor(t); }
  openWindows() { return this.engine.openWindows(); }

  free() {
    this.engine?.free();
    this.engine = null;
  }
}
