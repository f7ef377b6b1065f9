// The smart factory's pipeline, off the main thread, on two module workers,
// one per engine, because the engines' pushBatch calls are most of the work
// and most phones and laptops have two cores or more. <weir-factory> starts
// each from a same-origin blob whose one line imports this file by absolute
// URL, so they also start when the widget is embedded from another origin.
// The .wasm URL comes in the "start" message (resolved on the main thread
// against the widget's own URL).
//
//   tumbling worker  SensorSimulator -> tumbling engine -> reports, then
//                    transfers the chunk's columns (no copy) ...
//   sliding worker   ... over a MessageChannel -> sliding engine -> anomaly
//                    alerts; acknowledges each chunk back to the source.
//
// Measured with bench/factory/run.mjs on a 2-core machine shared with
// another tenant (docs/benchmarks.md, "The factory widget"): at 1,000,000 events/s the
// busier worker (this shape: the tumbling one) was 38-40 % busy where the
// one-worker version was 58-64 % in the same minutes; offered 4,000,000/s
// it sustained 3.1-3.4 M/s against 2.5-2.9 M/s. The gain needs a free
// second core: on one core the two workers cost a little more CPU than one.
// Other shapes measured at 3,000,000/s offered: copying each chunk to the
// sliding worker before the tumbling push cost the source 23-62 ms per
// million events in structured clone (2.6-3.2 M/s); a simulator per worker
// on the same seed, with no messages at all, runs the simulator twice
// (2.0-2.5 M/s); this one kept up.
//
// Stages (the chapter's architecture figures):
//   ingestion  SensorSimulator.nextChunk: readings that have *arrived* by the
//              wall clock (event time runs at `speed` x wall time), with
//              network delay, out-of-order and very late readings;
//   windowing  tumbling (reports) and sliding (trend and anomaly detection),
//              one per worker, on the identical stream;
//   output     anomaly alerts over the sliding results (per-sensor EWMA
//              baseline, k standard deviations), tumbling reports for the
//              dashboard, consumer-lag alerts.
//
// Backpressure policy (stated, counted), all at the one source, so both
// engines always see the same readings: each tick processes at most
// `tickBudgetMs` of work (and at most `maxPerTick` events, a test hook), and
// the source runs at most AHEAD_CHUNKS chunks ahead of the sliding engine's
// acknowledgements; whatever is not processed waits in the simulator (lag:
// the larger of the two engines', each at its own batch boundary). When the
// source is more than `lagCapMs` of event time behind the wall clock, the
// oldest pending readings are dropped (drop-oldest) before either engine
// sees them, and counted in `dropped`.
import init, { AnomalyDetector, SensorSimulator, StreamEngine } from "../pkg/weir_wasm.js";

const STEP_MS = 50; // event time per chunk: 50,000 readings at 1,000,000/s
const STATUS_EVERY_MS = 200;
const RATE_WINDOW_MS = 1000;
// Chunks the source may have forwarded but not seen acknowledged: enough to
// keep the sliding worker busy while the source makes the next one, few
// enough that a slow sliding engine holds the source back (its lag then
// waits in the simulator, where it costs no memory, instead of queueing).
const AHEAD_CHUNKS = 4;

let wasm = null;
let run = null;

const now = () => performance.timeOrigin + performance.now(); // epoch ms, comparable across threads

function post(msg) { self.postMessage(msg); }

/** Rolling rate over the last second of wall time. */
class Meter {
  constructor() { this.samples = []; this.total = 0; }
  add(n, t) { this.total += n; this.samples.push([t, this.total]); }
  rate(t) {
    while (this.samples.length > 2 && this.samples[1][0] < t - RATE_WINDOW_MS) this.samples.shift();
    if (this.samples.length < 2) return 0;
    const [t0, n0] = this.samples[0];
    const dt = t - t0;
    return dt > 0 ? ((this.total - n0) * 1000) / dt : 0;
  }
}

const engineConfig = (cfg, name) => {
  const watermark = { maxOutOfOrderness: cfg.outOfOrdernessMs };
  if (cfg.idleTimeoutMs > 0) watermark.idleTimeout = cfg.idleTimeoutMs;
  const config = name === "tumbling"
    ? { window: { type: "tumbling", size: cfg.tumblingMs }, watermark }
    : { window: { type: "sliding", size: cfg.slidingMs, slide: cfg.slideMs }, watermark };
  // Gateways: one watermark per declared source, W the min over the active ones.
  if (cfg.sources > 1) config.sources = cfg.sources;
  return config;
};

/**
 * The simulator's gateway options: sensor k sends through gateway k % n, a
 * silenced gateway sends nothing for a stretch of arrival time.
 */
const gatewayOptions = (cfg) => ({ sources: cfg.sources, silence: cfg.silence ? [cfg.silence] : [] });

const sameStats = (a, b) => ["eventsIn", "assigned", "sideOutput", "droppedFromWindows", "firedOnTime", "firedLate", "openWindows", "stateEntries", "keys", "watermark", "maxEventTime"]
  .every((f) => a[f] === b[f]);

/**
 * One engine and what feeds it: the source's SensorSimulator (`sim`, the
 * tumbling worker, which forwards each chunk on `downstream`), or the
 * chunks arriving on `upstream` (the sliding worker).
 */
class Run {
  constructor(cfg, role) {
    this.cfg = cfg;
    this.name = role.engine; // "tumbling" | "sliding"
    this.upstream = role.upstream ?? null;
    this.downstream = role.downstream ?? null;
    const simOptions = {
      seed: cfg.seed, sensors: cfg.sensors, rateHz: cfg.rateHz, durationMs: cfg.durationMs,
      anomalies: cfg.anomalies, anomalyDurationMs: cfg.anomalyDurationMs,
      anomalyMagnitude: cfg.anomalyMagnitude, lateFraction: cfg.lateFraction,
      delayBaseMs: cfg.delayBaseMs, delaySpreadMs: cfg.delaySpreadMs,
      // Only what the engines read: the simulator then neither builds nor
      // copies out arrivals, anomaly flags or sources.
      columns: ["keys", "times", "values"],
    };
    // With gateways, every row carries its source and its arrival, so the
    // engine keeps one watermark per gateway and judges idleness on the
    // processing clock.
    this.gateways = cfg.sources > 1 || cfg.idleTimeoutMs > 0;
    if (cfg.sources > 1) Object.assign(simOptions, gatewayOptions(cfg));
    // ...and then the simulator must build those two columns as well.
    if (this.gateways) simOptions.columns = [...simOptions.columns, "arrivals", ...(cfg.sources > 1 ? ["sources"] : [])];
    this.stall = { over: false, alerted: false, since: 0, alerts: 0, ms: 0 };
    this.sim = this.upstream ? null : new SensorSimulator(simOptions);
    this.engine = new StreamEngine(engineConfig(cfg, this.name));
    this.eventsPerMs = (cfg.sensors * cfg.rateHz) / 1000;
    // Past the last arrival: the simulator's own largest delay (very late events included).
    this.endMs = SensorSimulator.arrivalEndMs(simOptions);
    this.cursor = 0; // event time up to which arrived readings were taken from the source
    this.ingested = 0;
    this.pushed = 0;
    this.dropped = 0;
    this.dropEpisodes = 0;
    this.inFlight = 0; // chunks forwarded downstream, not yet acknowledged
    this.acked = { cursor: 0, pushed: 0, at: 0, done: false }; // the downstream engine's progress, at its last batch boundary
    this.blocked = false;
    this.meters = { ingest: new Meter(), engine: new Meter(), results: new Meter(), alerts: new Meter() };
    this.busyMs = 0;
    this.stageMs = { source: 0, forward: 0, engine: 0, output: 0 }; // this worker's time per stage
    this.ticks = 0;
    this.anomalies = []; // injected: { key, start, end, alert?: id }
    this.alerts = [];
    this.digest = { results: 0, count: 0, sum: 0 };
    this.detector = null;
    if (this.name === "sliding") {
      // The core's detector (per-sensor EWMA baseline behind a delay line of
      // size / slide windows); this worker keeps only the alerts.
      this.detector = new AnomalyDetector(cfg.sensors, cfg.k, cfg.alpha, cfg.warmup, Math.ceil(cfg.slidingMs / cfg.slideMs));
      this.openAlert = new Int32Array(cfg.sensors).fill(-1); // index of the open alert per sensor
    }
    this.lag = { events: 0, seconds: 0, peakEvents: 0, peakSeconds: 0, over: false, overSince: 0, alerts: 0 };
    this.reports = [];
    this.peakWasm = wasm.memory.buffer.byteLength;
    this.peakState = 0;
    this.done = false;
    this.lastStatus = 0;
    this.wallStart = now();
    if (this.upstream) this.upstream.onmessage = (ev) => guard(() => this.receive(ev.data));
    if (this.downstream) this.downstream.onmessage = (ev) => guard(() => this.onAck(ev.data));
  }

  /** Event time the wall clock has reached (real time when speed = 1). */
  clock(t) { return Math.min(this.endMs, (t - this.wallStart) * this.cfg.speed); }


  tick() {
    if (this.done) return;
    const t0 = now();
    this.ticks++;
    let target = this.clock(t0);
    // Backpressure: beyond the lag cap, drop the oldest pending readings.
    // (The source is at most AHEAD_CHUNKS ahead of the sliding engine, so
    // its own cursor stands for both.)
    if (target - this.cursor > this.cfg.lagCapMs) {
      const to = Math.floor(target - this.cfg.lagCapMs);
      const c = this.sim.nextChunk(to);
      this.collectAnomalies(c.anomalies);
      this.dropped += c.keys.length;
      this.ingested += c.keys.length;
      this.meters.ingest.add(c.keys.length, now());
      this.dropEpisodes++;
      this.cursor = to;
      if (this.gateways) this.engine.advanceProcessingTime(to);
      this.forward({ type: "skip", until: to, dropped: c.keys.length, anomalies: c.anomalies });
    }
    let budgetEvents = this.cfg.maxPerTick;
    this.blocked = false;
    while (this.cursor < target && now() - t0 < this.cfg.tickBudgetMs && budgetEvents > 0) {
      if (this.inFlight >= AHEAD_CHUNKS) { this.blocked = true; break; }
      let until = Math.min(target, this.cursor + STEP_MS);
      if (Number.isFinite(budgetEvents)) {
        until = Math.min(until, this.cursor + Math.max(1, Math.floor(budgetEvents / this.eventsPerMs)));
      }
      until = Math.ceil(until);
      if (until <= this.cursor) break;
      budgetEvents -= this.step(until);
      target = this.clock(now());
    }
    const t1 = now();
    this.busyMs += t1 - t0;
    this.sampleLag(t1);
    if (this.cursor >= this.endMs && this.sim.done) this.finish();
    if (t1 - this.lastStatus >= STATUS_EVERY_MS || this.done) this.status(t1);
  }

  forward(msg, transfer = []) {
    if (!this.downstream) return;
    this.downstream.postMessage(msg, transfer);
    this.inFlight++;
  }

  /** Ingest every reading that arrived before `until`, window it, act on results. */
  step(until) {
    const t0 = now();
    const c = this.sim.nextChunk(until);
    this.cursor = until;
    const n = c.keys.length;
    const t = now();
    const ms = this.stageMs;
    ms.source += t - t0;
    this.ingested += n;
    this.meters.ingest.add(n, t);
    this.collectAnomalies(c.anomalies);
    if (n > 0) this.window(c.keys, c.times, c.values, c.arrivals, c.sources);
    if (this.gateways) this.idleCheck(until);
    // Forwarded after this worker's own push, when the columns are no longer
    // needed here, so they are transferred instead of copied: a copy sent
    // before the push (both engines starting at once) cost this, the busier
    // worker, more than the earlier start was worth.
    const t1 = now();
    const g = this.gateways ? { arrivals: c.arrivals, sources: c.sources } : {};
    this.forward({ type: "chunk", until, keys: c.keys, times: c.times, values: c.values, ...g, anomalies: c.anomalies },
      [c.keys.buffer, c.times.buffer, c.values.buffer, ...(this.gateways ? [c.arrivals.buffer, ...(c.sources ? [c.sources.buffer] : [])] : [])]);
    ms.forward += now() - t1;
    return n;
  }

  /** This worker's engine on one chunk, then its output logic. */
  window(keys, times, values, arrivals, sources) {
    const n = keys.length;
    const t0 = now();
    if (this.gateways) this.engine.pushBatch(keys, times, values, arrivals, sources);
    else this.engine.pushBatch(keys, times, values);
    const fired = now();
    this.meters.engine.add(n, fired);
    const r = this.engine.drainColumns();
    this.engine.drainLate();
    const t1 = now();
    this.stageMs.engine += t1 - t0;
    if (r.key.length) this.output(r, fired);
    this.stageMs.output += now() - t1;
    this.pushed += n;
  }

  output(r, firedAt) {
    if (this.name === "tumbling") this.report(r, firedAt);
    else this.detect(r, firedAt);
  }

  /** Downstream: a forwarded chunk, a skip (dropped readings), a barrier or the end. */
  receive(m) {
    if (this.done && m.type !== "barrier") return; // a checkpoint after the end still has two halves
    const t0 = now();
    if (m.type === "chunk" || m.type === "skip") {
      this.collectAnomalies(m.anomalies);
      this.cursor = m.until;
      if (m.type === "skip") {
        this.dropped += m.dropped;
        this.ingested += m.dropped;
      } else {
        this.ingested += m.keys.length;
        if (m.keys.length) this.window(m.keys, m.times, m.values, m.arrivals, m.sources);
      }
      if (this.gateways) this.idleCheck(m.until);
    } else if (m.type === "barrier") {
      this.checkpoint(m.id);
    } else if (m.type === "end") {
      this.finish();
    }
    const t1 = now();
    this.busyMs += t1 - t0;
    this.ticks++;
    this.upstream.postMessage({ type: "ack", cursor: this.cursor, pushed: this.pushed, at: t1, done: this.done });
    if (t1 - this.lastStatus >= STATUS_EVERY_MS || this.done) this.status(t1);
  }

  /** Source: the downstream engine has taken a message; carry on if that was all that held us. */
  onAck(m) {
    this.inFlight--;
    this.acked = m;
    if (this.done) {
      // The source has finished; lag and "done" now follow the downstream engine.
      this.sampleLag(now());
      if (m.done || now() - this.lastStatus >= STATUS_EVERY_MS) this.status(now());
    } else if (this.blocked && this.inFlight < AHEAD_CHUNKS) {
      this.blocked = false;
      clearTimeout(timer);
      loop();
    }
  }

  /**
   * The processing clock to the chunk's end: a gateway that sent nothing in
   * it still goes idle on time (its silence is judged on this clock, not
   * only when another gateway's row arrives); the windows this releases fire.
   */
  idleCheck(until) {
    const before = this.engine.watermark;
    this.engine.advanceProcessingTime(until);
    if (this.engine.watermark === before) return;
    const r = this.engine.drainColumns();
    this.engine.drainLate();
    if (r.key.length) this.output(r, now());
  }

  /** Which gateway holds the watermark back, and which are idle (the engine's sourceStats()). */
  gatewayStatus() {
    if (!this.gateways) return null;
    const src = this.engine.sourceStats();
    const holder = src.find((x) => x.holdsBack) ?? null;
    return {
      count: src.length, holdsBack: holder?.source ?? null, holderWatermark: holder?.watermark ?? null,
      holderLastArrival: holder?.lastArrival ?? null, idle: src.filter((x) => x.idle).map((x) => x.source),
      watermark: this.engine.watermark, behindMs: this.watermarkBehind(),
    };
  }

  /** How far W trails the newest arrival taken (the watermark's own lag, not the consumer's). */
  watermarkBehind() {
    const w = this.engine.watermark;
    return w === Infinity ? 0 : Math.max(0, this.cursor - w);
  }

  /**
   * The stall alert (the source only): W more than `stallMs` behind the
   * newest arrival taken, for `lagSustainMs`, names the gateway holding it.
   */
  sampleStall(t) {
    const s = this.stall;
    s.ms = this.watermarkBehind();
    const over = s.ms >= this.cfg.stallMs;
    if (over && !s.over) { s.over = true; s.since = t; s.alerted = false; }
    if (!over && s.over) {
      if (s.alerted) post({ type: "stall-clear", engine: this.name, at: t, behindMs: s.ms });
      s.over = false;
    }
    if (s.over && !s.alerted && t - s.since >= this.cfg.lagSustainMs) {
      s.alerted = true;
      s.alerts++;
      post({ type: "stall-alert", engine: this.name, at: t, behindMs: s.ms, thresholdMs: this.cfg.stallMs, clock: this.cursor, gateways: this.gatewayStatus() });
    }
  }

  collectAnomalies(list) {
    // An anomaly that starts before a sensor's baseline has seen one full
    // window of clean data cannot be told from the baseline: "warm-up".
    const warm = this.cfg.slidingMs + (this.cfg.warmup + 1) * this.cfg.slideMs;
    for (const a of list) this.anomalies.push({ key: a.key, start: a.start, end: a.end, alert: -1, warmup: a.start < warm });
  }

  /** Tumbling results: one dashboard report per window end. */
  report(r, firedAt) {
    const d = this.digest;
    const byEnd = new Map();
    for (let i = 0; i < r.key.length; i++) {
      d.results++; d.count += r.count[i]; d.sum += r.sum[i];
      const end = r.end[i];
      let rep = byEnd.get(end);
      if (!rep) byEnd.set(end, (rep = { start: r.start[i], end, sensors: 0, events: 0, sum: 0, min: Infinity, max: -Infinity, late: 0 }));
      rep.sensors++; rep.events += r.count[i]; rep.sum += r.sum[i];
      if (r.min[i] < rep.min) rep.min = r.min[i];
      if (r.max[i] > rep.max) rep.max = r.max[i];
      rep.late += r.late[i];
    }
    this.meters.results.add(r.key.length, firedAt);
    const reports = [...byEnd.values()].map((rep) => ({ ...rep, mean: rep.sum / rep.events }));
    this.reports.push(...reports);
    if (this.reports.length > 6) this.reports.splice(0, this.reports.length - 6);
    post({ type: "fired", engine: "tumbling", firedAt, results: r.key.length, reports });
  }

  /**
   * Output logic over the sliding windows' results (the windowing itself is
   * the engine's): a sensor whose window mean is more than k baseline
   * standard deviations from its baseline raises one alert per episode.
   * The judging is the core's AnomalyDetector (weir_core::sim, tested
   * natively): an EWMA baseline of the sensor's earlier windows behind a
   * delay line of size / slide windows, so no window overlapping the one
   * judged is in it; anomalous windows never enter it. Here: the alerts,
   * matched with the injected anomalies.
   */
  detect(r, firedAt) {
    const d = this.digest;
    for (let i = 0; i < r.key.length; i++) { d.results++; d.count += r.count[i]; d.sum += r.sum[i]; }
    const v = this.detector.judge(r.key, r.mean, r.variance);
    const fresh = [];
    for (let n = 0; n < v.rows.length; n++) {
      const i = v.rows[n];
      const key = r.key[i];
      if (v.opens[n]) {
        const alert = {
          id: this.alerts.length, kind: "anomaly", key, start: r.start[i], end: r.end[i],
          mean: r.mean[i], baseline: v.baseline[n], sd: v.sd[n], z: v.z[n], firedAt, anomaly: -1, eventLatencyMs: null,
        };
        const a = this.anomalies.find((x) => x.key === key && x.start < alert.end && alert.start < x.end);
        if (a) {
          alert.anomaly = this.anomalies.indexOf(a);
          if (a.alert < 0) a.alert = alert.id;
          alert.eventLatencyMs = alert.end - a.start;
          alert.anomalyStart = a.start;
        }
        this.openAlert[key] = alert.id;
        this.alerts.push(alert);
        fresh.push(alert);
      } else {
        this.alerts[this.openAlert[key]].lastEnd = r.end[i];
      }
    }
    this.meters.results.add(r.key.length, firedAt);
    if (fresh.length) this.meters.alerts.add(fresh.length, firedAt);
    post({ type: "fired", engine: "sliding", firedAt, results: r.key.length, alerts: fresh });
  }

  /**
   * Consumer lag, each engine's at its own batch boundary (this one's now,
   * at the end of a tick; the sliding one's as of its last acknowledgement):
   * events due by the wall clock minus events taken, the larger of the two.
   * Sampling each engine where it has caught up with what it was given
   * keeps the chunks in flight between the workers (a few ms when the
   * sliding engine keeps up) from reading as lag; a sliding engine that
   * does not keep up holds this source back, so the lag shows here too.
   */
  sampleLag(t) {
    const a = this.acked;
    const lag = this.lag;
    lag.secondsByEngine = {
      tumbling: Math.max(0, this.clock(t) - this.cursor) / 1000,
      sliding: a.at ? Math.max(0, this.clock(a.at) - a.cursor) / 1000 : 0,
    };
    const behindMs = 1000 * Math.max(lag.secondsByEngine.tumbling, lag.secondsByEngine.sliding);
    lag.seconds = behindMs / 1000;
    lag.events = Math.round(behindMs * this.eventsPerMs);
    lag.pushed = Math.min(this.pushed, a.pushed); // through both engines
    lag.due = lag.pushed + this.dropped + lag.events;
    lag.peakEvents = Math.max(lag.peakEvents, lag.events);
    lag.peakSeconds = Math.max(lag.peakSeconds, lag.seconds);
    const over = lag.events >= this.cfg.lagAlertEvents || lag.seconds * 1000 >= this.cfg.lagAlertMs;
    if (over && !lag.over) { lag.over = true; lag.overSince = t; lag.alerted = false; }
    if (!over && lag.over && lag.events < this.cfg.lagAlertEvents / 2 && lag.seconds * 1000 < this.cfg.lagAlertMs / 2) {
      if (lag.alerted) post({ type: "lag-clear", engine: this.name, at: t, lag: { ...lag } });
      lag.over = false;
    }
    if (lag.over && !lag.alerted && t - lag.overSince >= this.cfg.lagSustainMs) {
      lag.alerted = true;
      lag.alerts++;
      post({ type: "lag-alert", engine: this.name, at: t, lag: { ...lag }, thresholds: { events: this.cfg.lagAlertEvents, ms: this.cfg.lagAlertMs }, gateways: this.gatewayStatus() });
    }
    if (this.gateways) this.sampleStall(t);
  }

  finish() {
    // End of the stream: every window still open fires.
    this.forward({ type: "end" });
    this.engine.flush();
    const r = this.engine.drainColumns();
    if (r.key.length) this.output(r, now());
    this.engine.drainLate();
    this.done = true;
  }

  status(t) {
    this.lastStatus = t;
    const stats = this.engine.stats();
    const wasmBytes = wasm.memory.buffer.byteLength;
    this.peakWasm = Math.max(this.peakWasm, wasmBytes);
    this.peakState = Math.max(this.peakState, stats.stateBytes);
    const m = this.meters;
    if (this.name === "sliding") {
      for (const a of this.anomalies) {
        if (a.alert < 0 && !a.missed && !a.warmup && stats.watermark >= a.end + this.cfg.slidingMs) a.missed = true;
      }
    }
    post({
      type: "status", engine: this.name, at: t,
      done: this.done && (this.upstream !== null || this.acked.done),
      clock: this.clock(t), cursor: this.cursor, elapsedMs: t - this.wallStart, endMs: this.endMs,
      rates: {
        ingest: m.ingest.rate(t), engine: m.engine.rate(t), results: m.results.rate(t), alerts: m.alerts.rate(t),
        target: this.eventsPerMs * 1000 * this.cfg.speed,
      },
      totals: {
        ingested: this.ingested, pushed: this.pushed, dropped: this.dropped, dropEpisodes: this.dropEpisodes,
        results: m.results.total, alerts: this.alerts.length,
        busyMs: this.busyMs, ticks: this.ticks, stageMs: { ...this.stageMs },
      },
      lag: this.upstream ? null : { ...this.lag },
      stats,
      memory: { wasmBytes, peakWasm: this.peakWasm, peakState: this.peakState },
      anomalies: this.name === "sliding" ? this.anomalies.map((a) => ({ ...a })) : null,
      reports: this.name === "tumbling" ? this.reports : null,
      digest: this.digest,
      gateways: this.gatewayStatus(),
    });
  }

  /**
   * Checkpoint this engine, drop it, restore from the bytes, compare. A
   * source then sends a barrier after its last forwarded chunk, so the
   * downstream engine checkpoints at the same source offset.
   */
  checkpoint(id) {
    const before = { stats: this.engine.stats(), pushed: this.pushed, cursor: this.cursor };
    const t0 = now();
    const bytes = this.engine.snapshot();
    const t1 = now();
    this.engine.free();
    this.engine = StreamEngine.restore(bytes);
    const t2 = now();
    const after = { stats: this.engine.stats(), pushed: this.pushed, cursor: this.cursor };
    // (stateBytes is measured from allocations: a restored engine's tables
    // are sized to fit, so it may differ; it is shown, not compared.)
    post({
      type: "checkpoint", engine: this.name, id, at: t2, before, after, ok: sameStats(before.stats, after.stats),
      bytes: bytes.length, snapshotMs: t1 - t0, restoreMs: t2 - t1, sourceOffsetMs: this.cursor,
    });
    if (this.downstream) this.forward({ type: "barrier", id });
  }

  free() {
    for (const o of [this.sim, this.engine, this.detector]) {
      try { o?.free(); } catch { /* already freed */ }
    }
    for (const p of [this.upstream, this.downstream]) p?.close();
  }
}

let timer = 0;
let loopChannel = null;

function guard(fn) {
  try {
    fn();
  } catch (err) {
    post({ type: "error", message: String(err?.message ?? err) });
    if (run) run.done = true;
  }
}

function schedule() {
  if (!run || run.done || run.upstream || run.blocked) return; // blocked: the next ack resumes
  const behind = run.clock(now()) - run.cursor;
  if (Number.isFinite(run.cfg.maxPerTick)) {
    timer = setTimeout(loop, run.cfg.tickMs);
  } else if (behind >= STEP_MS) {
    loopChannel.port2.postMessage(0); // behind: yield for messages only, then go on
  } else {
    timer = setTimeout(loop, Math.max(1, (STEP_MS - behind) / run.cfg.speed));
  }
}

function loop() {
  timer = 0;
  if (!run) return;
  guard(() => run.tick());
  schedule();
}

const DEFAULTS = {
  seed: 7, sensors: 1000, rateHz: 10, durationMs: 300_000, speed: 1,
  anomalies: 4, anomalyDurationMs: 5_000, anomalyMagnitude: 6, lateFraction: 0.01,
  delayBaseMs: 50, delaySpreadMs: 200, outOfOrdernessMs: 250,
  tumblingMs: 10_000, slidingMs: 10_000, slideMs: 1_000,
  k: 2, alpha: 0.2, warmup: 3,
  lagAlertEvents: 10_000, lagAlertMs: 60_000, lagSustainMs: 1_000, lagCapMs: 120_000,
  sources: 1, idleTimeoutMs: 0, silence: null, stallMs: 5_000,
  tickBudgetMs: 40, maxPerTick: Infinity, tickMs: 50,
};

self.onmessage = async (ev) => {
  const m = ev.data;
  try {
    if (m.type === "start") {
      // Two phases: each worker loads wasm and builds its engine ("ready"),
      // then all start on one wall clock ("go"), so their lags compare.
      if (!wasm) wasm = await init({ module_or_path: m.wasmUrl });
      if (run) run.free();
      clearTimeout(timer);
      const cfg = { ...DEFAULTS };
      for (const [k, v] of Object.entries(m.config ?? {})) if (v !== undefined && v !== null) cfg[k] = v;
      if (!(cfg.maxPerTick > 0)) cfg.maxPerTick = Infinity;
      run = new Run(cfg, m.role);
      if (!loopChannel) {
        loopChannel = new MessageChannel();
        loopChannel.port1.onmessage = loop;
      }
      post({ type: "ready", engine: run.name });
    } else if (m.type === "go" && run) {
      run.wallStart = m.wallStart;
      const { cfg } = run;
      post({ type: "started", engine: run.name, at: now(), config: { ...cfg, maxPerTick: Number.isFinite(cfg.maxPerTick) ? cfg.maxPerTick : null } });
      if (!run.upstream) loop();
    } else if (m.type === "set" && run) {
      // Output-stage settings apply at once; windows and the source need a restart.
      for (const k of ["k", "lagAlertEvents", "lagAlertMs", "lagSustainMs", "lagCapMs", "maxPerTick"]) {
        if (m.config[k] !== undefined) run.cfg[k] = m.config[k] > 0 || k === "k" ? m.config[k] : Infinity;
      }
      if (run.detector && m.config.k !== undefined) run.detector.k = run.cfg.k;
    } else if (m.type === "checkpoint" && run) {
      run.checkpoint(m.id); // sent to the source; the sliding worker checkpoints at its barrier
    } else if (m.type === "stop") {
      clearTimeout(timer);
      if (run) run.free();
      run = null;
      post({ type: "stopped", at: now() });
    }
  } catch (err) {
    post({ type: "error", message: String(err?.message ?? err) });
  }
};
